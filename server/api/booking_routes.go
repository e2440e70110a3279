package api

import (
	"github.com/gofiber/fiber/v2"

	"luot/server/queue"
)

// bookingRoutes are the routes of remote numbers, appointments and notifications (api.md).
// A remote number is POST /sites/{site}/tickets with channel "online" (tickets.go).
func (s *Server) bookingRoutes(v1 fiber.Router) {
	v1.Post("/otp", bookingWithBody(s, s.sendOTP))
	v1.Get("/sites/:site/slots", s.booking(s.listSlots))
	v1.Post("/sites/:site/bookings", bookingWithBody(s, s.createBooking))
	v1.Get("/bookings/:id", s.booking(s.getBooking))
	v1.Get("/bookings/:id/qr.svg", s.booking(s.bookingQR))
	v1.Delete("/bookings/:id", s.booking(s.cancelBooking))
	v1.Post("/sites/:site/checkin", bookingWithBody(s, s.checkin))
	v1.Post("/tickets/:id/postpone", s.booking(s.postponeTicket))
	v1.Get("/admin/sites/:site/bookings", s.booking(s.listBookings))
	v1.Post("/admin/sites/:site/bookings/cancel", s.booking(s.cancelDayBookings))
	v1.Get("/admin/sites/:site/notifications", s.notificationState)
}

// bookings are the rules of bookings, or 503 when the server runs without them.
func (s *Server) bookings() (*queue.Bookings, error) {
	if s.Bookings == nil {
		return nil, queue.ErrUnavailable
	}
	return s.Bookings, nil
}

// booking adapts a handler of the booking routes: it runs with the rules of bookings, or the
// route answers 503 when the server runs without them.
func (s *Server) booking(h func(c *fiber.Ctx, b *queue.Bookings) error) fiber.Handler {
	return func(c *fiber.Ctx) error {
		b, err := s.bookings()
		if err != nil {
			return err
		}
		return h(c, b)
	}
}

// bookingWithBody is booking for a handler of a JSON body of type T: the body comes first
// (withBody), so that a bad one is a 400 whether or not the server runs bookings.
func bookingWithBody[T any](s *Server, h func(c *fiber.Ctx, b *queue.Bookings, req T) error) fiber.Handler {
	return withBody(func(c *fiber.Ctx, req T) error {
		b, err := s.bookings()
		if err != nil {
			return err
		}
		return h(c, b, req)
	})
}
