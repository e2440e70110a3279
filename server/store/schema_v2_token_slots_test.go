package store

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"luot/server/internal/fakeclock"
	"luot/server/queue"
)

// v1Tokens writes, as schema version 1 did, n login sessions of user (luot:{auth}:session:…,
// an hour to live) and a device with its token (luot:{auth}:devtoken:…); it returns the
// sessions' tokens and the device's.
func v1Tokens(t *testing.T, s *Store, user *User, n int, device string) (sessions []string, deviceToken string) {
	t.Helper()
	ctx := context.Background()
	pipe := s.rdb.Pipeline()
	for i := range n {
		tok := fmt.Sprintf("phien-cu-%d", i)
		key := legacySessionKey(HashToken(tok))
		pipe.HSet(ctx, key, "username", user.Username, "gen", user.Gen, "csrf", "csrf-"+tok)
		pipe.Expire(ctx, key, time.Hour)
		sessions = append(sessions, tok)
	}
	deviceToken = "thiet-bi-cu-" + device
	h := HashToken(deviceToken)
	pipe.HSet(ctx, deviceKey(device), "id", device, "site", "centre", "kind", queue.DeviceKiosk, "name", "Ki-ốt cũ",
		"created_at", 1, "created_by", "admin", "token", h)
	pipe.SAdd(ctx, devicesKey, device)
	pipe.Set(ctx, legacyDeviceTokenKey(h), device, 0)
	if _, err := pipe.Exec(ctx); err != nil {
		t.Fatal(err)
	}
	return sessions, deviceToken
}

// TestMigrateV2MovesTokens: a store of version 1 with 2,500 sessions and a device: the step
// to version 2 is stopped after its first saved batch (a crash), then resumed; afterwards
// no key of the old shapes is left, every session and the device's token resolve from their
// new keys with their expiry kept, and running the step again changes nothing.
func TestMigrateV2MovesTokens(t *testing.T) {
	ctx := context.Background()
	s := testStore(t)
	v1Store(t, s, 5)
	user, err := s.User(ctx, "admin")
	if err != nil {
		t.Fatal(err)
	}
	const n = 2500
	sessions, devTok := v1Tokens(t, s, user, n, "kiosk-cu")
	clock := fakeclock.New(time.Now())

	crash := errors.New("crash after the first batch")
	crashing := Migration{To: 2, Name: "crashes", Run: func(ctx context.Context, s *Store, cursor string, save func(string) error) error {
		saves := 0
		return migrateV2TokenSlots(ctx, s, cursor, func(c string) error {
			if saves++; saves == 2 {
				return crash // batch 2 moved, its progress not saved
			}
			return save(c)
		})
	}}
	if _, _, err := s.migrate(ctx, []Migration{crashing}, clock, quietLog()); !errors.Is(err, ErrMigration) {
		t.Fatalf("the crashing step: got %v, want ErrMigration", err)
	}
	st, _ := s.Schema(ctx)
	left := len(s.rdb.Keys(ctx, legacySessionKey("*")).Val())
	if st.Version != 1 || st.Step != 2 || st.Cursor == "" || left == 0 || left == n {
		t.Fatalf("after the crash: schema %+v, %d of %d old sessions left; want a step in progress, some moved", st, left, n)
	}

	// the real steps resume from the saved cursor (the lock was released by the failed run)
	from, to, err := s.Migrate(ctx, clock, quietLog())
	if err != nil || from != 1 || to != 2 {
		t.Fatalf("resume: got %d → %d, %v; want 1 → 2", from, to, err)
	}
	if old := s.rdb.Keys(ctx, authPrefix+"*").Val(); len(old) == 0 {
		t.Fatal("the users and devices left {auth}")
	} else {
		for _, k := range old {
			if kind, _ := tokenOfKey(k); kind != "" {
				t.Errorf("%s is still of the old shape", k)
			}
		}
	}
	if got := len(s.rdb.Keys(ctx, "luot:{auth:*}:session:*").Val()); got != n {
		t.Errorf("got %d sessions of the new shape, want %d", got, n)
	}
	for i, tok := range sessions {
		if i%97 != 0 && i != n-1 {
			continue
		}
		p, err := s.Resolve(ctx, tok)
		if err != nil || p.User == nil || p.User.Username != "admin" || p.CSRF != "csrf-"+tok {
			t.Fatalf("session %d after the migration: got %+v, %v", i, p, err)
		}
		if ttl := s.rdb.PTTL(ctx, sessionKey(HashToken(tok))).Val(); ttl < 59*time.Minute || ttl > time.Hour {
			t.Errorf("session %d lives %v after the migration, want its hour", i, ttl)
		}
	}
	if p, err := s.Resolve(ctx, devTok); err != nil || p.Device == nil || p.Device.ID != "kiosk-cu" {
		t.Fatalf("the device's token after the migration: got %+v, %v", p, err)
	}

	// idempotent: a key copied but not yet deleted (a crash between the two) is copied again,
	// the same; moved keys are left as they are
	h := HashToken(sessions[0])
	if err := s.rdb.HSet(ctx, legacySessionKey(h), "username", "admin", "gen", user.Gen, "csrf", "csrf-"+sessions[0]).Err(); err != nil {
		t.Fatal(err)
	}
	s.rdb.PExpire(ctx, legacySessionKey(h), 30*time.Minute)
	if err := migrateV2TokenSlots(ctx, s, "", func(string) error { return nil }); err != nil {
		t.Fatalf("the step again: %v", err)
	}
	if s.rdb.Exists(ctx, legacySessionKey(h)).Val() != 0 || len(s.rdb.Keys(ctx, "luot:{auth:*}:session:*").Val()) != n {
		t.Error("the step run again left an old key or changed the count of sessions")
	}
	if p, err := s.Resolve(ctx, sessions[0]); err != nil || p.User == nil {
		t.Errorf("session 0 after the step ran again: %+v, %v", p, err)
	}
}

// TestPairKeysAreGos: the keys pair.lua builds from what it reads (k(): the device a code
// names, its live code, its earlier code) are the keys of keys.go's builders.
func TestPairKeysAreGos(t *testing.T) {
	ctx := context.Background()
	s := testStore(t)
	if err := s.CreateDevice(ctx, Device{ID: "tv-1", Site: "centre", Kind: queue.DeviceDisplay, Name: "TV"}, "tv-cu"); err != nil {
		t.Fatal(err)
	}
	first, err := s.NewPairCode(ctx, "tv-1", time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	second, err := s.NewPairCode(ctx, "tv-1", time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	if s.rdb.Exists(ctx, pairCodeKey(first)).Val() != 0 || s.rdb.Get(ctx, pairCodeKey(second)).Val() != "tv-1" {
		t.Errorf("a new code: the earlier code's key %s is kept, or the new one does not name the device", pairCodeKey(first))
	}
	d, _, err := s.Pair(ctx, second, queue.DeviceDisplay, "10.0.0.1", "tv-moi", PairLimits{Window: time.Minute, Addr: 5, All: 5})
	if err != nil || d == nil || d.ID != "tv-1" {
		t.Fatalf("pair: %+v, %v", d, err)
	}
	if got := s.rdb.HGet(ctx, deviceKey("tv-1"), "token").Val(); got != HashToken("tv-moi") {
		t.Errorf("the device record %s names token %q, want the new token's hash", deviceKey("tv-1"), got)
	}
	if s.rdb.Exists(ctx, devicePairKey("tv-1"), pairCodeKey(second)).Val() != 0 {
		t.Error("the device's live code is kept after pairing")
	}
	if s.rdb.Get(ctx, deviceTokenKey(HashToken("tv-moi"))).Val() != "tv-1" || s.rdb.Exists(ctx, deviceTokenKey(HashToken("tv-cu"))).Val() != 0 {
		t.Error("the new token's key is missing, or the earlier one's is kept")
	}
	if _, err := s.Resolve(ctx, "tv-cu"); !errors.Is(err, queue.ErrUnauthorized) {
		t.Errorf("the earlier token after pairing: got %v, want ErrUnauthorized", err)
	}
}
