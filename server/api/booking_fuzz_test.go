package api_test

import (
	"encoding/json"
	"io"
	"log/slog"
	"net/url"
	"testing"

	"luot/server/queue"
)

// The booking endpoints' decoders get arbitrary bodies through the whole app on a real Redis:
// never a 500, always the contract's error body. `go test -fuzz=FuzzBookingBodies ./server/api/`
// explores further.
func FuzzBookingBodies(f *testing.F) {
	h := newBookingHarness(f, nil)
	h.harness.srv.Log = slog.New(slog.NewTextHandler(io.Discard, nil))
	admin := h.user(f, "quantri", queue.RoleAdmin)
	for _, s := range fuzzSeeds {
		f.Add(uint8(0), []byte(s))
	}
	f.Add(uint8(0), []byte(`{"phone":"0901234567"}`))
	f.Add(uint8(1), []byte(`{"service":"dat-dai","date":"2026-11-24","start":"08:30","phone":"0901234567","code":"123456"}`))
	f.Add(uint8(1), []byte(`{"service":"dat-dai","date":"2026-11-24","start":"08:30","phone":"0901234567","code":"123456","id_number":"12"}`))
	f.Add(uint8(2), []byte(`{"code":"K7Q2XM"}`))
	f.Add(uint8(2), []byte(`{"code":"k7q 2xm"}`))
	f.Add(uint8(3), []byte(`{"service":"dat-dai","channel":"online","phone":"+84901234567","code":"000000"}`))
	f.Fuzz(func(t *testing.T, which uint8, body []byte) {
		var r *resp
		var err error
		switch which % 4 {
		case 0:
			r, err = h.send(req{method: "POST", path: "/api/v1/otp", body: body})
		case 1:
			r, err = h.send(req{method: "POST", path: "/api/v1/sites/centre/bookings", body: body})
		case 2:
			r, err = h.send(req{method: "POST", path: "/api/v1/sites/centre/checkin", token: admin, body: body})
		case 3:
			r, err = h.send(req{method: "POST", path: "/api/v1/sites/centre/tickets", body: body})
		}
		if err != nil {
			t.Fatal(err)
		}
		checkAnswer(t, body, r, 201, 202, 400, 401, 404, 409, 413, 415, 429)
	})
}

// FuzzSlotsQuery: whatever the service and dates of GET …/slots, the answer is 200, 400 or
// 404 with the contract's body, and never a day outside the horizon.
func FuzzSlotsQuery(f *testing.F) {
	h := newBookingHarness(f, nil)
	h.harness.srv.Log = slog.New(slog.NewTextHandler(io.Discard, nil))
	f.Add("dat-dai", "", "")
	f.Add("dat-dai", "2026-11-24", "2026-11-25")
	f.Add("dat-dai", "2026-11-30", "2026-11-01")
	f.Add("dat-dai", "0000-01-01", "9999-12-31")
	f.Add("ho-tich", "2026-02-30", "x")
	f.Add("*", "", "")
	f.Fuzz(func(t *testing.T, service, from, to string) {
		q := url.Values{"service": {service}, "from": {from}, "to": {to}}
		r, err := h.send(req{method: "GET", path: "/api/v1/sites/centre/slots?" + q.Encode()})
		if err != nil {
			t.Fatal(err)
		}
		checkAnswer(t, []byte(q.Encode()), r, 200, 400, 404)
		if r.status == 200 {
			var d slotDays
			if err := json.Unmarshal(r.body, &d); err != nil {
				t.Fatal(err)
			}
			for _, day := range d.Days {
				if day.Date < "2026-11-23" || day.Date > "2026-11-29" {
					t.Fatalf("%s: a day outside the horizon: %s", q.Encode(), day.Date)
				}
			}
		}
	})
}
