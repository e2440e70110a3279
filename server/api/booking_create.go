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

// check: a booking is of a service (withBody answers missing_service).
func (r bookingRequest) check() error { return required("service", r.Service) }

// createBooking books a slot for a proven phone: 201 booking.
func (s *Server) createBooking(c *fiber.Ctx, b *queue.Bookings, req bookingRequest) error {
	bk, err := b.Book(c.UserContext(), queue.BookRequest{Site: c.Params("site"), Service: req.Service, Date: req.Date,
		Start: req.Start, Phone: req.Phone, Code: req.Code, IDNumber: req.IDNumber})
	return answer(c, fiber.StatusCreated, bk, err)
}
