package api_test

import (
	"context"
	"strings"
	"testing"
)

// TestStoreFull: when Redis refuses writes for want of memory (maxmemory with noeviction,
// as deploy/redis.conf ships), a write answers 503 store_full with a clear message in both
// languages and changes nothing; reads go on; once memory is there again, writes work.
func TestStoreFull(t *testing.T) {
	t.Parallel()
	h, _, kiosk := newCentre(t)
	h.issue(t, kiosk, "centre", "dat-dai")
	rdb := h.env.Redis.Client()
	ctx := context.Background()
	if err := rdb.ConfigSet(ctx, "maxmemory-policy", "noeviction").Err(); err != nil {
		t.Fatal(err)
	}
	if err := rdb.ConfigSet(ctx, "maxmemory", "1").Err(); err != nil {
		t.Fatal(err)
	}
	issue := req{method: "POST", path: "/api/v1/sites/centre/tickets", token: kiosk, body: map[string]string{"service": "dat-dai"}}
	r := h.do(t, issue)
	r.wantError(t, 503, "store_full")
	if _, msg := r.errorOf(t); !strings.Contains(msg, "bộ nhớ") {
		t.Errorf("Vietnamese message: got %q", msg)
	}
	issue.header = map[string]string{"Accept-Language": "en"}
	if _, msg := h.do(t, issue).errorOf(t); !strings.Contains(msg, "memory") {
		t.Errorf("English message: got %q", msg)
	}
	h.do(t, req{method: "POST", path: "/api/v1/auth/login", body: map[string]string{"username": "admin", "password": testPassword}}).wantError(t, 503, "store_full")
	if got := h.site(t, "centre").waiting("dat-dai"); got != 1 {
		t.Errorf("waiting while full: got %d, want the 1 issued before", got)
	}
	if err := rdb.ConfigSet(ctx, "maxmemory", "0").Err(); err != nil {
		t.Fatal(err)
	}
	issue.header = nil
	h.do(t, issue).want(t, 201)
	if got := h.site(t, "centre").waiting("dat-dai"); got != 2 {
		t.Errorf("waiting after: got %d, want 2", got)
	}
}
