package api

import (
	"github.com/gofiber/fiber/v2"

	"luot/server/queue"
)

type checkinRequest struct {
	Code string `json:"code"`
}

// checkin turns today's booking of a code into a ticket (channel appointment): 201 ticket.
func (s *Server) checkin(c *fiber.Ctx, b *queue.Bookings, req checkinRequest) error {
	t, err := b.Checkin(c.UserContext(), actor(c), c.Params("site"), req.Code)
	return s.issuedAnswer(c, t, err)
}
