package api

import (
	"github.com/gofiber/fiber/v2"
)

type checkinRequest struct {
	Code string `json:"code"`
}

// checkin turns today's booking of a code into a ticket (channel appointment): 201 ticket.
func (s *Server) checkin(c *fiber.Ctx) error {
	var req checkinRequest
	if err := decode(c, &req); err != nil {
		return err
	}
	b, err := s.bookings()
	if err != nil {
		return err
	}
	t, err := b.Checkin(c.UserContext(), actor(c), c.Params("site"), req.Code)
	if err != nil {
		return err
	}
	s.metrics.issued.WithLabelValues(t.Site, t.Service).Inc()
	return c.Status(fiber.StatusCreated).JSON(t)
}
