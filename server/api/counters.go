package api

import (
	"context"

	"github.com/gofiber/fiber/v2"

	"luot/server/queue"
)

// counterAnswer is the answer of every counter action: the counter and its current ticket.
func (s *Server) counterAnswer(c *fiber.Ctx, ctr *queue.Counter, err error) error {
	if err != nil {
		return err
	}
	return c.JSON(fiber.Map{"counter": ctr, "ticket": ctr.Ticket})
}

type counterFunc func(ctx context.Context, a queue.Actor, site, counter string) (*queue.Counter, error)

func (s *Server) counterAction(f counterFunc) fiber.Handler {
	return func(c *fiber.Ctx) error {
		ctr, err := f(c.UserContext(), actor(c), c.Params("site"), c.Params("counter"))
		if err == nil && ctr.Ticket != nil && ctr.Ticket.Status == queue.Called {
			s.metrics.called.WithLabelValues(ctr.Ticket.Site, ctr.Ticket.Service).Inc()
		}
		return s.counterAnswer(c, ctr, err)
	}
}

func (s *Server) actOnCurrent(action string) fiber.Handler {
	return func(c *fiber.Ctx) error {
		ctr, err := s.Engine.ActOnCurrent(c.UserContext(), actor(c), c.Params("site"), c.Params("counter"), action)
		return s.counterAnswer(c, ctr, err)
	}
}

type openRequest struct {
	Services []string `json:"services"`
}

func (s *Server) openCounter(c *fiber.Ctx, req openRequest) error {
	ctr, err := s.Engine.Open(c.UserContext(), actor(c), c.Params("site"), c.Params("counter"), req.Services)
	return s.counterAnswer(c, ctr, err)
}

type pauseRequest struct {
	Reason string `json:"reason"`
}

func (s *Server) pauseCounter(c *fiber.Ctx, req pauseRequest) error {
	ctr, err := s.Engine.Pause(c.UserContext(), actor(c), c.Params("site"), c.Params("counter"), text(req.Reason))
	return s.counterAnswer(c, ctr, err)
}

func (s *Server) closeCounter(c *fiber.Ctx) error {
	ctr, err := s.Engine.Close(c.UserContext(), actor(c), c.Params("site"), c.Params("counter"))
	return s.counterAnswer(c, ctr, err)
}

type transferRequest struct {
	Service   string `json:"service"`
	Counter   string `json:"counter"`
	KeepPlace *bool  `json:"keep_place"`
}

func (s *Server) transfer(c *fiber.Ctx, req transferRequest) error {
	keep := req.KeepPlace == nil || *req.KeepPlace
	ctr, err := s.Engine.Transfer(c.UserContext(), actor(c), c.Params("site"), c.Params("counter"), req.Service, req.Counter, keep)
	return s.counterAnswer(c, ctr, err)
}

type callRequest struct {
	Ticket string `json:"ticket"`
}

// check: a call names its ticket (withBody answers missing_ticket).
func (r callRequest) check() error { return required("ticket", r.Ticket) }

func (s *Server) callTicket(c *fiber.Ctx, req callRequest) error {
	ctr, err := s.Engine.Call(c.UserContext(), actor(c), c.Params("site"), c.Params("counter"), req.Ticket)
	if err == nil {
		s.metrics.called.WithLabelValues(ctr.Ticket.Site, ctr.Ticket.Service).Inc()
	}
	return s.counterAnswer(c, ctr, err)
}
