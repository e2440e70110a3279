package store

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"luot/server/internal/redistest"
	"luot/server/queue"
)

// TestTokensOnCluster runs the tokens on a Redis Cluster of three masters: the sessions of
// one user land in many slots on every master (CLUSTER KEYSLOT), each resolves, ending one
// ends only it, a disable and a reset of the user end all of them at once; a device's token
// resolves, re-pairing ends it, deleting the device ends the new one; login attempts are
// counted; and the step to schema version 2 moves old-shaped tokens across slots.
func TestTokensOnCluster(t *testing.T) {
	c := redistest.StartCluster(t)
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	client, err := NewClient(c.URL())
	if err != nil {
		t.Fatal(err)
	}
	defer client.Close()
	s := New(client, time.UTC, Options{}) // no FollowRevocations: every Resolve asks Redis

	if err := s.PutUser(ctx, User{Username: "Lan", FullName: "Nguyễn Thị Lan", Role: queue.RoleOfficer, Sites: []string{"centre"}}); err != nil {
		t.Fatal(err)
	}
	u, err := s.User(ctx, "lan")
	if err != nil {
		t.Fatal(err)
	}
	const n = 64
	slots, masters := map[int64]bool{}, map[string]bool{}
	tokens := make([]string, n)
	for i := range tokens {
		tokens[i] = fmt.Sprintf("phien-%d", i)
		if err := s.NewSession(ctx, tokens[i], u, "csrf", time.Hour); err != nil {
			t.Fatal(err)
		}
		key := sessionKey(HashToken(tokens[i]))
		slot, err := c.Client().ClusterKeySlot(ctx, key).Result()
		if err != nil {
			t.Fatal(err)
		}
		slots[slot] = true
		masters[c.MasterOf(key).Addr()] = true
	}
	if len(slots) < n*3/4 || len(masters) != 3 {
		t.Errorf("%d sessions landed in %d slots on %d masters; want nearly one slot each, on all 3", n, len(slots), len(masters))
	}
	t.Logf("%d sessions: %d slots, %d masters", n, len(slots), len(masters))
	for _, tok := range tokens {
		if p, err := s.Resolve(ctx, tok); err != nil || p.User == nil || p.User.Username != "Lan" {
			t.Fatalf("resolve %s: %+v, %v", tok, p, err)
		}
	}
	if err := s.DeleteSession(ctx, tokens[0]); err != nil {
		t.Fatal(err)
	}
	unauthorized(t, s, "a session ended", tokens[0])
	if _, err := s.Resolve(ctx, tokens[1]); err != nil {
		t.Fatalf("another session after one ended: %v", err)
	}
	disabled := *u
	disabled.Disabled = true
	if err := s.PutUser(ctx, disabled); err != nil {
		t.Fatal(err)
	}
	unauthorized(t, s, "the user disabled", tokens[1:]...)
	if err := s.PutUser(ctx, *u); err != nil { // enabled again, same generation
		t.Fatal(err)
	}
	if _, err := s.Resolve(ctx, tokens[2]); err != nil {
		t.Fatalf("a session after the user is enabled again: %v", err)
	}
	reset := *u
	reset.Gen = "" // a new generation: a password reset
	if err := s.PutUser(ctx, reset); err != nil {
		t.Fatal(err)
	}
	unauthorized(t, s, "the user reset", tokens[1:]...)

	// a device: its token, a pairing code redeemed (a new token), deleted
	if err := s.CreateDevice(ctx, Device{ID: "kiosk-1", Site: "centre", Kind: queue.DeviceKiosk, Name: "Ki-ốt"}, "thiet-bi-1"); err != nil {
		t.Fatal(err)
	}
	if p, err := s.Resolve(ctx, "thiet-bi-1"); err != nil || p.Device == nil || p.Device.ID != "kiosk-1" {
		t.Fatalf("the device's token: %+v, %v", p, err)
	}
	code, err := s.NewPairCode(ctx, "kiosk-1", time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	if d, _, err := s.Pair(ctx, code, queue.DeviceKiosk, "10.0.0.7", "thiet-bi-2", PairLimits{Window: time.Minute, Addr: 5, All: 5}); err != nil || d == nil {
		t.Fatalf("pair: %+v, %v", d, err)
	}
	unauthorized(t, s, "the device paired anew: its earlier token", "thiet-bi-1")
	if p, err := s.Resolve(ctx, "thiet-bi-2"); err != nil || p.Device == nil {
		t.Fatalf("the device's new token: %+v, %v", p, err)
	}
	if err := s.DeleteDevice(ctx, "kiosk-1"); err != nil {
		t.Fatal(err)
	}
	unauthorized(t, s, "the device deleted", "thiet-bi-2")

	lim := LoginLimits{Window: time.Minute, AddrUser: 2, Addr: 10, User: 10}
	for i, want := range []bool{false, false, true} {
		wait, err := s.LoginAttempt(ctx, "10.0.0.8", "lan", lim)
		if err != nil || (wait > 0) != want {
			t.Fatalf("login attempt %d: wait %v, %v; want a wait: %v", i, wait, err, want)
		}
	}

	// the step to version 2 on a cluster: old keys in {auth}, new ones in their slots
	u, _ = s.User(ctx, "lan")
	old, devTok := v1Tokens(t, s, u, 50, "kiosk-cu")
	if err := migrateV2TokenSlots(ctx, s, "", func(string) error { return nil }); err != nil {
		t.Fatalf("the step on a cluster: %v", err)
	}
	for _, tok := range append(old, devTok) {
		if _, err := s.Resolve(ctx, tok); err != nil {
			t.Fatalf("%s after the step on a cluster: %v", tok, err)
		}
		if n, _ := s.rdb.Exists(ctx, legacySessionKey(HashToken(tok))).Result(); n != 0 {
			t.Errorf("%s: its old key is left", tok)
		}
	}
}

// unauthorized checks that each token resolves to nothing.
func unauthorized(t *testing.T, s *Store, what string, tokens ...string) {
	t.Helper()
	for _, tok := range tokens {
		if p, err := s.Resolve(context.Background(), tok); !errors.Is(err, queue.ErrUnauthorized) {
			t.Fatalf("%s: %s resolves to %+v, %v; want ErrUnauthorized", what, tok, p, err)
		}
	}
}
