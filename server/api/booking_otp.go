package api

import (
	"github.com/gofiber/fiber/v2"

	"luot/server/queue"
)

type otpRequest struct {
	Phone string `json:"phone"`
}

// sendOTP sends a one-time code to a phone: 202 {expires_in} (seconds).
func (s *Server) sendOTP(c *fiber.Ctx, b *queue.Bookings, req otpRequest) error {
	life, err := b.SendOTP(c.UserContext(), req.Phone, s.clientIP(c).String())
	return answer(c, fiber.StatusAccepted, fiber.Map{"expires_in": int(life.Seconds())}, err)
}
