package api_test

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"luot/config"
	"luot/server/internal/testenv"
	"luot/server/notify"
	"luot/server/queue"
	"luot/server/wiring"
)

// fakeGateway is the province's SMS gateway as the tests see it: an HTTP server that checks
// each message's signature and keeps what it accepted.
type fakeGateway struct {
	tb     testing.TB
	secret string
	mu     sync.Mutex
	got    []notify.Message
}

func (g *fakeGateway) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	if r.Header.Get("X-Luot-Signature") != notify.Signature(g.secret, body) {
		g.tb.Errorf("gateway: a message without the right signature: %s", body)
		w.WriteHeader(http.StatusUnauthorized)
		return
	}
	var m notify.Message
	if err := json.Unmarshal(body, &m); err != nil {
		g.tb.Errorf("gateway: not JSON: %s", body)
	}
	g.mu.Lock()
	g.got = append(g.got, m)
	g.mu.Unlock()
	w.WriteHeader(http.StatusOK)
}

// find waits for a message of a template to a phone, the n-th one (from 0), and returns it.
func (g *fakeGateway) find(tb testing.TB, to, template string, n int) notify.Message {
	tb.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		g.mu.Lock()
		seen := 0
		for _, m := range g.got {
			if m.To == to && m.Template == template {
				if seen == n {
					g.mu.Unlock()
					return m
				}
				seen++
			}
		}
		g.mu.Unlock()
		if time.Now().After(deadline) {
			tb.Fatalf("the gateway got no %s message #%d to %s", template, n, to)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// count returns how many messages of a template the gateway got.
func (g *fakeGateway) count(template string) int {
	g.mu.Lock()
	defer g.mu.Unlock()
	n := 0
	for _, m := range g.got {
		if m.Template == template {
			n++
		}
	}
	return n
}

// bookingHarness is the harness with remote numbers and appointments: the outbox in the
// test's Redis and a worker delivering to a fake gateway.
type bookingHarness struct {
	*harness
	gw       *fakeGateway
	bookings *queue.Bookings
	outbox   *notify.Outbox
	sent     map[string]int // one-time codes asked per phone, to find the newest
}

func newBookingHarness(tb testing.TB, org *config.Org) *bookingHarness {
	tb.Helper()
	var env *testenv.Env
	if org == nil {
		env = testenv.New(tb)
	} else {
		env = testenv.NewWith(tb, org)
	}
	log := slog.New(slog.NewTextHandler(tbWriter{tb}, &slog.HandlerOptions{Level: slog.LevelWarn}))
	gw := &fakeGateway{tb: tb, secret: "secret-of-the-test-gateway"}
	srv := httptest.NewServer(gw)
	tb.Cleanup(srv.Close)
	settings := config.Settings{SessionTTL: time.Hour, PublicURL: "http://localhost:8080"}
	w := wiring.Build(wiring.Parts{Engine: env.Engine, Store: env.Store, Log: log, Settings: settings, QueueSize: 64,
		Notifier: &wiring.Notifier{Sender: notify.Webhook{URL: srv.URL, Secret: gw.secret}, Poll: 20 * time.Millisecond, Now: env.Clock.Now}})
	ctx, cancel := context.WithCancel(context.Background())
	w.Start(ctx) // the worker and the notices
	tb.Cleanup(func() { cancel(); w.Wait() })
	app, s, h, bk, outbox := w.App, w.API, w.Hub, w.Bookings, w.Outbox
	tb.Cleanup(func() { _ = app.Shutdown() })
	return &bookingHarness{harness: &harness{env: env, app: app, srv: s, hub: h}, gw: gw, bookings: bk, outbox: outbox,
		sent: map[string]int{}}
}

// code asks a one-time code for phone and returns it as the gateway received it.
func (h *bookingHarness) code(tb testing.TB, phone string) string {
	tb.Helper()
	r := h.do(tb, req{method: "POST", path: "/api/v1/otp", body: map[string]string{"phone": phone}}).want(tb, 202)
	var a struct {
		ExpiresIn int `json:"expires_in"`
	}
	r.decode(tb, &a)
	if a.ExpiresIn != 300 {
		tb.Errorf("expires_in: got %d, want 300", a.ExpiresIn)
	}
	m := h.gw.find(tb, phone, notify.OTP, h.sent[phone])
	h.sent[phone]++
	return m.Vars["code"]
}

// booking is what the tests read of a booking.
type booking struct {
	ID      string  `json:"id"`
	Code    string  `json:"code"`
	Site    string  `json:"site"`
	Service string  `json:"service"`
	Date    string  `json:"date"`
	Start   string  `json:"start"`
	End     string  `json:"end"`
	Status  string  `json:"status"`
	Ticket  *string `json:"ticket"`
	Phone   string  `json:"phone"`
}

// book books a slot for phone (asking its code) and wants 201.
func (h *bookingHarness) book(tb testing.TB, site, service, date, start, phone string) booking {
	tb.Helper()
	code := h.code(tb, phone)
	r := h.do(tb, req{method: "POST", path: "/api/v1/sites/" + site + "/bookings", body: map[string]string{
		"service": service, "date": date, "start": start, "phone": phone, "code": code}}).want(tb, 201)
	var b booking
	r.decode(tb, &b)
	return b
}

// remote takes a remote number for phone (asking its code).
func (h *bookingHarness) remote(tb testing.TB, site, service, phone string) *resp {
	tb.Helper()
	code := h.code(tb, phone)
	return h.do(tb, req{method: "POST", path: "/api/v1/sites/" + site + "/tickets", body: map[string]string{
		"service": service, "channel": "online", "phone": phone, "code": code}})
}

// testenvLoc is the test organisation's time zone.
var testenvLoc = testenv.Loc()

func lower(s string) string { return strings.ToLower(s) }
