package main

import (
	"context"
	"net"
	"net/http"
	"testing"
	"time"

	"github.com/fasthttp/websocket"
)

// TestBroadcast: every connected client gets the frame of a POST /next.
func TestBroadcast(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	app := newApp()
	go app.Listener(ln)
	defer app.Shutdown()
	base := "http://" + ln.Addr().String()
	var conns []*websocket.Conn
	for range 3 {
		c, _, err := websocket.DefaultDialer.Dial("ws://"+ln.Addr().String()+"/ws", nil)
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
		conns = append(conns, c)
	}
	time.Sleep(100 * time.Millisecond) // the handlers register their connections
	res, err := http.Post(base+"/next", "", nil)
	if err != nil || res.StatusCode != 204 {
		t.Fatalf("POST /next: %v %v", res, err)
	}
	for i, c := range conns {
		c.SetReadDeadline(time.Now().Add(5 * time.Second))
		if _, data, err := c.ReadMessage(); err != nil || len(data) != len(frame) {
			t.Errorf("client %d: %d bytes, %v", i, len(data), err)
		}
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := run(ctx, []string{"-bad-flag"}, nil); err == nil {
		t.Error("a bad flag: got no error")
	}
}
