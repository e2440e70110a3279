package archive_test

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"luot/server/archive"
	"luot/server/internal/testenv"
	"luot/server/queue"
	"luot/server/report"
	"luot/server/report/reporttest"
)

func newJob(t *testing.T, env *testenv.Env) *archive.Job {
	return &archive.Job{Store: env.Store, Org: env.Engine.Org, Clock: env.Clock, Dir: t.TempDir(),
		Log: slog.New(slog.NewTextHandler(io.Discard, nil))}
}

// TestRollupKeepsTheFigures plays the scripted day, then checks every figure live on the
// day, live the day after, from the rolled-up aggregates, and once the tickets have expired
// from Redis; the archive file re-reads to the day's tickets and histories.
func TestRollupKeepsTheFigures(t *testing.T) {
	ctx := context.Background()
	env := testenv.New(t)
	tickets := reporttest.Scripted(t, env)
	b := &report.Builder{Source: env.Store, Org: env.Engine.Org, Now: env.Clock.Now}
	job := newJob(t, env)

	live := reporttest.Check(t, b)
	if _, err := job.Rollup(ctx, reporttest.Day); !errors.Is(err, queue.ErrInvalidState) {
		t.Fatalf("rolling up the day before it is over: got %v, want invalid state", err)
	}

	env.Clock.Set(time.Date(2026, 11, 24, 8, 0, 0, 0, testenv.Loc()))
	same(t, "live the day after", live, reporttest.Check(t, b))

	// what Redis holds of the day, to compare the archive with
	var before []archive.Entry
	for _, site := range []string{"centre", "point"} {
		c, err := report.Collect(ctx, env.Store, site, reporttest.Day, testenv.Loc())
		if err != nil {
			t.Fatal(err)
		}
		for _, tk := range c.Tickets {
			before = append(before, archive.Entry{Site: site, Day: reporttest.Day, Ticket: tk, History: c.Histories[tk.ID]})
		}
	}
	if len(before) != len(tickets) {
		t.Fatalf("Redis holds %d tickets of the day, want %d", len(before), len(tickets))
	}

	res, err := job.Rollup(ctx, reporttest.Day)
	if err != nil {
		t.Fatal(err)
	}
	if res.Sites != 2 || res.Tickets != 9 || res.File != filepath.Join(job.Dir, "2026", "2026-11-23.jsonl.gz") {
		t.Errorf("rollup: got %+v", res)
	}
	if _, done, err := env.Store.RolledUp(ctx, "20261123"); !done || err != nil {
		t.Errorf("the day is not marked rolled up (%v)", err)
	}
	same(t, "rolled up", live, reporttest.Check(t, b))

	// the archive re-reads to the same tickets, in the same order, with their histories
	entries, err := archive.ReadFile(res.File)
	if err != nil {
		t.Fatal(err)
	}
	if !equalJSON(t, entries, before) {
		t.Errorf("the archive differs from the tickets it was written from")
	}
	if len(entries[0].History) < 2 || entries[0].History[0].Type != queue.EvIssued {
		t.Errorf("the archive lacks the histories: %+v", entries[0].History)
	}
	if fi, _ := os.Stat(res.File); fi.Mode().Perm() != 0o640 {
		t.Errorf("archive mode: got %v, want 0640", fi.Mode().Perm())
	}

	// tickets expire: the store set their TTL at issue (35 days); let it run out
	rdb := env.Redis.Client()
	var keys []string
	for _, e := range before {
		keys = append(keys, "luot:{"+e.Site+"}:t:"+e.Ticket.ID, "luot:{"+e.Site+"}:h:"+e.Ticket.ID)
	}
	keys = append(keys, "luot:{centre}:day:20261123", "luot:{point}:day:20261123")
	for _, k := range keys {
		ttl, err := rdb.TTL(ctx, k).Result()
		if err != nil || ttl < 34*24*time.Hour || ttl > 35*24*time.Hour {
			t.Fatalf("TTL of %s: got %v (%v), want about 35 days", k, ttl, err)
		}
		if err := rdb.PExpire(ctx, k, time.Millisecond).Err(); err != nil {
			t.Fatal(err)
		}
	}
	deadline := time.Now().Add(10 * time.Second)
	for {
		n, err := rdb.Exists(ctx, keys...).Result()
		if err != nil {
			t.Fatal(err)
		}
		if n == 0 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d keys of the day still in Redis", n)
		}
		time.Sleep(20 * time.Millisecond)
	}
	if tk, err := env.Store.DayTickets(ctx, "centre", "20261123"); err != nil || len(tk) != 0 {
		t.Fatalf("after expiry: got %d tickets (%v), want none", len(tk), err)
	}
	same(t, "after expiry", live, reporttest.Check(t, b))

	// rolling up again, with nothing left in Redis, keeps the aggregates and the archive
	again, err := job.Rollup(ctx, reporttest.Day)
	if err != nil || again.Tickets != 0 || again.File != "" {
		t.Errorf("second rollup: got %+v, %v", again, err)
	}
	same(t, "after a second rollup", live, reporttest.Check(t, b))
	if n, err := archive.ReadFile(res.File); err != nil || len(n) != 9 {
		t.Errorf("the archive after a second rollup: %d entries, %v", len(n), err)
	}
}

// same checks that two sets of reports have the same rows and totals.
func same(t *testing.T, what string, want, got []*report.Report) {
	t.Helper()
	for i := range want {
		if !reflect.DeepEqual(want[i].Rows, got[i].Rows) || !reflect.DeepEqual(want[i].Total, got[i].Total) ||
			!reflect.DeepEqual(want[i].Arrivals, got[i].Arrivals) || !reflect.DeepEqual(want[i].Waits, got[i].Waits) {
			t.Errorf("%s: report %d (site %q by %s) differs from the live one", what, i, want[i].Site, want[i].By)
		}
	}
}

func equalJSON(t *testing.T, a, b any) bool {
	t.Helper()
	x, err := json.Marshal(a)
	if err != nil {
		t.Fatal(err)
	}
	y, err := json.Marshal(b)
	if err != nil {
		t.Fatal(err)
	}
	return string(x) == string(y)
}

// TestRollupKeepsAFullerAggregate: when some of a day's tickets have expired already, a new
// rollup does not replace the aggregate that covers them all.
func TestRollupKeepsAFullerAggregate(t *testing.T) {
	ctx := context.Background()
	env := testenv.New(t)
	tickets := reporttest.Scripted(t, env)
	job := newJob(t, env)
	env.Clock.Set(time.Date(2026, 11, 24, 8, 0, 0, 0, testenv.Loc()))
	if _, err := job.Rollup(ctx, reporttest.Day); err != nil {
		t.Fatal(err)
	}
	env.Redis.Client().Del(ctx, "luot:{point}:t:"+tickets["p1"].ID)
	res, err := job.Rollup(ctx, reporttest.Day)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(res.Kept, ",") != "point" || res.File != "" {
		t.Errorf("got %+v, want the point's aggregate kept and no archive rewritten", res)
	}
	b := &report.Builder{Source: env.Store, Org: env.Engine.Org, Now: env.Clock.Now}
	reporttest.Check(t, b)
}

func TestRollupRefusesBadDays(t *testing.T) {
	env := testenv.New(t)
	job := newJob(t, env)
	for _, day := range []string{"", "2026-13-01", "tomorrow", "2026-11-23", "2026-11-30"} {
		if _, err := job.Rollup(context.Background(), day); err == nil {
			t.Errorf("rollup %q: no error", day)
		}
	}
}

// TestCatchUp rolls up the days missed while no server ran, and only those.
func TestCatchUp(t *testing.T) {
	ctx := context.Background()
	env := testenv.New(t)
	reporttest.Scripted(t, env)
	job := newJob(t, env)
	job.Lookback = 3
	env.Clock.Set(time.Date(2026, 11, 25, 0, 5, 0, 0, testenv.Loc()))
	job.CatchUp(ctx)
	for day, want := range map[string]bool{"20261121": false, "20261122": true, "20261123": true, "20261124": true, "20261125": false} {
		if _, done, _ := env.Store.RolledUp(ctx, day); done != want {
			t.Errorf("%s rolled up: got %v, want %v", day, done, want)
		}
	}
	if _, err := os.Stat(archive.Path(job.Dir, "2026-11-23")); err != nil {
		t.Errorf("no archive of the scripted day: %v", err)
	}
	if _, err := os.Stat(archive.Path(job.Dir, "2026-11-24")); !os.IsNotExist(err) {
		t.Errorf("an archive of an empty day: %v", err)
	}
}

func TestNextRun(t *testing.T) {
	loc := testenv.Loc()
	for _, tc := range []struct{ now, want time.Time }{
		{time.Date(2026, 11, 23, 9, 0, 0, 0, loc), time.Date(2026, 11, 24, 0, 5, 0, 0, loc)},
		{time.Date(2026, 11, 23, 0, 4, 0, 0, loc), time.Date(2026, 11, 23, 0, 5, 0, 0, loc)},
		{time.Date(2026, 11, 23, 0, 5, 0, 0, loc), time.Date(2026, 11, 24, 0, 5, 0, 0, loc)},
		{time.Date(2026, 12, 31, 23, 0, 0, 0, loc), time.Date(2027, 1, 1, 0, 5, 0, 0, loc)},
		{time.Date(2026, 11, 23, 17, 30, 0, 0, time.UTC), time.Date(2026, 11, 25, 0, 5, 0, 0, loc)},
	} {
		if got := archive.NextRun(tc.now, loc); !got.Equal(tc.want) {
			t.Errorf("NextRun(%v) = %v, want %v", tc.now, got, tc.want)
		}
	}
}

// TestRollupChecksTheFigures: the rollup compares the figures kept during the day with its
// tickets' and logs a difference (a defect), saving the tickets' figures; equal ones log
// nothing.
func TestRollupChecksTheFigures(t *testing.T) {
	ctx := context.Background()
	env := testenv.New(t)
	reporttest.Scripted(t, env)
	var logged strings.Builder
	job := newJob(t, env)
	job.Log = slog.New(slog.NewTextHandler(&logged, nil))
	env.Clock.Set(time.Date(2026, 11, 24, 8, 0, 0, 0, testenv.Loc()))
	if _, err := job.Rollup(ctx, reporttest.Day); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(logged.String(), "differ") {
		t.Fatalf("equal figures logged a difference: %s", logged.String())
	}
	if err := env.Redis.Client().HIncrBy(ctx, "luot:{point}:fig:20261123:hour", "09|served", 1).Err(); err != nil {
		t.Fatal(err)
	}
	if _, err := job.Rollup(ctx, reporttest.Day); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(logged.String(), "differ from its tickets") || !strings.Contains(logged.String(), "site=point") {
		t.Errorf("a difference went unnoticed: %s", logged.String())
	}
	reporttest.Check(t, &report.Builder{Source: env.Store, Org: env.Engine.Org, Now: env.Clock.Now})
}
