package main

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"testing"

	"luot/server/internal/redistest"
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
	if got := login(t, s.URL, "mat-khau-cum"); got != 200 {
		t.Fatalf("admin login on the cluster: got %d, want 200; output:\n%s", got, s.out.String())
	}
	// the admin's token works (auth.lua), creates a kiosk, and the kiosk issues a ticket over HTTP
	var session struct{ Token string }
	call(t, "POST", s.URL+"/api/v1/auth/login", "", map[string]string{"username": "admin", "password": "mat-khau-cum"}, 200, &session)
	var device struct{ Token string }
	call(t, "POST", s.URL+"/api/v1/admin/devices", session.Token, map[string]string{"site": "ttpvhcc", "kind": "kiosk", "name": "Ki-ốt 1"}, 201, &device)
	var ticket struct{ Number string }
	call(t, "POST", s.URL+"/api/v1/sites/ttpvhcc/tickets", device.Token, map[string]string{"service": "dat-dai"}, 201, &ticket)
	if ticket.Number != "A001" {
		t.Errorf("first ticket on the cluster: got %q, want A001", ticket.Number)
	}
	call(t, "GET", s.URL+"/api/v1/admin/devices", session.Token, nil, 200, nil)
	call(t, "GET", s.URL+"/api/v1/admin/users", session.Token, nil, 200, nil)

	env := map[string]string{"REDIS_URL": c.URL(), "LUOT_CONFIG": "../config/binhduong.yaml", "LUOT_PUBLIC_URL": "http://luot.test",
		"LUOT_ALWAYS_OPEN": "1", "LUOT_REDIS_REPLICAS": "1"}
	var out, errs bytes.Buffer
	if code := run(context.Background(), []string{"demo"}, func(k string) string { return env[k] }, nil, &out, &errs); code != 0 {
		t.Fatalf("demo on the cluster: exit %d: %s", code, errs.String())
	}
}

// call sends a JSON request with a bearer token, checks the status and decodes the answer.
func call(t *testing.T, method, url, token string, body any, want int, out any) {
	t.Helper()
	var r *bytes.Reader
	if body != nil {
		b, _ := json.Marshal(body)
		r = bytes.NewReader(b)
	} else {
		r = bytes.NewReader(nil)
	}
	req, err := http.NewRequest(method, url, r)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, url, err)
	}
	defer res.Body.Close()
	var raw json.RawMessage
	_ = json.NewDecoder(res.Body).Decode(&raw)
	if res.StatusCode != want {
		t.Fatalf("%s %s: got %d %s, want %d", method, url, res.StatusCode, raw, want)
	}
	if out != nil {
		if err := json.Unmarshal(raw, out); err != nil {
			t.Fatalf("%s %s: decode %s: %v", method, url, raw, err)
		}
	}
}
