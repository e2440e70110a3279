package api_test

import (
	"context"
	"net/http"
	"strconv"
	"strings"
	"testing"

	"github.com/redis/go-redis/v9"

	"luot/server/internal/redistest"
	"luot/server/internal/testserver"
	"luot/server/live"
	"luot/server/queue"
	"luot/server/store"
)

// TestReplayFarBehindReadsLittle: on a site whose log holds 5,000 events, anyone connecting
// with since=0-0, or since the start of the log, gets a fresh snapshot, and the server reads
// at most the replay limit of the log for it (counted at the Redis client), on either feed.
func TestReplayFarBehindReadsLittle(t *testing.T) {
	const n = 5000
	s := testserver.Start(t)
	sup := s.User(t, "sup", queue.RoleSupervisor, "centre")
	ctx := context.Background()
	rdb := s.Store.Client()
	pipe := rdb.Pipeline()
	first := pipe.XAdd(ctx, &redis.XAddArgs{Stream: store.SitePrefix("centre") + "events",
		Values: []any{"type", "ticket.issued", "at", "1795000000000", "by", "k", "ticket", "", "waiting", "{}"}})
	for i := 1; i < n; i++ {
		pipe.XAdd(ctx, &redis.XAddArgs{Stream: store.SitePrefix("centre") + "events",
			Values: []any{"type", "ticket.issued", "at", strconv.Itoa(1795000000000 + i), "by", "k", "ticket", "", "waiting", "{}"}})
	}
	if _, err := pipe.Exec(ctx); err != nil {
		t.Fatal(err)
	}
	read := &redistest.EntriesRead{}
	rdb.AddHook(read)
	for _, c := range []struct {
		path   string
		header http.Header
	}{
		{"/ws/sites/centre?since=0-0", nil},
		{"/ws/sites/centre?since=" + first.Val(), nil},
		{"/ws/staff/sites/centre?since=0-0", bearer(sup)},
	} {
		read.Reset()
		conn, status := dialFeed(t, s, c.path, c.header)
		if conn == nil {
			t.Fatalf("%s: got %d", c.path, status)
		}
		f := record(conn).until(t, "first", func([]byte) bool { return true })[0]
		if !strings.Contains(string(f), `"type":"snapshot"`) {
			t.Errorf("%s: the first frame is not a snapshot: %.100s", c.path, f)
		}
		if got := read.N(); got > live.MaxReplay+3 {
			t.Errorf("%s: read %d entries of a %d-event log, want at most the replay limit %d", c.path, got, n, live.MaxReplay)
		}
		conn.Close()
	}
}
