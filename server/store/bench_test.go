package store

import (
	"context"
	"strconv"
	"strings"
	"testing"
	"time"

	"luot/server/internal/redistest"
	"luot/server/queue"
)

// The benchmarks run the store's scripts against a real redis-server of their own, configured
// as production is (AOF, appendfsync always), one call at a time: ns/op is the latency of one
// round trip through the Lua script, fsync included. `make bench` runs them; the HTTP figures
// come from `bin/luot loadgen` (scripts/bench.sh).

const benchSite = "bench"

var (
	benchServices = []string{"dat-dai", "xay-dung", "tu-phap"}
	benchPrefixes = []string{"A", "B", "C"}
	benchCounters = []string{"q01", "q02", "q03", "q04"}
)

func benchStore(b *testing.B) *Store {
	b.Helper()
	srv := redistest.Start(b)
	loc, err := time.LoadLocation("Asia/Ho_Chi_Minh")
	if err != nil {
		b.Fatal(err)
	}
	return New(srv.Client(), loc, Options{})
}

// benchIssue issues one ticket of the i-th service, as Engine.Issue does for staff.
func benchIssue(ctx context.Context, s *Store, i int) error {
	return benchIssueAs(ctx, s, i, 0)
}

// benchIssueAs issues one ticket of the i-th service; perMinute > 0 issues as Engine.Issue
// does for a kiosk, through the kiosk's window of the last minute.
func benchIssueAs(ctx context.Context, s *Store, i, perMinute int) error {
	now := time.Now()
	k := i % len(benchServices)
	args := queue.IssueArgs{
		Site: benchSite, Service: benchServices[k], Prefix: benchPrefixes[k], Channel: queue.Kiosk,
		Day: queue.LocalDay(now, s.loc), Caller: "device:bench-kiosk", Counters: benchCounters,
	}
	if perMinute > 0 {
		args.Kiosk, args.PerMinute = "bench-kiosk", perMinute
	}
	_, err := s.Issue(ctx, args, queue.Meta{Now: now, By: "device:bench-kiosk"})
	return err
}

// BenchmarkIssue measures Store.Issue: the issue.lua round trip with the AOF fsynced.
func BenchmarkIssue(b *testing.B) {
	benchIssues(b, 0)
}

// benchIssues issues b.N tickets (perMinute as benchIssueAs) and reports, besides the round
// trip, the script's own time inside Redis (script-µs/op, INFO commandstats), which the
// fsync and the machine's load do not blur.
func benchIssues(b *testing.B, perMinute int) {
	s := benchStore(b)
	ctx := context.Background()
	if err := s.rdb.ConfigResetStat(ctx).Err(); err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if err := benchIssueAs(ctx, s, i, perMinute); err != nil {
			b.Fatalf("issue %d: %v", i, err)
		}
	}
	b.StopTimer()
	stats, err := s.rdb.Info(ctx, "commandstats").Result()
	if err != nil {
		b.Fatal(err)
	}
	for _, line := range strings.Split(stats, "\n") {
		if rest, ok := strings.CutPrefix(line, "cmdstat_evalsha:"); ok {
			for _, kv := range strings.Split(strings.TrimSpace(rest), ",") {
				if v, ok := strings.CutPrefix(kv, "usec_per_call="); ok {
					if f, err := strconv.ParseFloat(v, 64); err == nil {
						b.ReportMetric(f, "script-µs/op")
					}
				}
			}
		}
	}
}

// BenchmarkIssueKiosk is BenchmarkIssue through a kiosk's window of the last minute
// (kiosk_per_minute, never reached here): its cost is the difference of the two.
func BenchmarkIssueKiosk(b *testing.B) {
	benchIssues(b, 1_000_000)
}

// BenchmarkNext measures Store.Next on a counter serving every service, with b.N tickets
// waiting: each call finishes the current ticket and calls the next (next.lua).
func BenchmarkNext(b *testing.B) {
	s := benchStore(b)
	ctx := context.Background()
	for i := 0; i < b.N; i++ {
		if err := benchIssue(ctx, s, i); err != nil {
			b.Fatalf("issue %d: %v", i, err)
		}
	}
	m := queue.Meta{Now: time.Now(), By: "bench-officer"}
	if _, _, err := s.Open(ctx, benchSite, benchCounters[0], "bench-officer", benchServices, m); err != nil {
		b.Fatalf("open: %v", err)
	}
	ref := queue.CounterRef{Site: benchSite, Counter: benchCounters[0], Holder: "bench-officer"}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		_, t, err := s.Next(ctx, ref, queue.Meta{Now: time.Now(), By: "bench-officer"})
		if err != nil {
			b.Fatalf("next %d: %v", i, err)
		}
		if t == nil {
			b.Fatalf("next %d: nobody waiting, want a ticket", i)
		}
	}
	b.StopTimer()
	if _, t, err := s.Next(ctx, ref, queue.Meta{Now: time.Now(), By: "bench-officer"}); err != nil || t != nil {
		b.Fatalf("after %d calls: got ticket %v, err %v; want an empty queue", b.N, t, err)
	}
}

// TestScriptSource: ScriptSource, which the Store and the baselines (bench/bare) both load
// their scripts from, gives every embedded script but the preludes: base.lua first for a
// script of a site, then lib.lua for exactly the transitions; nothing for other names.
func TestScriptSource(t *testing.T) {
	read := func(name string) string {
		b, err := luaFiles.ReadFile("lua/" + name + ".lua")
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	base, lib := read("base"), read("lib")
	files, err := luaFiles.ReadDir("lua")
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		name := strings.TrimSuffix(f.Name(), ".lua")
		if name == "base" || name == "lib" {
			continue
		}
		want := read(name)
		if !standalone[name] {
			if transitionScripts[name] {
				want = lib + "\n" + want
			}
			want = base + "\n" + want
		}
		if got := ScriptSource(name); got != want {
			t.Errorf("ScriptSource(%q): got %d bytes, want %d (preludes: base %v, lib %v)",
				name, len(got), len(want), !standalone[name], transitionScripts[name])
		}
	}
	for name := range transitionScripts {
		if ScriptSource(name) == "" {
			t.Errorf("transition %q has no script", name)
		}
	}
	for _, name := range []string{"base", "lib", "nope", "../store", ""} {
		if got := ScriptSource(name); got != "" {
			t.Errorf("ScriptSource(%q) = %q, want \"\"", name, strings.TrimSpace(got)[:min(len(got), 40)])
		}
	}
}
