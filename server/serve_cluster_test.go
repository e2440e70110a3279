package main

import (
	"bytes"
	"context"
	"testing"

	"luot/server/internal/redistest"
	"luot/server/internal/testserver"
)

// TestServeOnCluster runs `luot serve` and `luot demo` on a Redis Cluster of three masters
// with a replica each (REDIS_URL redis+cluster://, LUOT_REDIS_REPLICAS=1): the start-up (the
// schema, the scripts, the admin, the feed) completes, /readyz says ready, the admin logs in,
// and the demo's users, devices and pairing codes are written — no script or transaction
// touches keys of two slots.
func TestServeOnCluster(t *testing.T) {
	c := redistest.StartCluster(t)
	s := startServe(t, map[string]string{"REDIS_URL": c.URL(), "LUOT_REDIS_REPLICAS": "1", "LUOT_ADMIN_PASSWORD": "mat-khau-cum",
		"LUOT_ALWAYS_OPEN": "1"})
	waitReady(t, s)
	got, token := login(t, s.URL, "mat-khau-cum")
	if got != 200 || token == "" {
		t.Fatalf("admin login on the cluster: got %d, want 200 and a token; output:\n%s", got, s.out.String())
	}
	// the admin's token works (auth.lua), creates a kiosk, and the kiosk issues a ticket over
	// HTTP — through the test server's request helper, aimed at this process
	live := testserver.Server{URL: s.URL}
	var device struct{ Token string }
	live.Do(t, token, "POST", "/api/v1/admin/devices", map[string]string{"site": "ttpvhcc", "kind": "kiosk", "name": "Ki-ốt 1"}, 201, &device)
	var ticket struct{ Number string }
	live.Do(t, device.Token, "POST", "/api/v1/sites/ttpvhcc/tickets", map[string]string{"service": "dat-dai"}, 201, &ticket)
	if ticket.Number != "A001" {
		t.Errorf("first ticket on the cluster: got %q, want A001", ticket.Number)
	}
	live.Do(t, token, "GET", "/api/v1/admin/devices", nil, 200, nil)
	live.Do(t, token, "GET", "/api/v1/admin/users", nil, 200, nil)

	env := map[string]string{"REDIS_URL": c.URL(), "LUOT_CONFIG": "../config/binhduong.yaml", "LUOT_PUBLIC_URL": "http://luot.test",
		"LUOT_ALWAYS_OPEN": "1", "LUOT_REDIS_REPLICAS": "1"}
	var out, errs bytes.Buffer
	if code := run(context.Background(), []string{"demo"}, func(k string) string { return env[k] }, nil, &out, &errs); code != 0 {
		t.Fatalf("demo on the cluster: exit %d: %s", code, errs.String())
	}
}
