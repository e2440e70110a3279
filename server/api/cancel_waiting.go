package api

import (
	"github.com/gofiber/fiber/v2"
)

// cancelRequest is the body of POST /api/v1/admin/sites/{site}/cancel-waiting.
type cancelRequest struct {
	// Service limits the cancel to one service's queue; empty cancels every waiting ticket.
	Service string `json:"service"`
}

// cancelWaiting answers POST /api/v1/admin/sites/{site}/cancel-waiting: the waiting tickets of
// the site, or of one service, cancelled at once (Engine.CancelWaiting) → 200 {cancelled}.
func (s *Server) cancelWaiting(c *fiber.Ctx, req cancelRequest) error {
	a := actor(c)
	n, err := s.Engine.CancelWaiting(c.UserContext(), a, c.Params("site"), req.Service)
	if err != nil {
		return err
	}
	s.Log.Info("waiting tickets cancelled", "site", c.Params("site"), "service", req.Service, "cancelled", n, "by", a.ID())
	return c.JSON(fiber.Map{"cancelled": n, "site": c.Params("site"), "service": req.Service})
}
