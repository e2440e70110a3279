package api_test

import (
	"fmt"
	"net/netip"
	"strconv"
	"sync"
	"testing"

	"luot/config"
	"luot/server/queue"
)

// pairAnswer is the answer of POST /api/v1/devices/pair.
type pairAnswer struct {
	Token  string `json:"token"`
	Device struct {
		ID, Site, Kind, Counter string
	} `json:"device"`
}

// codeAnswer is a pairing code as the admin API gives it.
type codeAnswer struct {
	Code      string `json:"code"`
	ExpiresIn int    `json:"expires_in"`
}

// pair types a code on a device of kind from an address.
func (h *harness) pair(tb testing.TB, code, kind, addr string) *resp {
	tb.Helper()
	return h.do(tb, req{method: "POST", path: "/api/v1/devices/pair", body: map[string]string{"code": code, "kind": kind},
		header: map[string]string{"X-Forwarded-For": addr}})
}

// newDevice registers a device and returns its id, token and pairing code.
func (h *harness) newDevice(tb testing.TB, by, site, kind, counter string) (id, token, code string) {
	tb.Helper()
	r := h.do(tb, req{method: "POST", path: "/api/v1/admin/devices", token: by,
		body: map[string]string{"site": site, "kind": kind, "counter": counter, "name": kind + " " + site}}).want(tb, 201)
	var a struct {
		ID, Token string
		PairCode  codeAnswer `json:"pair_code"`
	}
	r.decode(tb, &a)
	if len(a.PairCode.Code) != 6 || a.PairCode.ExpiresIn != 600 {
		tb.Fatalf("a new device's pairing code: %s", r.body)
	}
	return a.ID, a.Token, a.PairCode.Code
}

// trustProxy makes the harness believe X-Forwarded-For: app.Test's requests come from 0.0.0.0,
// taken here for a trusted proxy, so that each test request names its client's address.
func trustProxy(s *config.Settings) {
	s.TrustedProxies = []netip.Prefix{netip.MustParsePrefix("0.0.0.0/32")}
}

// TestPairByCode: a device registered on the admin page comes with a 6-digit code valid 10
// minutes; typed on the device's screen it gives the device a token of its own (the token
// of the pairing address stops working) and is burnt; a new code for an existing device burns
// the old one; a code of a display does not pair a kiosk (and is kept); a revoked device's
// code pairs nothing; codes are made only by those who oversee the device's site.
func TestPairByCode(t *testing.T) {
	t.Parallel()
	h := newHarnessWith(t, nil, trustProxy)
	admin := h.user(t, "admin", queue.RoleAdmin)
	id, linkToken, code := h.newDevice(t, admin, "centre", "kiosk", "")

	h.pair(t, code, "display", "10.0.0.1").wantError(t, 400, "bad_request") // a kiosk's code on a display
	r := h.pair(t, code, "kiosk", "10.0.0.1").want(t, 200)
	var p pairAnswer
	r.decode(t, &p)
	if p.Token == "" || p.Token == linkToken || p.Device.ID != id || p.Device.Kind != "kiosk" || p.Device.Site != "centre" {
		t.Fatalf("paired: %s", r.body)
	}
	h.do(t, req{method: "GET", path: "/api/v1/devices/me", token: p.Token}).want(t, 200)
	h.do(t, req{method: "GET", path: "/api/v1/devices/me", token: linkToken}).want(t, 401)
	h.do(t, req{method: "POST", path: "/api/v1/sites/centre/tickets", token: p.Token, body: map[string]string{"service": "dat-dai"}}).want(t, 201)
	h.pair(t, code, "kiosk", "10.0.0.1").wantError(t, 400, "bad_request") // burnt

	// a new code for the device: the one before it stops working
	var first, second codeAnswer
	h.do(t, req{method: "POST", path: "/api/v1/admin/devices/" + id + "/pair-code", token: admin}).want(t, 201).decode(t, &first)
	h.do(t, req{method: "POST", path: "/api/v1/admin/devices/" + id + "/pair-code", token: admin}).want(t, 201).decode(t, &second)
	if first.Code == second.Code { // a draw that names a live code is drawn again
		t.Fatalf("the new code %s is the one before it", second.Code)
	}
	h.pair(t, first.Code, "kiosk", "10.0.0.2").wantError(t, 400, "bad_request")
	var again pairAnswer
	h.pair(t, second.Code, "kiosk", "10.0.0.2").want(t, 200).decode(t, &again)
	h.do(t, req{method: "GET", path: "/api/v1/devices/me", token: p.Token}).want(t, 401) // the kiosk replaced
	h.do(t, req{method: "GET", path: "/api/v1/devices/me", token: again.Token}).want(t, 200)

	// a revoked device's live code pairs nothing
	rid, _, rcode := h.newDevice(t, admin, "centre", "display", "")
	h.do(t, req{method: "DELETE", path: "/api/v1/admin/devices/" + rid, token: admin}).want(t, 204)
	h.pair(t, rcode, "display", "10.0.0.3").wantError(t, 400, "bad_request")

	// who may make codes: those who oversee the device's site
	sup := h.user(t, "giam-sat", queue.RoleSupervisor, "centre")
	officer := h.user(t, "can-bo", queue.RoleOfficer, "centre")
	pointSup := h.user(t, "gs-diem", queue.RoleSupervisor, "point")
	h.do(t, req{method: "POST", path: "/api/v1/admin/devices/" + id + "/pair-code", token: sup}).want(t, 201)
	h.do(t, req{method: "POST", path: "/api/v1/admin/devices/" + id + "/pair-code", token: officer}).want(t, 403)
	h.do(t, req{method: "POST", path: "/api/v1/admin/devices/" + id + "/pair-code", token: pointSup}).want(t, 403)
	h.do(t, req{method: "POST", path: "/api/v1/admin/devices/" + id + "/pair-code"}).want(t, 401)
	h.do(t, req{method: "POST", path: "/api/v1/admin/devices/nope/pair-code", token: admin}).want(t, 404)

	// malformed input is refused before anything is counted or tried
	for _, body := range []any{map[string]string{"code": "12345", "kind": "kiosk"}, map[string]string{"code": "1234567", "kind": "kiosk"},
		map[string]string{"code": "12a456", "kind": "kiosk"}, map[string]string{"code": second.Code, "kind": "tv"}, "{", map[string]int{"code": 123456}} {
		r := h.do(t, req{method: "POST", path: "/api/v1/devices/pair", body: body})
		if r.status != 400 {
			t.Errorf("pair %v: got %d, want 400: %s", body, r.status, r.body)
		}
	}
}

// TestPairByCodeGuessing: a brute-force attempt is cut off. One address gets 10 attempts in
// 10 minutes, then 429 with Retry-After (even with the right code, so guessing stops there);
// many addresses together get 100, then everyone waits; attempts made at the same instant
// never pass the limit.
func TestPairByCodeGuessing(t *testing.T) {
	t.Parallel()
	h := newHarnessWith(t, nil, trustProxy)
	admin := h.user(t, "admin", queue.RoleAdmin)
	_, _, code := h.newDevice(t, admin, "centre", "display", "")
	wrong := func(i int) string { // codes that are not the device's
		c := fmt.Sprintf("%06d", i)
		if c == code {
			c = fmt.Sprintf("%06d", i+500_000)
		}
		return c
	}

	for i := range 10 {
		h.pair(t, wrong(i), "display", "10.1.0.1").wantError(t, 400, "bad_request")
	}
	r := h.pair(t, code, "display", "10.1.0.1")
	r.wantError(t, 429, "rate_limited")
	if s, err := strconv.Atoi(r.header.Get("Retry-After")); err != nil || s < 1 || s > 600 {
		t.Errorf("Retry-After %q, want 1..600 seconds", r.header.Get("Retry-After"))
	}

	// 90 more wrong guesses from other addresses, at once: the limit in all holds under
	// concurrency, and the 101st attempt overall, from a fresh address, waits too
	var wg sync.WaitGroup
	statuses := make([]int, 120)
	for i := range statuses {
		wg.Add(1)
		go func() {
			defer wg.Done()
			res, err := h.send(req{method: "POST", path: "/api/v1/devices/pair", body: map[string]string{"code": wrong(100 + i), "kind": "display"},
				header: map[string]string{"X-Forwarded-For": fmt.Sprintf("10.2.%d.%d", i/200, i%200+1)}})
			if err == nil {
				statuses[i] = res.status
			}
		}()
	}
	wg.Wait()
	count := map[int]int{}
	for _, s := range statuses {
		count[s]++
	}
	if count[400] != 90 || count[429] != 30 {
		t.Errorf("120 guesses at once from 120 addresses after 10: got %v, want 90 × 400 and 30 × 429", count)
	}
	h.pair(t, code, "display", "10.3.0.1").wantError(t, 429, "rate_limited")
}
