package api_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net"
	"strings"
	"testing"
	"time"

	"github.com/fasthttp/websocket"

	"luot/config"
	"luot/server/api"
	"luot/server/hub"
	"luot/server/internal/testenv"
)

// liveServer runs the API on a loopback port with its event feed, for websocket tests.
type liveServer struct {
	env  *testenv.Env
	hub  *hub.Hub
	addr string
}

func startLive(t *testing.T, queueSize int) *liveServer {
	t.Helper()
	return startLiveOn(t, testenv.New(t), queueSize)
}

// startLiveOn runs another server instance on an existing engine and Redis.
func startLiveOn(t *testing.T, env *testenv.Env, queueSize int) *liveServer {
	t.Helper()
	h := hub.New(hub.Options{QueueSize: queueSize})
	app, srv := api.New(api.Deps{Engine: env.Engine, Store: env.Store, Hub: h,
		Log: slog.New(slog.NewTextHandler(io.Discard, nil)), Settings: config.Settings{SessionTTL: time.Hour}})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	go srv.Feed(ctx)
	go app.Listener(ln)
	t.Cleanup(func() { cancel(); app.Shutdown() })
	return &liveServer{env: env, hub: h, addr: ln.Addr().String()}
}

type frame struct {
	Type   string                   `json:"type"`
	ID     string                   `json:"id"`
	Ticket *struct{ Number string } `json:"ticket"`
	Site   json.RawMessage          `json:"site"`
}

func (l *liveServer) dial(t *testing.T, since string) *websocket.Conn {
	t.Helper()
	url := "ws://" + l.addr + "/ws/sites/centre"
	if since != "" {
		url += "?since=" + since
	}
	c, _, err := websocket.DefaultDialer.Dial(url, nil)
	if err != nil {
		t.Fatalf("dial %s: %v", url, err)
	}
	t.Cleanup(func() { c.Close() })
	return c
}

// read returns the next frame that is not a ping.
func read(t *testing.T, c *websocket.Conn) frame {
	t.Helper()
	for {
		c.SetReadDeadline(time.Now().Add(5 * time.Second))
		_, data, err := c.ReadMessage()
		if err != nil {
			t.Fatalf("read: %v", err)
		}
		var f frame
		if err := json.Unmarshal(data, &f); err != nil {
			t.Fatalf("decode %s: %v", data, err)
		}
		if f.Type != "ping" {
			return f
		}
	}
}

// TestReconnectWithSinceMissesNothing: a client that disconnects and reconnects with since
// receives exactly the events a connected client received, in the same order (invariant 5).
func TestReconnectWithSinceMissesNothing(t *testing.T) {
	l := startLive(t, 256)
	ctx := context.Background()
	e := l.env.Engine
	k := testenv.Kiosk("centre")
	off := testenv.Officer("lan", "centre")

	steady := l.dial(t, "")
	if f := read(t, steady); f.Type != "snapshot" || len(f.Site) == 0 {
		t.Fatalf("first frame: got %+v, want a snapshot", f)
	}
	flaky := l.dial(t, "")
	snap := read(t, flaky)

	step := func(i int) {
		t.Helper()
		switch i % 3 {
		case 0:
			if _, err := e.Issue(ctx, k, "centre", "dat-dai", "", ""); err != nil {
				t.Fatal(err)
			}
		case 1:
			if _, err := e.Issue(ctx, k, "centre", "ho-tich", "elderly", ""); err != nil {
				t.Fatal(err)
			}
		case 2:
			if _, err := e.Next(ctx, off, "centre", "q2"); err != nil {
				t.Fatal(err)
			}
		}
	}
	if _, err := e.Open(ctx, off, "centre", "q2", nil); err != nil {
		t.Fatal(err)
	}
	for i := range 6 {
		step(i)
	}
	var got []string
	last := snap.ID
	for len(got) < 5 { // of 8 events so far: open, 4 issues, a call, a done and a call
		f := read(t, flaky)
		got = append(got, f.Type+" "+f.ID)
		last = f.ID
	}
	flaky.Close() // the network drops; events go on
	for i := 6; i < 15; i++ {
		step(i)
	}
	again := l.dial(t, last)

	var want []string
	for {
		f := read(t, steady)
		want = append(want, f.Type+" "+f.ID)
		if f.ID == l.lastID(t) {
			break
		}
	}
	for len(got) < len(want) {
		f := read(t, again)
		if f.Type == "snapshot" {
			t.Fatalf("reconnect with since=%s got a snapshot, want the replay", last)
		}
		got = append(got, f.Type+" "+f.ID)
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Fatalf("reconnected client saw\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}

	// a since from the future or unknown gets a snapshot
	if f := read(t, l.dial(t, "99999999999999-0")); f.Type != "snapshot" {
		t.Fatalf("since from the future: got %s, want snapshot", f.Type)
	}
	if f := read(t, l.dial(t, "garbage")); f.Type != "snapshot" {
		t.Fatalf("malformed since: got %s, want snapshot", f.Type)
	}
}

func (l *liveServer) lastID(t *testing.T) string {
	t.Helper()
	v, err := l.env.Engine.Site(context.Background(), "centre")
	if err != nil {
		t.Fatal(err)
	}
	return v.LastEvent
}

// TestSlowClientDropped: a client that does not read is dropped, not waited on; the others
// get every event in time.
func TestSlowClientDropped(t *testing.T) {
	l := startLive(t, 8)
	slow := l.dial(t, "")
	read(t, slow) // snapshot; then never reads again
	fast := l.dial(t, "")
	read(t, fast)
	waitFor(t, func() bool { return l.hub.Count("centre") == 2 })

	big := strings.Repeat("x", 64<<10)
	const n = 400 // 25 MiB: more than the socket buffers hold for the slow client
	done := make(chan error, 1)
	progress := make(chan int, n)
	go func() {
		for i := range n {
			fast.SetReadDeadline(time.Now().Add(10 * time.Second))
			_, data, err := fast.ReadMessage()
			if err != nil {
				done <- err
				return
			}
			if want := fmt.Sprintf(`"seq":%d`, i); !strings.Contains(string(data), want) {
				done <- fmt.Errorf("message %d: %.40s…, want %s", i, data, want)
				return
			}
			progress <- i
		}
		done <- nil
	}()
	for i := range n {
		data := fmt.Sprintf(`{"type":"test","id":"%d-0","seq":%d,"pad":"%s"}`, 1<<40+i, i, big)
		l.hub.Publish(hub.Message{Site: "centre", ID: fmt.Sprintf("%d-0", 1<<40+i), Data: []byte(data)})
		// keep the fast reader within half a queue, as a client that keeps up would be;
		// the slow one, whose socket is full, falls behind and is dropped
		for i >= 4 {
			select {
			case got := <-progress:
				if got < i-4 {
					continue
				}
			case err := <-done:
				t.Fatalf("fast client: %v", err)
			}
			break
		}
	}
	if err := <-done; err != nil {
		t.Fatalf("fast client: %v", err)
	}
	waitFor(t, func() bool { return l.hub.Count("centre") == 1 })
}

func waitFor(t *testing.T, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatal("condition not met within 10 s")
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// TestTwoInstancesBothDeliver: two servers behind one Redis each follow the event log, so a
// client of either receives every event, whichever server handled the change.
func TestTwoInstancesBothDeliver(t *testing.T) {
	a := startLive(t, 256)
	b := startLiveOn(t, a.env, 256)
	ca, cb := a.dial(t, ""), b.dial(t, "")
	read(t, ca)
	read(t, cb)
	tk, err := a.env.Engine.Issue(context.Background(), testenv.Kiosk("centre"), "centre", "dat-dai", "", "")
	if err != nil {
		t.Fatal(err)
	}
	for name, c := range map[string]*websocket.Conn{"first": ca, "second": cb} {
		f := read(t, c)
		if f.Type != "ticket.issued" || f.Ticket == nil || f.Ticket.Number != tk.Number {
			t.Fatalf("%s instance: got %+v, want ticket.issued %s", name, f, tk.Number)
		}
	}
}
