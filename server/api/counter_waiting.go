package api

import (
	"github.com/gofiber/fiber/v2"

	"luot/server/queue"
)

// siteWaiting lists the tickets of a site that wait now, in calling order, for staff of the
// site (queue.Engine.SiteWaiting): GET /sites/{site}/waiting?q=A012&limit=. The workstation
// uses it to call a given number and to show what was transferred to its counter.
func (s *Server) siteWaiting(c *fiber.Ctx) error {
	limit, err := queryLimit(c, 100, queue.WaitingScanMax)
	if err != nil {
		return err
	}
	w, err := s.Engine.SiteWaiting(c.UserContext(), actor(c), c.Params("site"), c.Query("q"), limit)
	if err != nil {
		return err
	}
	return c.JSON(w)
}
