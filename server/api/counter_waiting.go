package api

import (
	"fmt"
	"sort"

	"github.com/gofiber/fiber/v2"

	"luot/server/queue"
)

// waitingScan is how many waiting tickets, from the first in calling order, a search by
// number looks through — more than a provincial centre's queues hold at the opening rush of
// its busiest day (a tenth of 1,500 tickets), and a bound on what one request reads. The
// number typed exactly is found wherever it waits (the day's number index).
const waitingScan = 500

// siteWaiting lists the tickets of a site that wait now, in calling order (reserved ones
// included, with reserved_for), for staff of the site: GET /sites/{site}/waiting?q=A012&limit=.
// The workstation uses it to call a given number and to show what was transferred to its
// counter. With q, the numbers that are exactly the one typed come first, and total counts
// the matches; without, total counts every waiting ticket. It reads the queues' heads, never
// the day's tickets: without q the first limit, with q the first waitingScan.
func (s *Server) siteWaiting(c *fiber.Ctx) error {
	siteID := c.Params("site")
	a := actor(c)
	if !queue.WorksAt(a, s.Engine.Org(), siteID) {
		return a.Refused(false)
	}
	org := s.Engine.Org()
	site := org.Site(siteID)
	if site == nil {
		return queue.Fail("unknown_site", fmt.Sprintf("no site %q", siteID))
	}
	q, err := parseNumberQuery(c.Query("q"))
	if err != nil {
		return err
	}
	limit, err := queryLimit(c, 100, 500)
	if err != nil {
		return err
	}
	n, numbers := limit, []string(nil)
	if q.raw != "" {
		n = waitingScan
		var prefixes []string
		for _, id := range site.Services {
			if svc := org.Service(id); svc != nil {
				prefixes = append(prefixes, svc.Prefix)
			}
		}
		numbers = q.numbers(prefixes)
	}
	ctx := c.UserContext()
	day := queue.LocalDay(s.Engine.Now(), site.Location())
	w, err := s.Store.WaitingInOrder(ctx, siteID, site.Services, queue.CounterIDs(site), n, day, numbers)
	if err != nil {
		return err
	}
	type hit struct {
		id    string
		exact bool
	}
	hits := make([]hit, 0, len(w.First))
	seen := map[string]bool{}
	for _, t := range w.First {
		if ok, exact := q.match(t.Number); ok {
			hits = append(hits, hit{t.ID, exact})
			seen[t.ID] = true
		}
	}
	for _, id := range w.Found {
		if !seen[id] {
			hits = append(hits, hit{id, true})
		}
	}
	sort.SliceStable(hits, func(i, j int) bool { return hits[i].exact && !hits[j].exact })
	total := w.Total
	if q.raw != "" {
		total = len(hits)
	}
	ids := make([]string, 0, min(len(hits), limit))
	for i := 0; i < len(hits) && i < limit; i++ {
		ids = append(ids, hits[i].id)
	}
	tickets, err := s.Store.TicketRecords(ctx, siteID, ids)
	if err != nil {
		return err
	}
	out := make([]*queue.Ticket, 0, len(tickets))
	for _, t := range tickets {
		if t.Status == queue.Waiting { // not called since the queues were read
			out = append(out, t)
		}
	}
	return c.JSON(fiber.Map{"site": siteID, "total": total, "tickets": out})
}
