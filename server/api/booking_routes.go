package api

import (
	"github.com/gofiber/fiber/v2"

	"luot/server/queue"
)

// bookingRoutes are the routes of remote numbers, appointments and notifications (api.md).
// A remote number is POST /sites/{site}/tickets with channel "online" (tickets.go).
func (s *Server) bookingRoutes(v1 fiber.Router) {
	v1.Post("/otp", s.sendOTP)
	v1.Get("/sites/:site/slots", s.listSlots)
	v1.Post("/sites/:site/bookings", s.createBooking)
	v1.Get("/bookings/:id", s.getBooking)
	v1.Get("/bookings/:id/qr.svg", s.bookingQR)
	v1.Delete("/bookings/:id", s.cancelBooking)
	v1.Post("/sites/:site/checkin", s.checkin)
	v1.Post("/tickets/:id/postpone", s.postponeTicket)
	v1.Get("/admin/sites/:site/bookings", s.listBookings)
	v1.Post("/admin/sites/:site/bookings/cancel", s.cancelDayBookings)
	v1.Get("/admin/sites/:site/notifications", s.notificationState)
}

// bookings are the rules of bookings, or 503 when the server runs without them.
func (s *Server) bookings() (*queue.Bookings, error) {
	if s.Bookings == nil {
		return nil, queue.ErrUnavailable
	}
	return s.Bookings, nil
}
