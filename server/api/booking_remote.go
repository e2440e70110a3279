package api

import (
	"github.com/gofiber/fiber/v2"
)

// takeRemoteNumber issues today's number to a proven phone (channel online): 201 ticket.
func (s *Server) takeRemoteNumber(c *fiber.Ctx, req issueRequest) error {
	b, err := s.bookings()
	if err != nil {
		return err
	}
	t, err := b.TakeNumber(c.UserContext(), c.Params("site"), req.Service, req.Phone, req.Code, req.IDNumber)
	return s.issuedAnswer(c, t, err)
}
