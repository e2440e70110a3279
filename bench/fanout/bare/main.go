// Command bare is the baseline of the fan-out benchmark: the minimal fiber websocket
// broadcaster. Every client of GET /ws is kept in a set; POST /next writes one frame, the
// size of a real call event, to every connection in turn, in the request's goroutine. No
// hub, no queues, no Redis. scripts/bench-fanout.sh measures it beside the full server.
//
//	bare -addr 127.0.0.1:9091
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"sync"
	"syscall"

	"github.com/gofiber/contrib/websocket"
	"github.com/gofiber/fiber/v2"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Stderr); err != nil {
		fmt.Fprintf(os.Stderr, "bare: %v\n", err)
		os.Exit(1)
	}
}

// frame is about the size of a ticket.called event of the full server.
var frame = []byte(`{"id":"1795719239224-0","type":"ticket.called","site":"ttpvhcc","pad":"` + strings.Repeat("x", 1100) + `"}`)

func run(ctx context.Context, args []string, stderr io.Writer) error {
	fs := flag.NewFlagSet("bare", flag.ContinueOnError)
	fs.SetOutput(stderr)
	addr := fs.String("addr", "127.0.0.1:9091", "listen address")
	if err := fs.Parse(args); err != nil {
		return err
	}
	app := newApp()
	go func() {
		<-ctx.Done()
		app.Shutdown()
	}()
	return app.Listen(*addr)
}

// newApp is the broadcaster: a set of connections and a loop over them.
func newApp() *fiber.App {
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
			conn.WriteMessage(websocket.TextMessage, frame)
		}
		return c.SendStatus(fiber.StatusNoContent)
	})
	return app
}
