package api

import (
	"github.com/gofiber/fiber/v2"
)

type otpRequest struct {
	Phone string `json:"phone"`
}

// sendOTP sends a one-time code to a phone: 202 {expires_in} (seconds).
func (s *Server) sendOTP(c *fiber.Ctx) error {
	var req otpRequest
	if err := decode(c, &req); err != nil {
		return err
	}
	b, err := s.bookings()
	if err != nil {
		return err
	}
	life, err := b.SendOTP(c.UserContext(), req.Phone, s.clientIP(c).String())
	if err != nil {
		return err
	}
	return c.Status(fiber.StatusAccepted).JSON(fiber.Map{"expires_in": int(life.Seconds())})
}
