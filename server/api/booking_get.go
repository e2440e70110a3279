package api

import (
	"github.com/gofiber/fiber/v2"
)

// getBooking answers a booking to anyone with its id, phone masked.
func (s *Server) getBooking(c *fiber.Ctx) error {
	b, err := s.bookings()
	if err != nil {
		return err
	}
	bk, err := b.Booking(c.UserContext(), c.Params("id"))
	if err != nil {
		return err
	}
	return c.JSON(bk)
}

// cancelBooking cancels a booking: anyone with its id before the slot starts, a supervisor
// or admin of its site at any time. 204.
func (s *Server) cancelBooking(c *fiber.Ctx) error {
	b, err := s.bookings()
	if err != nil {
		return err
	}
	if err := b.Cancel(c.UserContext(), actor(c), c.Params("id")); err != nil {
		return err
	}
	return c.SendStatus(fiber.StatusNoContent)
}
