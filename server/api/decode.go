package api

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"unicode/utf8"

	"github.com/gofiber/fiber/v2"

	"luot/server/queue"
)

// maxBody is the largest request body accepted (the contract's 64 KiB).
const maxBody = 64 << 10

// decode reads a JSON object body into v: unknown fields are ignored, wrong types and
// malformed JSON are 400, an empty body counts as {} (every field then optional).
func decode(c *fiber.Ctx, v any) error {
	body := bytes.TrimSpace(c.Body())
	if len(body) > maxBody {
		return queue.ErrTooLarge
	}
	if len(body) == 0 {
		return nil
	}
	if !utf8.Valid(body) {
		return bad("bad_json", "the body is not UTF-8")
	}
	if body[0] != '{' {
		return bad("bad_json", "the body must be a JSON object")
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	if err := dec.Decode(v); err != nil {
		var te *json.UnmarshalTypeError
		if errors.As(err, &te) {
			return bad("bad_json", fmt.Sprintf("field %q must be %s", te.Field, te.Type))
		}
		return bad("bad_json", err.Error())
	}
	if dec.More() {
		return bad("bad_json", "trailing data after the JSON object")
	}
	return nil
}

// text normalises a string from outside: NFC, trimmed.
func text(s string) string { return queue.Text(s) }
