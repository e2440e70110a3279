package main

import (
	"bytes"
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/fasthttp/websocket"

	"luot/bench/fanout/internal/broadcast"
)

// TestBroadcast: every connected client gets the frame of a POST /next.
func TestBroadcast(t *testing.T) {
	addr := broadcast.Start(t)
	var conns []*websocket.Conn
	for range 3 {
		c, _, err := websocket.DefaultDialer.Dial("ws://"+addr+"/ws", nil)
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
		conns = append(conns, c)
	}
	time.Sleep(100 * time.Millisecond) // the handlers register their connections
	res, err := http.Post("http://"+addr+"/next", "", nil)
	if err != nil || res.StatusCode != 204 {
		t.Fatalf("POST /next: %v %v", res, err)
	}
	for i, c := range conns {
		c.SetReadDeadline(time.Now().Add(5 * time.Second))
		if _, data, err := c.ReadMessage(); err != nil || len(data) != len(broadcast.Frame) {
			t.Errorf("client %d: %d bytes, %v", i, len(data), err)
		}
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	var errs bytes.Buffer
	if code := run(ctx, []string{"-bad-flag"}, nil, &errs); code != 1 || !strings.Contains(errs.String(), "bare: ") {
		t.Errorf("a bad flag: exit %d, want 1 with an error (%s)", code, errs.String())
	}
}
