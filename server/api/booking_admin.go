package api

import (
	"github.com/gofiber/fiber/v2"

	"luot/server/queue"
)

// listBookings answers a site's bookings of a day (?date=YYYY-MM-DD), phones masked, to a
// supervisor or admin of the site.
func (s *Server) listBookings(c *fiber.Ctx, b *queue.Bookings) error {
	list, err := b.List(c.UserContext(), actor(c), c.Params("site"), c.Query("date"))
	return answer(c, fiber.StatusOK, list, err)
}

// cancelDayBookings cancels every booked appointment of a site on a day (?date=), each
// citizen told: 200 {cancelled}.
func (s *Server) cancelDayBookings(c *fiber.Ctx, b *queue.Bookings) error {
	n, err := b.CancelDay(c.UserContext(), actor(c), c.Params("site"), c.Query("date"))
	return answer(c, fiber.StatusOK, fiber.Map{"cancelled": n}, err)
}

// notificationState answers how many messages of a site are queued, retrying, sent and
// failed, to a supervisor or admin of the site.
func (s *Server) notificationState(c *fiber.Ctx) error {
	site := c.Params("site")
	if _, err := actor(c).SiteSeen(s.Engine.Org(), site); err != nil {
		return err
	}
	if s.Outbox == nil {
		return queue.ErrUnavailable
	}
	st, err := s.Outbox.SiteState(c.UserContext(), site)
	if err != nil {
		return queue.ErrUnavailable
	}
	return c.JSON(st)
}
