package api_test

import (
	"context"
	"io"
	"log/slog"
	"net/http/httptest"
	"strconv"
	"testing"
	"time"

	"luot/config"
	"luot/server/hub"
	"luot/server/internal/testenv"
	"luot/server/queue"
	"luot/server/wiring"
)

// TestOperationsMetrics: the series the runbook's alerts read are there and move — the live
// feed's lag for each event, Redis's memory, persistence and latency spikes, readiness.
func TestOperationsMetrics(t *testing.T) {
	t.Parallel()
	h, _, kiosk := newCentre(t)
	h.runFeed(t)
	// the feed reads the streams' tails when it starts, so events before that are not its:
	// issue until two went through it
	eventually(t, 10*time.Second, func() (bool, string) {
		h.issue(t, kiosk, "centre", "dat-dai")
		n, _ := h.metrics(t).value("luot_feed_lag_seconds_count")
		return n >= 2, "luot_feed_lag_seconds_count = " + strconv.FormatFloat(n, 'f', -1, 64) + ", want 2 or more"
	})

	// a Lua script that runs 10 ms or more is a latency spike for Redis's monitor
	rdb := h.env.Redis.Client()
	if err := rdb.ConfigSet(context.Background(), "latency-monitor-threshold", "10").Err(); err != nil {
		t.Fatal(err)
	}
	if err := rdb.Eval(context.Background(), "local t = redis.call('TIME') local s = t[1] * 1e6 + t[2] "+
		"repeat local n = redis.call('TIME') until n[1] * 1e6 + n[2] - s >= 20000 return 1", nil).Err(); err != nil {
		t.Fatal(err)
	}
	m := h.metrics(t)
	for _, tc := range []struct {
		name   string
		labels []string
		ok     func(float64) bool
	}{
		{"luot_redis_up", nil, func(v float64) bool { return v == 1 }},
		{"luot_redis_memory_used_bytes", nil, func(v float64) bool { return v > 100_000 }},
		{"luot_redis_memory_max_bytes", nil, func(v float64) bool { return v == 0 }},
		{"luot_redis_aof_last_write_ok", nil, func(v float64) bool { return v == 1 }},
		{"luot_redis_aof_delayed_fsync_total", nil, func(v float64) bool { return v >= 0 }},
		{"luot_redis_connected_clients", nil, func(v float64) bool { return v >= 1 }},
		{"luot_redis_latency_latest_seconds", []string{`event="command"`}, func(v float64) bool { return v >= 0.02 }},
		{"luot_redis_latency_max_seconds", []string{`event="command"`}, func(v float64) bool { return v >= 0.02 }},
		{"luot_redis_latency_latest_timestamp_seconds", []string{`event="command"`}, func(v float64) bool { return v > 1.7e9 }},
		{"luot_ready", nil, func(v float64) bool { return v == 1 }},
		{"luot_feed_lag_seconds_bucket", []string{`le="+Inf"`}, func(v float64) bool { return v >= 2 }},
	} {
		if v, ok := m.value(tc.name, tc.labels...); !ok || !tc.ok(v) {
			t.Errorf("%s%v: got %v (present %v)", tc.name, tc.labels, v, ok)
		}
	}

	// Redis down: /metrics still answers, and says so
	h.env.Redis.Stop()
	if v, ok := h.metrics(t).value("luot_redis_up"); !ok || v != 0 {
		t.Errorf("Redis stopped: luot_redis_up %v (present %v), want 0", v, ok)
	}
	h.env.Redis.Restart()
}

// TestWebsocketDropsCounted: a client that falls behind the live feed is dropped by the hub,
// and the hub's OnDrop (wired as serve.go does) counts it by site.
func TestWebsocketDropsCounted(t *testing.T) {
	t.Parallel()
	env := testenv.New(t)
	w := wiring.Build(wiring.Parts{Engine: env.Engine, Store: env.Store, QueueSize: 1, Log: slog.New(slog.NewTextHandler(io.Discard, nil)),
		Settings: config.Settings{SessionTTL: time.Hour, PublicURL: "http://localhost:8080"}})
	app, h := w.App, w.Hub
	slow := h.Subscribe("centre") // never read
	defer slow.Close()
	for i := range 3 {
		h.PublishBatch("centre", []hub.Message{{Site: "centre", ID: strconv.Itoa(i) + "-0", Data: []byte(`{}`)}})
	}
	res, err := app.Test(httptest.NewRequest("GET", "/metrics", nil), -1)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(res.Body)
	if v, ok := metricsText(body).value("luot_websocket_dropped_total", `site="centre"`); !ok || v != 1 {
		t.Errorf("luot_websocket_dropped_total{site=centre}: got %v (present %v), want 1", v, ok)
	}
}

// runFeed runs the live feed until the test ends, then stops it (XREAD blocks, so it is woken
// with one more event) before the test's Redis goes away.
func (h *harness) runFeed(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	fed := make(chan struct{})
	go func() { defer close(fed); h.srv.Feed(ctx) }()
	t.Cleanup(func() {
		cancel()
		_, _ = h.env.Engine.Issue(context.Background(), queue.Actor{User: "admin", Role: queue.RoleAdmin}, "centre", "ho-tich", "", "")
		select {
		case <-fed:
		case <-time.After(10 * time.Second):
			t.Error("the feed did not stop within 10 s of its context's end")
		}
	})
}
