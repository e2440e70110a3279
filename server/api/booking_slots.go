package api

import (
	"github.com/gofiber/fiber/v2"

	"luot/server/queue"
)

// listSlots answers the slots of a service at a site within the booking horizon.
func (s *Server) listSlots(c *fiber.Ctx, b *queue.Bookings) error {
	service := c.Query("service")
	if service == "" {
		return bad("missing_service", "service is required")
	}
	days, err := b.Slots(c.UserContext(), c.Params("site"), service, c.Query("from"), c.Query("to"))
	return answer(c, fiber.StatusOK, days, err)
}
