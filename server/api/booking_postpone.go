package api

import (
	"github.com/gofiber/fiber/v2"
)

// postponeTicket moves a waiting ticket behind the next few of its queue, once: 200 ticket.
func (s *Server) postponeTicket(c *fiber.Ctx) error {
	b, err := s.bookings()
	if err != nil {
		return err
	}
	t, err := b.Postpone(c.UserContext(), c.Params("id"))
	if err != nil {
		return err
	}
	return c.JSON(t)
}
