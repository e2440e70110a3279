package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"luot/server/internal/redistest"
	"luot/server/internal/testenv"
	"luot/server/store"
)

// TestServeUpgradesAVersion1Store starts the server on a store written as the release
// before schema versions wrote it (tickets, a user, no luot:schema key): it records the
// store's version, serves the old tickets, and says ready.
func TestServeUpgradesAVersion1Store(t *testing.T) {
	env := testenv.New(t)
	ctx := context.Background()
	tk, err := env.Engine.Issue(ctx, testenv.Kiosk("centre"), "centre", "dat-dai", "", "")
	if err != nil {
		t.Fatal(err)
	}
	if st, _ := env.Store.Schema(ctx); st.Version != 0 {
		t.Fatalf("the old release wrote no schema version; got %d", st.Version)
	}
	orgFile := filepath.Join(t.TempDir(), "org.yaml")
	if err := os.WriteFile(orgFile, []byte(testenv.OrgYAML), 0o644); err != nil {
		t.Fatal(err)
	}
	s := startServe(t, map[string]string{"REDIS_URL": env.Redis.URL(), "LUOT_CONFIG": orgFile, "LUOT_ADMIN_PASSWORD": "mat-khau-quan-tri"})
	waitReady(t, s)
	if st, err := env.Store.Schema(ctx); err != nil || st.Version != store.SchemaVersion() || st.Step != 0 {
		t.Errorf("after start: got schema %+v, %v; want version %d", st, err, store.SchemaVersion())
	}
	if status, body := get(t, s.URL+"/api/v1/tickets/"+tk.ID); status != 200 || !strings.Contains(string(body), `"number":"A001"`) {
		t.Errorf("the old ticket: got %d %s", status, body)
	}
	if got, _ := login(t, s.URL, "mat-khau-quan-tri"); got != 200 {
		t.Errorf("admin login: got %d", got)
	}
}

// TestServeRefusesANewerStore: a store whose schema version is newer than the binary's is
// not served: the server stops at once with a message naming both versions.
func TestServeRefusesANewerStore(t *testing.T) {
	r := redistest.Start(t)
	newer := store.SchemaVersion() + 1
	if err := r.Client().HSet(context.Background(), "luot:schema", "version", newer).Err(); err != nil {
		t.Fatal(err)
	}
	s := startServe(t, map[string]string{"REDIS_URL": r.URL()})
	select {
	case <-s.exited:
	case <-time.After(30 * time.Second):
		t.Fatalf("the server still runs 30 s after start on a newer store; output:\n%s", s.out.String())
	}
	if code := <-s.code; code != 1 {
		t.Errorf("exit code %d, want 1", code)
	}
	out := s.out.String()
	if !strings.Contains(out, "newer than this binary") || !strings.Contains(out, "schema version") {
		t.Errorf("the message does not say why: %s", out)
	}
}

// TestServeWaitsForRedisAtStart: started while Redis is down, the server answers /healthz,
// says on /readyz that it is starting (the schema check pending) and the API answers 503
// starting; once Redis is up it gets ready by itself.
func TestServeWaitsForRedisAtStart(t *testing.T) {
	r := redistest.Start(t)
	r.Stop()
	s := startServe(t, map[string]string{"REDIS_URL": r.URL(), "LUOT_ADMIN_PASSWORD": "mat-khau-quan-tri"})
	deadline := time.Now().Add(30 * time.Second)
	for {
		if status, _ := get(t, s.URL+"/healthz"); status == 200 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("/healthz never answered; output:\n%s", s.out.String())
		}
		time.Sleep(20 * time.Millisecond)
	}
	status, body := get(t, s.URL+"/readyz")
	if status != 503 || !strings.Contains(string(body), `"code":"starting"`) || !strings.Contains(string(body), `"pending":["schema","scripts","admin","feed"]`) {
		t.Errorf("/readyz with Redis down at start: got %d %s", status, body)
	}
	if status, body := get(t, s.URL+"/api/v1/sites"); status != 503 || !strings.Contains(string(body), `"code":"starting"`) {
		t.Errorf("the API before ready: got %d %s, want 503 starting", status, body)
	}
	if status, _ := get(t, s.URL+"/kiosk/"); status != 200 {
		t.Errorf("the kiosk page before ready: got %d, want 200 (the page says it waits)", status)
	}
	r.Restart()
	waitReady(t, s)
	if got, _ := login(t, s.URL, "mat-khau-quan-tri"); got != 200 {
		t.Errorf("admin login once ready: got %d", got)
	}
}
