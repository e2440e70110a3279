package api

import (
	"fmt"
	"sort"

	"github.com/gofiber/fiber/v2"

	"luot/server/queue"
)

// siteWaiting lists the tickets of a site that wait now, in calling order (reserved ones
// included, with reserved_for), for staff of the site: GET /sites/{site}/waiting?q=A012&limit=.
// The workstation uses it to call a given number and to show what was transferred to its
// counter. With q, the numbers that are exactly the one typed come first.
func (s *Server) siteWaiting(c *fiber.Ctx) error {
	siteID := c.Params("site")
	a := actor(c)
	if !queue.WorksAt(a, s.Engine.Org(), siteID) {
		return allowedErr(a)
	}
	site := s.Engine.Org().Site(siteID)
	if site == nil {
		return queue.Fail(queue.ErrNotFound, "unknown_site", fmt.Sprintf("no site %q", siteID))
	}
	q, err := parseNumberQuery(c.Query("q"))
	if err != nil {
		return err
	}
	limit, err := queryLimit(c, 100, 500)
	if err != nil {
		return err
	}
	day := queue.LocalDay(s.Engine.Now(), site.Location())
	all, err := s.Store.DayTickets(c.UserContext(), siteID, day)
	if err != nil {
		return err
	}
	type hit struct {
		t     *queue.Ticket
		exact bool
	}
	var hits []hit
	for _, t := range all {
		if t.Status != queue.Waiting {
			continue
		}
		if ok, exact := q.match(t.Number); ok {
			hits = append(hits, hit{t, exact})
		}
	}
	sort.SliceStable(hits, func(i, j int) bool {
		x, y := hits[i], hits[j]
		if x.exact != y.exact {
			return x.exact
		}
		if cx, cy := queue.PriorityClass(x.t.Priority), queue.PriorityClass(y.t.Priority); cx != cy {
			return cx < cy
		}
		return x.t.Order < y.t.Order
	})
	out := make([]*queue.Ticket, 0, min(len(hits), limit))
	for i := 0; i < len(hits) && i < limit; i++ {
		out = append(out, hits[i].t)
	}
	return c.JSON(fiber.Map{"site": siteID, "total": len(hits), "tickets": out})
}
