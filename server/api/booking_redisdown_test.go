package api_test

import (
	"testing"
	"time"
)

// TestBookingRedisDownThen503AndRecovery: with Redis stopped every booking endpoint answers
// 503 unavailable and changes nothing; back, they work again by themselves.
func TestBookingRedisDownThen503AndRecovery(t *testing.T) {
	h := newBookingHarness(t, nil)
	b := h.book(t, "centre", "dat-dai", "2026-11-24", "08:30", "0901234567")
	h.env.Redis.Stop()
	for _, r := range []req{
		{method: "POST", path: "/api/v1/otp", body: map[string]string{"phone": "0912345678"}},
		{method: "GET", path: "/api/v1/sites/centre/slots?service=dat-dai"},
		{method: "POST", path: "/api/v1/sites/centre/bookings", body: map[string]string{"service": "dat-dai", "date": "2026-11-24", "start": "09:00", "phone": "0912345678", "code": "123456"}},
		{method: "GET", path: "/api/v1/bookings/" + b.ID},
		{method: "DELETE", path: "/api/v1/bookings/" + b.ID},
		{method: "POST", path: "/api/v1/sites/centre/tickets", body: map[string]string{"service": "dat-dai", "channel": "online", "phone": "0912345678", "code": "123456"}},
		{method: "POST", path: "/api/v1/tickets/centre.aaaaaaaaaaaaaaaaaaaaaaaa/postpone"},
	} {
		res, err := h.send(r)
		if err != nil {
			t.Fatal(err)
		}
		if code, _ := res.errorOf(t); res.status != 503 || code != "unavailable" {
			t.Errorf("%s %s with Redis down: got %d %s, want 503 unavailable", r.method, r.path, res.status, res.body)
		}
	}
	h.env.Redis.Restart()
	// the client's pool reconnects by itself, within a few seconds
	deadline := time.Now().Add(15 * time.Second)
	r := h.do(t, req{method: "GET", path: "/api/v1/bookings/" + b.ID})
	for r.status == 503 && time.Now().Before(deadline) {
		time.Sleep(100 * time.Millisecond)
		r = h.do(t, req{method: "GET", path: "/api/v1/bookings/" + b.ID})
	}
	var got booking
	r.want(t, 200).decode(t, &got)
	if got.Status != "booked" {
		t.Errorf("after the outage: %q, want booked (nothing changed)", got.Status)
	}
	h.book(t, "centre", "dat-dai", "2026-11-24", "09:00", "0912345678")
}
