package store

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"luot/server/internal/redistest"
	"luot/server/queue"
)

// The benchmarks run the store's scripts against a real redis-server of their own, configured
// as production is (AOF, appendfsync always), one call at a time: ns/op is the latency of one
// round trip through the Lua script, fsync included; script-µs/op the script's own time
// inside Redis (INFO commandstats) and redis-cpu-µs/op the CPU time of Redis's main thread per
// call (the script, the command, the AOF write), which the fsync and the machine's load blur
// less. `make bench` runs them; the HTTP figures come from `bin/luot loadgen`
// (scripts/bench.sh).

const benchSite = "bench"

var (
	benchServices = []string{"dat-dai", "xay-dung", "tu-phap"}
	benchPrefixes = []string{"A", "B", "C"}
	benchCounters = []string{"q01", "q02", "q03", "q04"}
)

func benchStore(b *testing.B, figures bool) *Store {
	b.Helper()
	srv := redistest.Start(b)
	loc, err := time.LoadLocation("Asia/Ho_Chi_Minh")
	if err != nil {
		b.Fatal(err)
	}
	s := New(srv.Client(), loc, Options{})
	if !figures {
		withoutFigures(b, s)
	}
	return s
}

// withoutFigures makes the store's transitions run as they did before the report figures were
// kept (no keep_figures, no number index at issue): the baseline of what the figures cost,
// measured in the same run.
func withoutFigures(b *testing.B, s *Store) {
	b.Helper()
	cuts := []struct{ from, to string }{
		{"local function keep_figures(t, ttl)\n", "local function keep_figures(t, ttl)\n  do return end\n"},
		{"redis.call('HSET', num_key, t.number, id)\nredis.call('EXPIRE', num_key, TTL)\n", ""},
	}
	for name := range transitionScripts {
		src := ScriptSource(name)
		for i, c := range cuts {
			if i == 1 && name != "issue" {
				continue
			}
			if !strings.Contains(src, c.from) {
				b.Fatalf("%s.lua: no %q to take out for the baseline", name, c.from)
			}
			src = strings.Replace(src, c.from, c.to, 1)
		}
		sc := scriptVars[name]
		old := *sc
		*sc = &luaScript{redis.NewScript(src), name} // the package's script, put back when the benchmark ends
		b.Cleanup(func() { *sc = old })
	}
}

// measure resets Redis's command statistics and notes its CPU time; the function it returns
// reports, after b.N operations, Redis's CPU per operation (redis-cpu-µs/op) and the mean
// time of a script call inside Redis (script-µs/op).
func measure(b *testing.B, s *Store) (report func()) {
	b.Helper()
	ctx := context.Background()
	if err := s.rdb.ConfigResetStat(ctx).Err(); err != nil {
		b.Fatal(err)
	}
	cpu := redistest.MainThreadCPU(b, s.rdb)
	return func() {
		b.ReportMetric((redistest.MainThreadCPU(b, s.rdb)-cpu)/float64(b.N), "redis-cpu-µs/op")
		if f, ok := redistest.Commands(b, s.rdb)["evalsha"]["usec_per_call"]; ok {
			b.ReportMetric(f, "script-µs/op")
		}
	}
}

// figureModes are the two ways the transitions' benchmarks run: as the server runs them, and
// without the report figures (the baseline of their cost).
var figureModes = []struct {
	name string
	kept bool
}{{"figures=kept", true}, {"figures=none", false}}

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
		Day: queue.LocalDay(now, s.loc), Hour: queue.LocalHour(now, s.loc), Caller: "device:bench-kiosk",
		Counters: benchCounters,
	}
	if perMinute > 0 {
		args.Kiosk, args.PerMinute = "bench-kiosk", perMinute
	}
	_, err := s.Issue(ctx, args, queue.Meta{Now: now, By: "device:bench-kiosk"})
	return err
}

// BenchmarkIssue measures Store.Issue: the issue.lua round trip with the AOF fsynced, with
// and without the report figures.
func BenchmarkIssue(b *testing.B) {
	for _, mode := range figureModes {
		b.Run(mode.name, func(b *testing.B) { benchIssues(b, 0, mode.kept) })
	}
}

// benchIssues issues b.N tickets (perMinute as benchIssueAs), with or without the figures.
func benchIssues(b *testing.B, perMinute int, figures bool) {
	s := benchStore(b, figures)
	ctx := context.Background()
	report := measure(b, s)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if err := benchIssueAs(ctx, s, i, perMinute); err != nil {
			b.Fatalf("issue %d: %v", i, err)
		}
	}
	b.StopTimer()
	report()
}

// BenchmarkIssueKiosk is BenchmarkIssue through a kiosk's window of the last minute
// (kiosk_per_minute, never reached here): its cost is the difference of the two.
func BenchmarkIssueKiosk(b *testing.B) {
	benchIssues(b, 1_000_000, true)
}

// BenchmarkNext measures Store.Next on a counter serving every service, with b.N tickets
// waiting: each call finishes the current ticket and calls the next (next.lua), with and
// without the report figures.
func BenchmarkNext(b *testing.B) {
	for _, mode := range figureModes {
		b.Run(mode.name, func(b *testing.B) { benchNext(b, mode.kept) })
	}
}

func benchNext(b *testing.B, figures bool) {
	s := benchStore(b, figures)
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
	report := measure(b, s)
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
	report()
	if _, t, err := s.Next(ctx, ref, queue.Meta{Now: time.Now(), By: "bench-officer"}); err != nil || t != nil {
		b.Fatalf("after %d calls: got ticket %v, err %v; want an empty queue", b.N, t, err)
	}
}

// TestScriptSource: ScriptSource, which the Store and the baselines (bench/bare) both load
// their scripts from, gives every embedded script but the preludes: base.lua first for a
// script of a site, then figures.lua and lib.lua for exactly the transitions; nothing for
// other names.
func TestScriptSource(t *testing.T) {
	read := func(name string) string {
		b, err := luaFiles.ReadFile("lua/" + name + ".lua")
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	base, figures, lib := read("base"), read("figures"), read("lib")
	files, err := luaFiles.ReadDir("lua")
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		name := strings.TrimSuffix(f.Name(), ".lua")
		if preludes[name] {
			continue
		}
		want := read(name)
		if !standaloneScripts[name] {
			if transitionScripts[name] {
				want = figures + "\n" + lib + "\n" + want
			}
			want = base + "\n" + want
		}
		if got := ScriptSource(name); got != want {
			t.Errorf("ScriptSource(%q): got %d bytes, want %d (preludes: base %v, figures and lib %v)",
				name, len(got), len(want), !standaloneScripts[name], transitionScripts[name])
		}
	}
	for name := range transitionScripts {
		if ScriptSource(name) == "" {
			t.Errorf("transition %q has no script", name)
		}
	}
	for _, name := range []string{"base", "figures", "lib", "nope", "../store", ""} {
		if got := ScriptSource(name); got != "" {
			t.Errorf("ScriptSource(%q) = %q, want \"\"", name, strings.TrimSpace(got)[:min(len(got), 40)])
		}
	}
}
