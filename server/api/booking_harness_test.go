package api_test

import (
	"context"
	"log/slog"
	"strings"
	"testing"
	"time"

	"luot/config"
	"luot/server/internal/testenv"
	"luot/server/internal/testserver"
	"luot/server/notify"
	"luot/server/queue"
	"luot/server/wiring"
)

// bookingHarness is the harness with remote numbers and appointments: the outbox in the
// test's Redis and a worker delivering to a fake gateway.
type bookingHarness struct {
	*harness
	gw       *testserver.Gateway
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
	gw := testserver.NewGateway(tb)
	settings := config.Settings{SessionTTL: time.Hour, PublicURL: "http://localhost:8080"}
	w := wiring.Build(wiring.Parts{Engine: env.Engine, Store: env.Store, Log: log, Settings: settings, QueueSize: 64,
		Notifier: &wiring.Notifier{Sender: notify.Webhook{URL: gw.URL, Secret: gw.Secret}, Poll: 20 * time.Millisecond, Now: env.Clock.Now}})
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
	m := h.gw.Find(tb, phone, notify.OTP, h.sent[phone])
	h.sent[phone]++
	return m.Vars["code"]
}

// booking is what the tests read of a booking: the API answers the domain's, phone masked.
type booking = queue.Booking

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
