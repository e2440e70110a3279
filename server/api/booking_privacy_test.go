package api_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"luot/server/queue"
)

// TestPhonesKeptOnlyAsLongAsTheyServe: a booking (and the phone in it) expires retention_days
// after its day; the ticket, its PDF, the public site view and the public feed's data never
// carry the phone; the limits keep only a hash; the day's watch list lasts two days.
func TestPhonesKeptOnlyAsLongAsTheyServe(t *testing.T) {
	h := newBookingHarness(t, nil)
	const phone = "0901234567"
	b := h.book(t, "centre", "dat-dai", "2026-11-23", "10:00", phone)
	ctx := context.Background()
	rdb := h.env.Redis.Client()
	ttl, err := rdb.TTL(ctx, "luot:{centre}:bk:"+b.ID).Result()
	// Monday 09:00, the booking of Monday: kept until the end of the 30th day after it
	want := time.Date(2026, 11, 23, 0, 0, 0, 0, testenvLoc).AddDate(0, 0, 31).Sub(time.Date(2026, 11, 23, 9, 0, 0, 0, testenvLoc))
	if err != nil || ttl <= 0 || ttl > want || ttl < want-time.Minute {
		t.Errorf("booking kept %v (%v), want %v (retention_days 30 after its day)", ttl, err, want)
	}
	h.env.Clock.Set(time.Date(2026, 11, 23, 9, 45, 0, 0, testenvLoc))
	officer := h.user(t, "canbo", queue.RoleOfficer, "centre")
	var tk apptTicket
	h.checkin(t, officer, "centre", b.Code).want(t, 201).decode(t, &tk)
	for _, path := range []string{"/api/v1/tickets/" + tk.ID, "/api/v1/sites/centre", "/api/v1/tickets/" + tk.ID + "/history"} {
		r := h.do(t, req{method: "GET", path: path, token: officer})
		if strings.Contains(string(r.body), phone) || strings.Contains(string(r.body), "****") {
			t.Errorf("%s carries the phone: %s", path, r.body)
		}
	}
	// the site's event log, which feeds every display, holds no phone
	events, err := rdb.XRange(ctx, "luot:{centre}:events", "-", "+").Result()
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range events {
		for _, v := range e.Values {
			if s, _ := v.(string); strings.Contains(s, phone) {
				t.Errorf("event %s carries the phone", e.ID)
			}
		}
	}
	// the limits count a hash; the watch list of the day holds the phone for a day at most
	keys, _ := rdb.Keys(ctx, "luot:{person:*").Result()
	if len(keys) == 0 {
		t.Fatal("no person keys")
	}
	for _, k := range keys {
		if strings.Contains(k, phone) {
			t.Errorf("a limit key names the phone: %s", k)
		}
	}
	if ttl, _ := rdb.TTL(ctx, "luot:{centre}:watch:20261123").Result(); ttl <= 0 || ttl > 48*time.Hour {
		t.Errorf("the day's watch list lives %v, want at most two days", ttl)
	}
	if ttl, _ := rdb.TTL(ctx, "luot:{notify}:m:booking_confirmed-"+b.ID).Result(); ttl <= 0 || ttl > 48*time.Hour {
		t.Errorf("the confirmation message lives %v, want at most 48 h", ttl)
	}
}
