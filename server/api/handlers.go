package api

import (
	"github.com/gofiber/fiber/v2"
)

// A handler parses, calls one domain method and answers: withBody does the parsing of the
// handlers that take a JSON body, answer the answering of those that give back what the
// domain returned.

// checker is a body with a field it cannot do without: withBody answers check's error (a 400)
// before the handler runs.
type checker interface{ check() error }

// withBody adapts a handler of a JSON body of type T: the body is decoded (decode: a bad one
// is a 400), checked when T is a checker, then h runs with it.
func withBody[T any](h func(c *fiber.Ctx, req T) error) fiber.Handler {
	return func(c *fiber.Ctx) error {
		var req T
		if err := decode(c, &req); err != nil {
			return err
		}
		if ch, ok := any(req).(checker); ok {
			if err := ch.check(); err != nil {
				return err
			}
		}
		return h(c, req)
	}
}

// required is the 400 of a body without a field it needs ("missing_service").
func required(field, value string) error {
	if value == "" {
		return bad("missing_"+field, field+" is required")
	}
	return nil
}

// answer answers what a domain method returned: its error, or v as JSON with status.
func answer(c *fiber.Ctx, status int, v any, err error) error {
	if err != nil {
		return err
	}
	return c.Status(status).JSON(v)
}
