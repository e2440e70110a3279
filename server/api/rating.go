package api

import (
	"errors"

	"github.com/gofiber/fiber/v2"

	"luot/server/live"
	"luot/server/queue"
)

type rateRequest struct {
	Level   string `json:"level"`
	Comment string `json:"comment"`
}

// rateTicket records a rating by the ticket's id: the citizen's (anonymous, with the id) or
// the serving counter's rating panel's; the engine refuses users.
func (s *Server) rateTicket(c *fiber.Ctx) error {
	var req rateRequest
	key, err := readRating(c, &req)
	if err != nil {
		return err
	}
	t, err := s.Engine.Rate(c.UserContext(), actor(c), c.Params("id"), req.Level, text(req.Comment), key)
	if err != nil {
		return err
	}
	return c.Status(fiber.StatusCreated).JSON(t)
}

type rateFinishedRequest struct {
	rateRequest
	// Event is the id of the ticket.done event the panel saw on the site's public feed.
	Event string `json:"event"`
}

// rateFinished lets a counter's rating panel rate the ticket whose finish it saw on the
// site's public feed, named by that event's id: the panel never learns a ticket id, and the
// only ticket it can name is one its own counter finished. The rules are those of any
// rating (once, within the window after the finish). It answers the ticket in the public
// projection.
func (s *Server) rateFinished(c *fiber.Ctx) error {
	a := actor(c)
	if a.Device == "" || a.DeviceKind != queue.DeviceRating {
		return a.Refused(false)
	}
	var req rateFinishedRequest
	key, err := readRating(c, &req)
	if err != nil {
		return err
	}
	notToRate := queue.Fail("not_to_rate", "no ticket finished at this counter by that event")
	e, err := s.Store.Event(c.UserContext(), a.Site, req.Event)
	switch {
	case errors.Is(err, queue.ErrNotFound):
		return notToRate
	case err != nil:
		return err
	case e.Type != queue.EvDone || e.Ticket == nil || e.Ticket.Counter == nil || *e.Ticket.Counter != a.Counter:
		return notToRate
	}
	t, err := s.Engine.Rate(c.UserContext(), a, e.Ticket.ID, req.Level, text(req.Comment), key)
	if err != nil {
		return err
	}
	return c.Status(fiber.StatusCreated).JSON(live.ProjectTicket(s.Engine.Org().Site(a.Site), t))
}

// readRating decodes a rating's body into req and returns its Idempotency-Key.
func readRating(c *fiber.Ctx, req any) (string, error) {
	if err := decode(c, req); err != nil {
		return "", err
	}
	return idempotencyKey(c)
}
