package api_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"sync"
	"testing"
	"time"

	"luot/config"
	"luot/server/internal/testenv"
	"luot/server/internal/testserver"
	"luot/server/queue"
)

// TestLoginCountsBeforeComparing is issue 10's 60 concurrent guesses: against a limit of 5
// per address and user, at most 5 passwords are compared (each compare answers 401; the
// rest are refused before it with 429), however the requests interleave.
func TestLoginCountsBeforeComparing(t *testing.T) {
	t.Parallel()
	h := newHarness(t, nil)
	h.addUser(t, "muc-tieu", queue.RoleOfficer, "centre")
	const guesses = 60
	count := atOnce(guesses, func(i int) *resp {
		r, err := h.send(req{method: "POST", path: "/api/v1/auth/login",
			body: map[string]string{"username": "muc-tieu", "password": fmt.Sprintf("doan-%d", i)}})
		if err != nil {
			t.Error(err)
			return &resp{}
		}
		if r.status == 429 && r.header.Get("Retry-After") == "" {
			t.Error("429 without Retry-After")
		}
		return r
	})
	if count[401] != 5 || count[429] != guesses-5 {
		t.Errorf("got %v, want 5 × 401 (passwords compared) and %d × 429", count, guesses-5)
	}
}

// proxied is a server behind a reverse proxy on the same host (LUOT_TRUST_PROXY=true): the
// test's requests come from 127.0.0.1 with X-Forwarded-For.
func proxied(t *testing.T) *testserver.Server {
	t.Helper()
	return testserver.StartWithSettings(t, testenv.New(t), func(s *config.Settings) { s.TrustProxy = true })
}

// loginFrom posts a login with an X-Forwarded-For header and returns the status.
func loginFrom(t *testing.T, s *testserver.Server, forwarded, username, password string) int {
	t.Helper()
	body, _ := json.Marshal(map[string]string{"username": username, "password": password})
	r, err := http.NewRequest("POST", s.URL+"/api/v1/auth/login", bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	r.Header.Set("Content-Type", "application/json")
	r.Header.Set("X-Forwarded-For", forwarded)
	res, err := http.DefaultClient.Do(r)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	return res.StatusCode
}

// TestLoginLockIsPerAddress: five wrong passwords from one address lock the user out from
// that address only; the officer still signs in from another.
func TestLoginLockIsPerAddress(t *testing.T) {
	t.Parallel()
	s := proxied(t)
	s.User(t, "can-bo-x", queue.RoleOfficer, "centre")
	for i := range 5 {
		if got := loginFrom(t, s, "203.0.113.1", "can-bo-x", fmt.Sprintf("sai-%d", i)); got != 401 {
			t.Fatalf("wrong password %d from X: got %d, want 401", i, got)
		}
	}
	if got := loginFrom(t, s, "203.0.113.1", "can-bo-x", "can-bo-x-pass"); got != 429 {
		t.Errorf("the right password from X after 5 failures: got %d, want 429", got)
	}
	if got := loginFrom(t, s, "203.0.113.2", "can-bo-x", "can-bo-x-pass"); got != 200 {
		t.Errorf("the right password from Y: got %d, want 200 (X's failures lock X only)", got)
	}
}

// TestLoginForgedForwardedFor: behind the proxy, a client that writes a new X-Forwarded-For
// each time (the proxy appends the address it saw) is still one address, and meets the
// per-address limit (30 failures over any usernames).
func TestLoginForgedForwardedFor(t *testing.T) {
	t.Parallel()
	s := proxied(t)
	for i := range 30 {
		forged := fmt.Sprintf("198.51.100.%d, 203.0.113.9", i)
		if got := loginFrom(t, s, forged, fmt.Sprintf("doan-ten-%d", i), "sai"); got != 401 {
			t.Fatalf("guess %d: got %d, want 401", i, got)
		}
	}
	if got := loginFrom(t, s, "198.51.100.200, 203.0.113.9", "doan-ten-x", "sai"); got != 429 {
		t.Errorf("guess 31 with yet another forged hop: got %d, want 429", got)
	}
	// the limit is the client's, not the proxy's: someone else behind it signs in
	s.User(t, "nguoi-khac", queue.RoleOfficer, "centre")
	if got := loginFrom(t, s, "203.0.113.10", "nguoi-khac", "nguoi-khac-pass"); got != 200 {
		t.Errorf("another client behind the proxy: got %d, want 200", got)
	}
}

// TestKioskPerMinute is issue 10's flood: one kiosk issues at most kiosk_per_minute (60 by
// default) tickets in any minute, counted atomically in Redis however the requests
// interleave; past it 429 rate_limited with Retry-After. Other kiosks and staff are not
// slowed, a retry of an issued ticket still gets its answer, and a minute later the kiosk
// issues again.
func TestKioskPerMinute(t *testing.T) {
	t.Parallel()
	h := newHarness(t, nil)
	h.env.Engine.SetOrg(testenv.KioskOrg(t)) // kiosk_per_minute at its default
	if got := h.env.Engine.Org().Site("centre").KioskPerMinute; got != 60 {
		t.Fatalf("kiosk_per_minute: got %d, want the default 60", got)
	}
	admin := h.user(t, "admin", queue.RoleAdmin)
	_, kiosk := h.device(t, admin, "centre", "kiosk", "")
	_, other := h.device(t, admin, "centre", "kiosk", "")
	issue := func(token, key string) *resp {
		r := req{method: "POST", path: "/api/v1/sites/centre/tickets", token: token, body: map[string]string{"service": "dat-dai"}}
		if key != "" {
			r.header = map[string]string{"Idempotency-Key": key}
		}
		res, err := h.send(r)
		if err != nil {
			t.Error(err)
			return &resp{}
		}
		return res
	}
	first := issue(kiosk, "lan-dau").want(t, 201)

	const flood = 100
	count := atOnce(flood, func(int) *resp {
		r := issue(kiosk, "")
		if r.status == 429 {
			code, _ := r.errorOf(t)
			secs, err := strconv.Atoi(r.header.Get("Retry-After"))
			if code != "rate_limited" || err != nil || secs < 1 || secs > 60 {
				t.Errorf("429: code %q, Retry-After %q; want rate_limited and 1..60 s", code, r.header.Get("Retry-After"))
			}
		}
		return r
	})
	if count[201] != 59 || count[429] != flood-59 {
		t.Fatalf("got %v, want 59 × 201 (60 with the first) and %d × 429", count, flood-59)
	}
	again := issue(kiosk, "lan-dau").want(t, 201) // a retry of an issued ticket is no new ticket
	if string(again.body) != string(first.body) {
		t.Errorf("retry: got %s, want the first answer %s", again.body, first.body)
	}
	issue(other, "").want(t, 201)
	for range 5 {
		issue(admin, "").want(t, 201) // staff are not capped
	}
	h.env.Clock.Advance(61 * time.Second)
	issue(kiosk, "").want(t, 201)
}

// atOnce sends n requests at the same time, send(i) sending the i-th, and counts their
// answers by status (0 for a request that got none).
func atOnce(n int, send func(i int) *resp) map[int]int {
	statuses := make([]int, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() { statuses[i] = send(i).status })
	}
	wg.Wait()
	count := map[int]int{}
	for _, s := range statuses {
		count[s]++
	}
	return count
}
