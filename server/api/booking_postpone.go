package api

import (
	"github.com/gofiber/fiber/v2"

	"luot/server/queue"
)

// postponeTicket moves a waiting ticket behind the next few of its queue, once: 200 ticket.
func (s *Server) postponeTicket(c *fiber.Ctx, b *queue.Bookings) error {
	t, err := b.Postpone(c.UserContext(), c.Params("id"))
	return answer(c, fiber.StatusOK, t, err)
}
