package api

import (
	"fmt"
	"strconv"
	"time"

	"github.com/gofiber/fiber/v2"

	"luot/server/queue"
)

// queueView is one service queue of a counter as the workstation shows it: how many wait,
// since when the longest has waited, and the next numbers in calling order.
type queueView struct {
	ID             string          `json:"id"`
	Name           string          `json:"name"`
	NameEn         string          `json:"name_en"`
	Prefix         string          `json:"prefix"`
	Waiting        int             `json:"waiting"`
	OldestIssuedAt *time.Time      `json:"oldest_issued_at"`
	LongestWaitMin int             `json:"longest_wait_min"`
	Next           []*queue.Ticket `json:"next"`
}

// queueScan is how many waiting tickets of a queue are read to find the one waiting longest:
// priority tickets come first in calling order, so unless more than this many priority
// tickets wait, the oldest normal ticket is among them.
const queueScan = 50

// counterQueues answers the queues a counter serves (its services of the day, in its order of
// preference) for staff of the site: GET /sites/{site}/counters/{counter}/queues?limit=5.
// last_event is the id of the last event the counts reflect, so that a page following the
// live feed applies only the events after it.
func (s *Server) counterQueues(c *fiber.Ctx) error {
	site, counterID := c.Params("site"), c.Params("counter")
	a := actor(c)
	if !queue.WorksAt(a, s.Engine.Org(), site) {
		return a.Refused(false)
	}
	limit, err := queryLimit(c, 5, queueScan)
	if err != nil {
		return err
	}
	ctx := c.UserContext()
	v, err := s.Engine.Site(ctx, site)
	if err != nil {
		return err
	}
	var ctr *queue.Counter
	for _, x := range v.Counters {
		if x.ID == counterID {
			ctr = x
		}
	}
	if ctr == nil {
		return queue.Fail("unknown_counter", fmt.Sprintf("no counter %q at %s", counterID, site))
	}
	now := s.Engine.Now()
	out := make([]queueView, 0, len(ctr.Services))
	for _, sid := range ctr.Services {
		qv := queueView{ID: sid, Next: []*queue.Ticket{}}
		for _, sv := range v.Services {
			if sv.ID == sid {
				qv.Name, qv.NameEn, qv.Prefix, qv.Waiting = sv.Name, sv.NameEn, sv.Prefix, sv.Waiting
			}
		}
		ts, err := s.Engine.Waiting(ctx, site, sid, queueScan)
		if err != nil {
			return err
		}
		for i, t := range ts {
			if i < limit {
				qv.Next = append(qv.Next, t)
			}
			if qv.OldestIssuedAt == nil || t.IssuedAt.Before(*qv.OldestIssuedAt) {
				at := t.IssuedAt
				qv.OldestIssuedAt = &at
			}
		}
		if qv.OldestIssuedAt != nil {
			qv.LongestWaitMin = max(0, int(now.Sub(*qv.OldestIssuedAt)/time.Minute))
		}
		out = append(out, qv)
	}
	return c.JSON(fiber.Map{"site": site, "counter": counterID, "state": ctr.State, "at": now,
		"last_event": v.LastEvent, "services": out})
}

// queryLimit reads the optional ?limit= of a list: def when absent, 1..most, or a 400.
func queryLimit(c *fiber.Ctx, def, most int) (int, error) {
	raw := c.Query("limit")
	if raw == "" {
		return def, nil
	}
	n, err := strconv.Atoi(raw)
	if err != nil || n < 1 || n > most {
		return 0, bad("bad_limit", fmt.Sprintf("limit must be a whole number from 1 to %d", most))
	}
	return n, nil
}
