package api

import (
	"github.com/gofiber/fiber/v2"

	"luot/server/pdf"
	"luot/server/queue"
)

// getBooking answers a booking to anyone with its id, phone masked.
func (s *Server) getBooking(c *fiber.Ctx, b *queue.Bookings) error {
	bk, err := b.Booking(c.UserContext(), c.Params("id"))
	return answer(c, fiber.StatusOK, bk, err)
}

// cancelBooking cancels a booking: anyone with its id before the slot starts, a supervisor
// or admin of its site at any time. 204.
func (s *Server) cancelBooking(c *fiber.Ctx, b *queue.Bookings) error {
	if err := b.Cancel(c.UserContext(), actor(c), c.Params("id")); err != nil {
		return err
	}
	return c.SendStatus(fiber.StatusNoContent)
}

// bookingQR answers the QR code of a booking as SVG: it holds the check-in code, which the
// kiosk's reader types.
func (s *Server) bookingQR(c *fiber.Ctx, b *queue.Bookings) error {
	bk, err := b.Booking(c.UserContext(), c.Params("id"))
	if err != nil {
		return err
	}
	svg, err := pdf.QRSVG(bk.Code)
	if err != nil {
		return err
	}
	c.Set(fiber.HeaderContentType, "image/svg+xml")
	c.Set(fiber.HeaderCacheControl, "private, max-age=86400")
	return c.Send(svg)
}
