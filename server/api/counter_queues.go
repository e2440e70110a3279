package api

import (
	"fmt"
	"strconv"

	"github.com/gofiber/fiber/v2"

	"luot/server/queue"
)

// counterQueues answers the queues a counter serves (queue.Engine.CounterQueues):
// GET /sites/{site}/counters/{counter}/queues?limit=5.
func (s *Server) counterQueues(c *fiber.Ctx) error {
	limit, err := queryLimit(c, 5, queue.QueueScan)
	if err != nil {
		return err
	}
	v, err := s.Engine.CounterQueues(c.UserContext(), actor(c), c.Params("site"), c.Params("counter"), limit)
	if err != nil {
		return err
	}
	return c.JSON(v)
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
