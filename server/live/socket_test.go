package live

import (
	"net/http/httptest"
	"reflect"
	"strings"
	"testing"

	"github.com/gofiber/fiber/v2"
)

// TestGrantOutlivesTheRequest: a granted request keeps its strings when fasthttp reuses the
// buffers of the request it came from for the next one. The connection outlives its request
// and keys maps with them (a board's scope by its sites): aliased, two supervisors' boards
// once shared rows of a scope whose sites the second request had overwritten.
func TestGrantOutlivesTheRequest(t *testing.T) {
	var granted []Request
	app := fiber.New(fiber.Config{DisableStartupMessage: true})
	app.Get("/feed/:site/:since/:ticket/:sites", func(c *fiber.Ctx) error {
		return Grant(c, Request{Site: c.Params("site"), Since: c.Params("since"), Ticket: c.Params("ticket"),
			Board: true, Sites: strings.Split(c.Params("sites"), ",")})
	}, func(c *fiber.Ctx) error {
		granted = append(granted, c.Locals(requestKey).(Request))
		return nil
	})
	paths := []string{"/feed/centre/1-0/t-0001/centre,point,p001", "/feed/p00002/9-9/x-9999/p00002,abcde,wxyz"}
	for _, p := range paths {
		if _, err := app.Test(httptest.NewRequest("GET", p, nil)); err != nil {
			t.Fatal(err)
		}
	}
	want := Request{Site: "centre", Since: "1-0", Ticket: "t-0001", Board: true, Sites: []string{"centre", "point", "p001"}}
	if !reflect.DeepEqual(granted[0], want) {
		t.Errorf("the first request after the second: got %+v, want %+v", granted[0], want)
	}
}
