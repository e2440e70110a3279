package api_test

import (
	"context"
	"net"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/fasthttp/websocket"
)

// TestHealthReadyMetrics checks the operations endpoints of api.md: /healthz, /readyz and the
// Prometheus series an operator watches.
func TestHealthReadyMetrics(t *testing.T) {
	t.Parallel() // each test has its own Redis and app
	h, _, kiosk := newCentre(t)

	var status struct{ Status string }
	h.do(t, req{method: "GET", path: "/healthz"}).want(t, 200).decode(t, &status)
	if status.Status != "ok" {
		t.Errorf("/healthz: got status %q, want ok", status.Status)
	}
	h.do(t, req{method: "GET", path: "/readyz"}).want(t, 200).decode(t, &status)
	if status.Status != "ready" {
		t.Errorf("/readyz: got status %q, want ready", status.Status)
	}

	// the event feed turns events into luot_queue_length
	h.runFeed(t)

	h.issue(t, kiosk, "centre", "dat-dai")
	h.issue(t, kiosk, "centre", "dat-dai")
	m := h.metrics(t)
	for _, tc := range []struct {
		name   string
		labels []string
		want   float64
	}{
		{"luot_tickets_issued_total", []string{`site="centre"`, `service="dat-dai"`}, 2},
		{"luot_http_request_duration_seconds_count", []string{`method="POST"`, `route="/api/v1/sites/:site/tickets"`, `status="201"`}, 2},
		{"luot_http_request_duration_seconds_count", []string{`method="GET"`, `route="/healthz"`, `status="200"`}, 1},
		{"luot_websocket_clients", nil, 0},
	} {
		got, ok := m.value(tc.name, tc.labels...)
		if !ok || got != tc.want {
			t.Errorf("%s%v: got %v (present %v), want %v", tc.name, tc.labels, got, ok, tc.want)
		}
	}
	// a route pattern, not the path: ticket ids must not become series
	tk := h.issue(t, kiosk, "centre", "ho-tich")
	h.do(t, req{method: "GET", path: "/api/v1/tickets/" + tk.ID}).want(t, 200)
	if m := h.metrics(t); strings.Contains(string(m), tk.ID) {
		t.Errorf("/metrics names the ticket id %s: series per path", tk.ID)
	}

	// luot_queue_length follows the event log: it reaches the site's waiting count
	eventually(t, 10*time.Second, func() (bool, string) {
		want := h.site(t, "centre").waiting("dat-dai")
		got, ok := h.metrics(t).value("luot_queue_length", `site="centre"`, `service="dat-dai"`)
		return ok && got == float64(want), "luot_queue_length{site=centre,service=dat-dai} = " + strconv.FormatFloat(got, 'f', -1, 64) + ", want " + strconv.Itoa(want)
	})

	// a live client counts while it is connected
	ws := h.dialWS(t, "/ws/sites/centre")
	eventually(t, 5*time.Second, func() (bool, string) {
		got, _ := h.metrics(t).value("luot_websocket_clients")
		return got == 1, "luot_websocket_clients = " + strconv.FormatFloat(got, 'f', -1, 64) + ", want 1"
	})
	ws.Close()
	// the server notices a silent departure when it next writes (an event or a ping), so
	// give it an event to write
	h.issue(t, kiosk, "centre", "ho-tich")
	eventually(t, 5*time.Second, func() (bool, string) {
		got, _ := h.metrics(t).value("luot_websocket_clients")
		return got == 0, "luot_websocket_clients = " + strconv.FormatFloat(got, 'f', -1, 64) + " after the client left, want 0"
	})
}

// metricsText is the body of /metrics.
type metricsText string

// metrics reads /metrics.
func (h *harness) metrics(t *testing.T) metricsText {
	t.Helper()
	r := h.do(t, req{method: "GET", path: "/metrics"}).want(t, 200)
	if ct := r.header.Get("Content-Type"); !strings.HasPrefix(ct, "text/plain") {
		t.Fatalf("/metrics: got Content-Type %q, want the Prometheus text format", ct)
	}
	return metricsText(r.body)
}

// value returns the value of the first sample of name whose labels include every one given
// (each as `key="value"`).
func (m metricsText) value(name string, labels ...string) (float64, bool) {
	for _, line := range strings.Split(string(m), "\n") {
		if strings.HasPrefix(line, "#") {
			continue
		}
		series, val, ok := strings.Cut(line, " ")
		if !ok {
			continue
		}
		metric, labelText, _ := strings.Cut(series, "{")
		if metric != name {
			continue
		}
		have := strings.Split(strings.TrimSuffix(labelText, "}"), ",")
		all := true
		for _, l := range labels {
			found := false
			for _, hv := range have {
				found = found || hv == l
			}
			all = all && found
		}
		if !all {
			continue
		}
		f, err := strconv.ParseFloat(strings.TrimSpace(val), 64)
		return f, err == nil
	}
	return 0, false
}

// eventually polls cond until it holds or the time is up, then fails with cond's account.
func eventually(t *testing.T, within time.Duration, cond func() (bool, string)) {
	t.Helper()
	deadline := time.Now().Add(within)
	for {
		ok, why := cond()
		if ok {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("after %v: %s", within, why)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// dialWS opens a websocket to the app over the in-memory listener and reads its first frame.
func (h *harness) dialWS(t *testing.T, path string) *websocket.Conn {
	t.Helper()
	ln := h.wireListener()
	d := websocket.Dialer{
		NetDialContext:   func(context.Context, string, string) (net.Conn, error) { return ln.Dial() },
		HandshakeTimeout: 5 * time.Second,
	}
	c, res, err := d.Dial("ws://luot"+path, nil)
	if err != nil {
		t.Fatalf("websocket %s: %v", path, err)
	}
	res.Body.Close()
	t.Cleanup(func() { c.Close() })
	_ = c.SetReadDeadline(time.Now().Add(5 * time.Second))
	var first struct{ Type string }
	if err := c.ReadJSON(&first); err != nil || first.Type != "snapshot" {
		t.Fatalf("websocket %s: first frame: got %q (%v), want a snapshot", path, first.Type, err)
	}
	return c
}
