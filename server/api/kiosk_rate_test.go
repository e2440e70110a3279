package api_test

import (
	"strconv"
	"sync"
	"testing"
	"time"

	"luot/server/internal/testenv"
	"luot/server/queue"
)

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
	statuses := make([]int, flood)
	var wg sync.WaitGroup
	for i := range flood {
		wg.Go(func() {
			r := issue(kiosk, "")
			statuses[i] = r.status
			if r.status == 429 {
				code, _ := r.errorOf(t)
				secs, err := strconv.Atoi(r.header.Get("Retry-After"))
				if code != "rate_limited" || err != nil || secs < 1 || secs > 60 {
					t.Errorf("429: code %q, Retry-After %q; want rate_limited and 1..60 s", code, r.header.Get("Retry-After"))
				}
			}
		})
	}
	wg.Wait()
	count := map[int]int{}
	for _, s := range statuses {
		count[s]++
	}
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
