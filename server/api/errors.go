package api

import (
	"errors"
	"log/slog"
	"strconv"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"luot/server/queue"
)

// errorBody is the contract's error body.
type errorBody struct {
	Error struct {
		Code    string `json:"code"`
		Message string `json:"message"`
		Detail  string `json:"detail,omitempty"`
	} `json:"error"`
}

// english reports whether the caller prefers English (Vietnamese is the default).
func english(c *fiber.Ctx) bool {
	al := strings.ToLower(c.Get(fiber.HeaderAcceptLanguage))
	return strings.HasPrefix(al, "en")
}

// writeError answers an error with its status and the contract's body: the kind's status and
// code, the reason's message (queue's one vocabulary).
func writeError(c *fiber.Ctx, log *slog.Logger, err error) error {
	var fe *fiber.Error
	if errors.As(err, &fe) {
		switch {
		case fe.Code == fiber.StatusRequestEntityTooLarge:
			err = queue.ErrTooLarge
		case fe.Code == fiber.StatusNotFound:
			err = queue.ErrNotFound
		case fe.Code == fiber.StatusMethodNotAllowed:
			err = queue.ErrMethodNotAllowed
		case fe.Code < 500:
			return respond(c, fe.Code, queue.ErrBadRequest.Code, queue.Message(queue.ErrBadRequest, english(c)), fe.Message)
		}
	}
	k := queue.KindOf(err)
	switch {
	case k == queue.ErrInternal:
		log.Error("internal error", "method", c.Method(), "path", c.Path(), "err", err)
	case k.Status >= 500:
		log.Warn("request failed", "path", c.Path(), "err", err)
	}
	detail := ""
	var p *queue.Problem
	if errors.As(err, &p) && k != queue.ErrInternal {
		detail = p.Detail
	}
	var retry *queue.Retry
	if errors.As(err, &retry) {
		c.Set(fiber.HeaderRetryAfter, strconv.Itoa(int(max(1, (retry.After+time.Second-1)/time.Second))))
	}
	return respond(c, k.Status, k.Code, queue.Message(err, english(c)), detail)
}

func respond(c *fiber.Ctx, status int, code, message, detail string) error {
	var b errorBody
	b.Error.Code = code
	b.Error.Message = message
	b.Error.Detail = detail
	return c.Status(status).JSON(b)
}

// bad is a 400 with a reason.
func bad(reason, detail string) error {
	return queue.Fail(reason, detail)
}
