package api_test

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"net"
	"testing"
	"time"

	"github.com/fasthttp/websocket"

	"luot/config"
	"luot/server/internal/testenv"
	"luot/server/queue"
	"luot/server/ready"
	"luot/server/wiring"
)

// TestClusterLiveFeed runs the live feed on a Redis Cluster: websocket clients of two sites
// (two slots, on different masters or not) get every event; after kill -9 of the master of one
// site's slot the feed subscribes again, catches up, and the clients get the events written
// on the new master.
func TestClusterLiveFeed(t *testing.T) {
	env := testenv.NewCluster(t, nil)
	liveFeedThroughFailover(t, env, func() {
		m := env.Cluster.MasterOf("luot:{centre}:events")
		m.Kill9()
		env.Cluster.WaitHealthy()
		m.Restart()
		env.Cluster.WaitHealthy()
	})
}

// TestSentinelLiveFeed: the same through redis+sentinel:// and a SENTINEL FAILOVER.
func TestSentinelLiveFeed(t *testing.T) {
	env := testenv.NewSentinel(t, nil)
	liveFeedThroughFailover(t, env, env.Sentinel.Failover)
}

// liveFeedThroughFailover serves the feed of env, checks that websocket clients of two sites
// get their events, runs failover, and checks that they get the events written after it.
func liveFeedThroughFailover(t *testing.T, env *testenv.Replicated, failover func()) {
	steps := ready.New(ready.Feed)
	w := wiring.Build(wiring.Parts{Engine: env.Engine, Store: env.Store, QueueSize: 256,
		Log: slog.New(slog.NewTextHandler(io.Discard, nil)), Settings: config.Settings{SessionTTL: time.Hour}, Ready: steps})
	app, srv := w.App, w.API
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	go srv.Feed(ctx)
	go app.Listener(ln)
	t.Cleanup(func() { cancel(); app.Shutdown() })
	for !steps.Ready() {
		if ctx.Err() != nil {
			t.Fatal("the feed never read the streams' tails")
		}
		time.Sleep(10 * time.Millisecond)
	}
	dial := func(site string) *websocket.Conn {
		c, _, err := websocket.DefaultDialer.Dial("ws://"+ln.Addr().String()+"/ws/sites/"+site, nil)
		if err != nil {
			t.Fatalf("dial %s: %v", site, err)
		}
		t.Cleanup(func() { c.Close() })
		if f := read(t, c); f.Type != "snapshot" {
			t.Fatalf("%s: got %+v first, want the snapshot", site, f)
		}
		return c
	}
	issue := func(site string) *queue.Ticket {
		for {
			tk, err := env.Engine.Issue(ctx, testenv.Kiosk(site), site, "ho-tich", "", "")
			if errors.Is(err, queue.ErrUnavailable) && ctx.Err() == nil {
				time.Sleep(50 * time.Millisecond) // a failover under way
				continue
			}
			if err != nil {
				t.Fatalf("issue at %s: %v", site, err)
			}
			return tk
		}
	}
	expect := func(c *websocket.Conn, site string, tk *queue.Ticket) {
		t.Helper()
		if f := read(t, c); f.Type != "ticket.issued" || f.Ticket == nil || f.Ticket.Number != tk.Number {
			t.Fatalf("%s: got %+v, want ticket.issued %s", site, f, tk.Number)
		}
	}
	centre, point := dial("centre"), dial("point")
	for range 3 {
		a, b := issue("centre"), issue("point")
		expect(centre, "centre", a)
		expect(point, "point", b)
	}

	failover()
	a, b := issue("centre"), issue("point")
	expect(centre, "centre", a)
	expect(point, "point", b)
}
