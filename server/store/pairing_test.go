package store

import (
	"context"
	"errors"
	"testing"
	"time"

	"luot/server/internal/redistest"
	"luot/server/queue"
)

// TestPairCodeLifetime: a code lives exactly its lifetime in Redis (it expires by itself,
// unused), names its device, and goes with the device when the device is revoked; a code for
// no device is ErrNotFound.
func TestPairCodeLifetime(t *testing.T) {
	ctx := context.Background()
	srv := redistest.Start(t)
	rdb := srv.Client()
	s := New(rdb, time.UTC, Options{})
	if err := s.CreateDevice(ctx, Device{ID: "dev_1", Site: "centre", Kind: queue.DeviceKiosk, Name: "k"}, "d_token"); err != nil {
		t.Fatal(err)
	}
	code, err := s.NewPairCode(ctx, "dev_1", 10*time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	for _, key := range []string{pairCodeKey(code), devicePairKey("dev_1")} {
		ttl, err := rdb.PTTL(ctx, key).Result()
		if err != nil || ttl <= 9*time.Minute || ttl > 10*time.Minute {
			t.Errorf("%s lives %v (%v), want 10 minutes", key, ttl, err)
		}
	}
	if got, _ := rdb.Get(ctx, pairCodeKey(code)).Result(); got != "dev_1" {
		t.Errorf("the code names %q, want dev_1", got)
	}
	if _, err := s.NewPairCode(ctx, "dev_none", time.Minute); !errors.Is(err, queue.ErrNotFound) {
		t.Errorf("a code for no device: got %v, want ErrNotFound", err)
	}
	if err := s.DeleteDevice(ctx, "dev_1"); err != nil {
		t.Fatal(err)
	}
	if n, _ := rdb.Exists(ctx, pairCodeKey(code), devicePairKey("dev_1")).Result(); n != 0 {
		t.Errorf("the revoked device's code is still kept (%d keys)", n)
	}
	// a code that expired (here: a lifetime of 1 ms) pairs nothing
	if err := s.CreateDevice(ctx, Device{ID: "dev_2", Site: "centre", Kind: queue.DeviceDisplay, Name: "tv"}, "d_token2"); err != nil {
		t.Fatal(err)
	}
	code, err = s.NewPairCode(ctx, "dev_2", time.Millisecond)
	if err != nil {
		t.Fatal(err)
	}
	time.Sleep(20 * time.Millisecond)
	lim := PairLimits{Window: time.Minute, Addr: 10, All: 10}
	if _, _, err := s.Pair(ctx, code, queue.DeviceDisplay, "a", "d_new", lim); !errors.Is(err, ErrPairCode) {
		t.Errorf("an expired code: got %v, want ErrPairCode", err)
	}
}
