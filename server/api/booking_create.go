package api

import (
	"github.com/gofiber/fiber/v2"

	"luot/server/queue"
)

type bookingRequest struct {
	Service  string `json:"service"`
	Date     string `json:"date"`
	Start    string `json:"start"`
	Phone    string `json:"phone"`
	Code     string `json:"code"`
	IDNumber string `json:"id_number"`
}

// createBooking books a slot for a proven phone: 201 booking.
func (s *Server) createBooking(c *fiber.Ctx) error {
	var req bookingRequest
	if err := decode(c, &req); err != nil {
		return err
	}
	if req.Service == "" {
		return bad("missing_service", "service is required")
	}
	b, err := s.bookings()
	if err != nil {
		return err
	}
	bk, err := b.Book(c.UserContext(), queue.BookRequest{Site: c.Params("site"), Service: req.Service, Date: req.Date,
		Start: req.Start, Phone: req.Phone, Code: req.Code, IDNumber: req.IDNumber})
	if err != nil {
		return err
	}
	return c.Status(fiber.StatusCreated).JSON(bk)
}
