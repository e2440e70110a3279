package api

import (
	"context"
	"fmt"
	"strconv"

	"github.com/gofiber/fiber/v2"

	"luot/server/queue"
)

// counterQueues answers the queues a counter serves (queue.Engine.CounterQueues):
// GET /sites/{site}/counters/{counter}/queues?limit=5.
func (s *Server) counterQueues(c *fiber.Ctx) error {
	return listed(c, 5, queue.QueueScan, func(ctx context.Context, a queue.Actor, limit int) (any, error) {
		return s.Engine.CounterQueues(ctx, a, c.Params("site"), c.Params("counter"), limit)
	})
}

// siteWaiting lists the tickets of a site that wait now, in calling order, for staff of the
// site (queue.Engine.SiteWaiting): GET /sites/{site}/waiting?q=A012&limit=. The workstation
// uses it to call a given number and to show what was transferred to its counter.
func (s *Server) siteWaiting(c *fiber.Ctx) error {
	return listed(c, 100, queue.WaitingScanMax, func(ctx context.Context, a queue.Actor, limit int) (any, error) {
		return s.Engine.SiteWaiting(ctx, a, c.Params("site"), c.Query("q"), limit)
	})
}

// listed answers a read of the engine that lists up to ?limit= things (def when absent,
// 1..most, or a 400).
func listed(c *fiber.Ctx, def, most int, read func(ctx context.Context, a queue.Actor, limit int) (any, error)) error {
	limit := def
	if raw := c.Query("limit"); raw != "" {
		n, err := strconv.Atoi(raw)
		if err != nil || n < 1 || n > most {
			return bad("bad_limit", fmt.Sprintf("limit must be a whole number from 1 to %d", most))
		}
		limit = n
	}
	v, err := read(c.UserContext(), actor(c), limit)
	if err != nil {
		return err
	}
	return c.JSON(v)
}
