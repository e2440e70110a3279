package api

import (
	"context"
	"strings"

	"github.com/gofiber/fiber/v2"

	"luot/server/queue"
)

// idempotencyKey reads the Idempotency-Key header (at most 200 printable characters).
func idempotencyKey(c *fiber.Ctx) (string, error) {
	k := strings.TrimSpace(c.Get("Idempotency-Key"))
	if len(k) > 200 {
		return "", bad("bad_idempotency_key", "Idempotency-Key is longer than 200 characters")
	}
	for _, r := range k {
		if r < 0x21 || r > 0x7e {
			return "", bad("bad_idempotency_key", "Idempotency-Key must be printable ASCII")
		}
	}
	return k, nil
}

type issueRequest struct {
	Service  string `json:"service"`
	Priority string `json:"priority"`
	// a remote number (channel "online") comes with a proven phone (booking_routes.go)
	Channel  string `json:"channel"`
	Phone    string `json:"phone"`
	Code     string `json:"code"`
	IDNumber string `json:"id_number"`
}

// check: a ticket is of a service (withBody answers missing_service).
func (r issueRequest) check() error { return required("service", r.Service) }

// issueTicket issues a number of a service (a walk-in's), or with channel online a remote
// number to a proven phone: 201 ticket.
func (s *Server) issueTicket(c *fiber.Ctx, req issueRequest) error {
	if req.Channel == string(queue.Online) {
		return s.takeRemoteNumber(c, req)
	}
	key, err := idempotencyKey(c)
	if err != nil {
		return err
	}
	t, err := s.Engine.Issue(c.UserContext(), actor(c), c.Params("site"), req.Service, req.Priority, key)
	return s.issuedAnswer(c, t, err)
}

// issuedAnswer is the answer of every issue (a walk-in, a remote number, a checked-in
// booking): 201 ticket, counted in the issued tickets' metric.
func (s *Server) issuedAnswer(c *fiber.Ctx, t *queue.Ticket, err error) error {
	if err != nil {
		return err
	}
	s.metrics.issued.WithLabelValues(t.Site, t.Service).Inc()
	return c.Status(fiber.StatusCreated).JSON(t)
}

func (s *Server) getTicket(c *fiber.Ctx) error {
	t, err := s.Engine.Ticket(c.UserContext(), c.Params("id"))
	return answer(c, fiber.StatusOK, t, err)
}

func (s *Server) ticketHistory(c *fiber.Ctx) error {
	t, h, err := s.Engine.History(c.UserContext(), actor(c), c.Params("id"))
	if err != nil {
		return err
	}
	if h == nil {
		h = []queue.HistoryEntry{}
	}
	return c.JSON(fiber.Map{"ticket": t, "history": h})
}

type priorityRequest struct {
	Priority string `json:"priority"`
}

func (s *Server) setPriority(c *fiber.Ctx, req priorityRequest) error {
	t, err := s.Engine.SetPriority(c.UserContext(), actor(c), c.Params("id"), req.Priority)
	return answer(c, fiber.StatusOK, t, err)
}

// listQueue shows the next waiting tickets of a service (queue.Engine.Queue).
func (s *Server) listQueue(c *fiber.Ctx) error {
	return listed(c, 20, 500, func(ctx context.Context, a queue.Actor, limit int) (any, error) {
		return s.Engine.Queue(ctx, a, c.Params("site"), c.Params("service"), limit)
	})
}
