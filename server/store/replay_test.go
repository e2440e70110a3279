package store

import (
	"context"
	"fmt"
	"regexp"
	"strconv"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"luot/server/internal/redistest"
)

// TestReplayBoundBeforeReading: a since= far behind (0-0, or the start of a long log) costs
// at most the replay limit in entries read, not the whole log, and gets no replay (the client
// then takes a snapshot); one within the limit gets exactly the events after it.
func TestReplayBoundBeforeReading(t *testing.T) {
	const n, limit = 20_000, 1000
	ctx := context.Background()
	srv := redistest.Start(t)
	rdb := srv.Client()
	loc, err := time.LoadLocation("Asia/Ho_Chi_Minh")
	if err != nil {
		t.Fatal(err)
	}
	s := New(rdb, loc, Options{})
	ids := make([]string, 0, n)
	for from := 0; from < n; from += 1000 {
		pipe := rdb.Pipeline()
		cmds := make([]*redis.StringCmd, 0, 1000)
		for i := from; i < from+1000; i++ {
			cmds = append(cmds, pipe.XAdd(ctx, &redis.XAddArgs{Stream: streamKey("a"), ID: fmt.Sprintf("%d-0", 1_700_000_000_000+i),
				Values: []any{"type", "ticket.issued", "at", strconv.Itoa(1_700_000_000_000 + i), "by", "k", "ticket", "", "waiting", "{}"}}))
		}
		if _, err := pipe.Exec(ctx); err != nil {
			t.Fatal(err)
		}
		for _, c := range cmds {
			ids = append(ids, c.Val())
		}
	}
	read := &redistest.EntriesRead{}
	rdb.AddHook(read)
	for _, c := range []struct {
		name   string
		since  string
		ok     bool
		events int
	}{
		{"since=0-0", "0-0", false, 0},
		{"the start of the log", ids[9], false, 0},
		{"one more than the limit behind", ids[n-limit-2], false, 0},
		{"exactly the limit behind", ids[n-limit-1], true, limit},
		{"five behind", ids[n-6], true, 5},
		{"up to date", ids[n-1], true, 0},
		{"from the future", "1800000000000-0", false, 0},
	} {
		read.Reset()
		events, ok, err := s.Replay(ctx, "a", c.since, limit)
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		if ok != c.ok || len(events) != c.events {
			t.Errorf("%s: got ok %v and %d events, want %v and %d", c.name, ok, len(events), c.ok, c.events)
		}
		if got := read.N(); got > limit+3 {
			t.Errorf("%s: read %d entries of the log for a replay bounded by %d", c.name, got, limit)
		}
	}
	// a log trimmed past since: a snapshot, judged without reading the log
	if err := rdb.XTrimMaxLen(ctx, streamKey("a"), n/2).Err(); err != nil {
		t.Fatal(err)
	}
	read.Reset()
	if events, ok, err := s.Replay(ctx, "a", ids[n/2-10], limit); err != nil || ok || len(events) != 0 || read.N() > 2 {
		t.Errorf("since trimmed away: got %d events, ok %v, err %v, %d entries read; want a snapshot, 2 read", len(events), ok, err, read.N())
	}
}

// idShape is a stream id as Redis writes it.
var idShape = regexp.MustCompile(`^[0-9]{1,20}-[0-9]{1,20}$`)

// FuzzValidID: since= is outside input; ValidID takes exactly the ids Redis could have
// written, two 64-bit decimal numbers joined by a hyphen, and nothing else.
func FuzzValidID(f *testing.F) {
	for _, s := range []string{"0-0", "1700000000000-12", "18446744073709551615-18446744073709551615", "18446744073709551616-0",
		"", "-", "1-", "-1", "+1-0", "1-+0", " 1-0", "1-0 ", "1-2-3", "0x1-0", "１-0", "1_0-0", "$", "+", "(1-0"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		a, b, _ := func() (string, string, bool) {
			for i := 0; i < len(s); i++ {
				if s[i] == '-' {
					return s[:i], s[i+1:], true
				}
			}
			return s, "", false
		}()
		_, errA := strconv.ParseUint(a, 10, 64)
		_, errB := strconv.ParseUint(b, 10, 64)
		want := idShape.MatchString(s) && errA == nil && errB == nil
		if got := ValidID(s); got != want {
			t.Fatalf("ValidID(%q) = %v, want %v", s, got, want)
		}
	})
}
