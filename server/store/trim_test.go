package store_test

import (
	"context"
	"strconv"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"luot/server/internal/testenv"
	"luot/server/store"
)

// TestStreamTrimmedByAge: an event added at the clock's now trims the site's stream of the
// events before the local day before yesterday, and keeps those since, however many; a clock
// ahead of Redis's never trims past the new event.
func TestStreamTrimmedByAge(t *testing.T) {
	env := testenv.New(t)
	ctx := context.Background()
	rdb := env.Redis.Client()
	const stream = "luot:{centre}:events"
	minID := store.StreamMinID(testenv.Monday, testenv.Loc())
	if want := time.Date(2026, 11, 21, 0, 0, 0, 0, testenv.Loc()).UnixMilli(); minID != want {
		t.Fatalf("StreamMinID of Monday 23/11 09:00: got %d, want %d (Saturday 21/11 00:00)", minID, want)
	}
	add := func(ms int64) string {
		id := strconv.FormatInt(ms, 10) + "-1"
		if err := rdb.XAdd(ctx, &redis.XAddArgs{Stream: stream, ID: id, Values: []any{"type", "old"}}).Err(); err != nil {
			t.Fatal(err)
		}
		return id
	}
	old := add(minID - 1)            // Friday 23:59:59.999: goes
	recent := add(minID)             // Saturday 00:00: stays
	yesterday := add(minID + 8.64e7) // stays
	if _, err := env.Engine.Issue(ctx, testenv.Kiosk("centre"), "centre", "dat-dai", "", ""); err != nil {
		t.Fatal(err)
	}
	ids := func() map[string]bool {
		msgs, err := rdb.XRange(ctx, stream, "-", "+").Result()
		if err != nil {
			t.Fatal(err)
		}
		m := map[string]bool{}
		for _, x := range msgs {
			m[x.ID] = true
		}
		return m
	}
	got := ids()
	if got[old] || !got[recent] || !got[yesterday] || len(got) != 3 {
		t.Fatalf("after an issue on Monday: got %v; want %s gone, %s and %s kept, and the new event", got, old, recent, yesterday)
	}
	// a clock far ahead of Redis's (its minimum after every event Redis can stamp now) trims nothing
	ahead := time.Now().In(testenv.Loc()).Add(10 * 24 * time.Hour)
	for ahead.Weekday() == time.Saturday || ahead.Weekday() == time.Sunday {
		ahead = ahead.Add(24 * time.Hour)
	}
	env.Clock.Set(time.Date(ahead.Year(), ahead.Month(), ahead.Day(), 9, 0, 0, 0, testenv.Loc())) // in opening hours
	if _, err := env.Engine.Issue(ctx, testenv.Kiosk("centre"), "centre", "dat-dai", "", ""); err != nil {
		t.Fatal(err)
	}
	if n := len(ids()); n != 4 {
		t.Fatalf("clock ahead of Redis: got %d events, want 4 (nothing trimmed)", n)
	}
}
