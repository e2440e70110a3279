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
	"luot/server/internal/testserver"
	"luot/server/store"
)

// TestServeUpgradesAVersion1Store starts the server on a store written as the release
// before schema versions wrote it (tickets, a user with a login session and a kiosk with its
// token in the one slot {auth}, no luot:schema key): it migrates the store to the current
// version, serves the old tickets, the officer stays signed in and the kiosk keeps issuing.
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
	// a session and a device's token as version 1 kept them: luot:{auth}:session:<hash>,
	// luot:{auth}:devtoken:<hash>
	if err := env.Store.PutUser(ctx, store.User{Username: "lan", FullName: "Lan", Role: "officer", Sites: []string{"centre"}}); err != nil {
		t.Fatal(err)
	}
	lan, err := env.Store.User(ctx, "lan")
	if err != nil {
		t.Fatal(err)
	}
	rdb := env.Store.Client()
	session, kiosk := store.HashToken("phien-truoc-nang-cap"), store.HashToken("ki-ot-truoc-nang-cap")
	rdb.HSet(ctx, "luot:{auth}:session:"+session, "username", "lan", "gen", lan.Gen, "csrf", "c")
	rdb.Expire(ctx, "luot:{auth}:session:"+session, time.Hour)
	rdb.HSet(ctx, "luot:{auth}:device:kiosk-cu", "id", "kiosk-cu", "site", "centre", "kind", "kiosk", "name", "Ki-ốt",
		"created_at", 1, "created_by", "admin", "token", kiosk)
	rdb.SAdd(ctx, "luot:{auth}:devices", "kiosk-cu")
	if err := rdb.Set(ctx, "luot:{auth}:devtoken:"+kiosk, "kiosk-cu", 0).Err(); err != nil {
		t.Fatal(err)
	}
	orgFile := filepath.Join(t.TempDir(), "org.yaml")
	if err := os.WriteFile(orgFile, []byte(testenv.OrgYAML), 0o644); err != nil {
		t.Fatal(err)
	}
	s := startServe(t, map[string]string{"REDIS_URL": env.Redis.URL(), "LUOT_CONFIG": orgFile, "LUOT_ADMIN_PASSWORD": "mat-khau-quan-tri",
		"LUOT_ALWAYS_OPEN": "1"})
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
	var me struct{ User struct{ Username string } }
	api := &testserver.Server{URL: s.URL}
	api.Do(t, "phien-truoc-nang-cap", "GET", "/api/v1/auth/me", nil, 200, &me)
	if me.User.Username != "lan" {
		t.Errorf("the session of before the upgrade is %q's, want lan's", me.User.Username)
	}
	var ticket struct{ Number string }
	api.Do(t, "ki-ot-truoc-nang-cap", "POST", "/api/v1/sites/centre/tickets", map[string]string{"service": "dat-dai"}, 201, &ticket)
	if !strings.HasPrefix(ticket.Number, "A") {
		t.Errorf("the kiosk of before the upgrade issued %q, want a number of dat-dai", ticket.Number)
	}
	if n := rdb.Exists(ctx, "luot:{auth}:session:"+session, "luot:{auth}:devtoken:"+kiosk).Val(); n != 0 {
		t.Errorf("%d keys of the old shape are left", n)
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
