// Package broadcast is the baseline of the fan-out benchmark: the minimal fiber websocket
// broadcaster that bench/fanout/bare serves and that bench/fanout's own test measures. Every
// client of GET /ws is kept in a set; POST /next writes one frame, the size of a real call
// event, to every connection in turn, in the request's goroutine. No hub, no queues, no Redis.
package broadcast

import (
	"net"
	"strings"
	"sync"
	"testing"

	"github.com/gofiber/contrib/websocket"
	"github.com/gofiber/fiber/v2"
)

// Frame is about the size of a ticket.called event of the full server.
var Frame = []byte(`{"id":"1795719239224-0","type":"ticket.called","site":"ttpvhcc","pad":"` + strings.Repeat("x", 1100) + `"}`)

// New is the broadcaster: a set of connections and a loop over them.
func New() *fiber.App {
	var mu sync.Mutex
	conns := map[*websocket.Conn]bool{}
	app := fiber.New(fiber.Config{DisableStartupMessage: true})
	app.Get("/healthz", func(c *fiber.Ctx) error { return c.SendString("ok") })
	app.Get("/ws", websocket.New(func(c *websocket.Conn) {
		mu.Lock()
		conns[c] = true
		mu.Unlock()
		defer func() {
			mu.Lock()
			delete(conns, c)
			mu.Unlock()
		}()
		for {
			if _, _, err := c.ReadMessage(); err != nil {
				return
			}
		}
	}))
	app.Post("/next", func(c *fiber.Ctx) error {
		mu.Lock()
		defer mu.Unlock()
		for conn := range conns {
			conn.WriteMessage(websocket.TextMessage, Frame)
		}
		return c.SendStatus(fiber.StatusNoContent)
	})
	return app
}

// Start serves the broadcaster on a loopback port of its own until the test ends, and
// returns its address (host:port).
func Start(t testing.TB) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	app := New()
	go app.Listener(ln)
	t.Cleanup(func() { app.Shutdown() })
	return ln.Addr().String()
}
