package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"luot/server/internal/redistest"
	"luot/server/loadgen"
)

// BenchmarkNational is the national day of README's "Running at scale" (make bench-national):
// one `luot serve` (LUOT_ALWAYS_OPEN=1) on one Redis node (unix socket, AOF fsync always, no
// maxmemory), a generated organisation of BENCH_NATIONAL_SITES sites (3,300: ~15,000
// counters, an officer each, made by -national-setup), and BENCH_NATIONAL_TICKETS tickets
// (1,000,000) issued, called and finished over HTTP by `luot loadgen -national`, stopped
// after BENCH_NATIONAL_MAX (10m) of issuing; then every invariant is verified. Beside it in
// the same run, the single-site baseline: `luot loadgen` at the Bình Dương centre
// (BENCH_NATIONAL_BASELINE tickets, 3,000, 50 clients) on a fresh Redis and server.
// It reports tickets/s, the Redis CPU (INFO cpu, user + sys) per ticket's whole life and
// Redis's memory per ticket; BENCH_NATIONAL_OUT, a folder, keeps the JSON report and INFO
// commandstats. With -cpuprofile the profile covers the server and the load generator.
//
//	go test -run '^$' -bench '^BenchmarkNational$' -benchtime 1x -timeout 60m ./server/
func BenchmarkNational(b *testing.B) {
	sites := envInt(b, "BENCH_NATIONAL_SITES", loadgen.DefaultNationalSites)
	tickets := envInt(b, "BENCH_NATIONAL_TICKETS", 1_000_000)
	baseline := envInt(b, "BENCH_NATIONAL_BASELINE", 3000)
	conc := envInt(b, "BENCH_NATIONAL_C", 64)
	limit := 10 * time.Minute
	if v := os.Getenv("BENCH_NATIONAL_MAX"); v != "" {
		d, err := time.ParseDuration(v)
		if err != nil {
			b.Fatalf("BENCH_NATIONAL_MAX: %v", err)
		}
		limit = d
	}
	out := os.Getenv("BENCH_NATIONAL_OUT")
	ctx := context.Background()
	load0 := loadAvg()

	// the single-site baseline, in the same run
	base := singleSite(b, baseline)

	rd := redistest.Start(b)
	dir := b.TempDir()
	orgFile := filepath.Join(dir, "national.yaml")
	if err := os.WriteFile(orgFile, loadgen.NationalOrg(sites, 1), 0o644); err != nil {
		b.Fatal(err)
	}
	env := map[string]string{"REDIS_URL": rd.URL(), "LUOT_CONFIG": orgFile, "LUOT_ADMIN_PASSWORD": "mat-khau-quoc-gia",
		"LUOT_ALWAYS_OPEN": "1"}
	t0 := time.Now()
	s := startServeReady(b, env)
	startup := time.Since(t0)
	token := adminToken(b, s.URL, "mat-khau-quoc-gia")
	t0 = time.Now()
	settings, org, st, err := setup(func(k string) string { return env[k] })
	if err != nil {
		b.Fatal(err)
	}
	officers, err := nationalOfficers(ctx, st, org, settings)
	st.Client().Close()
	if err != nil {
		b.Fatal(err)
	}
	officersTime := time.Since(t0)

	n, err := loadgen.PrepareNational(ctx, loadgen.NationalConfig{URL: s.URL, Token: token, Tickets: tickets,
		Concurrency: conc, Duration: limit, Timeout: 30 * time.Second, Officers: officers,
		Log: func(f string, a ...any) { fmt.Fprintf(os.Stderr, "national: "+f+"\n", a...) }})
	if err != nil {
		b.Fatal(err)
	}
	rdb := rd.Client()
	if err := rdb.ConfigResetStat(ctx).Err(); err != nil {
		b.Fatal(err)
	}
	cpu0, mem0, own0 := redisCPU(b, rdb), redisMemory(b, rdb), processCPU()
	b.ResetTimer()
	n.Run(ctx)
	b.StopTimer()
	cpu1, mem1, own1 := redisCPU(b, rdb), redisMemory(b, rdb), processCPU()
	stats, _ := rdb.Info(ctx, "commandstats").Result()
	r, verr := n.Verify(ctx)
	load1 := loadAvg()

	done := max(r.Done, 1)
	cpuPer := (cpu1 - cpu0) / float64(done) * 1e6
	memPer := float64(mem1-mem0) / float64(done)
	ownPer := (own1 - own0) / float64(done) * 1e6
	b.ReportMetric(float64(r.Done), "tickets")
	b.ReportMetric(r.Seconds, "wall-s")
	b.ReportMetric(r.TicketsPerSec, "tickets/s")
	b.ReportMetric(cpuPer, "redis-µs/ticket")
	b.ReportMetric(memPer, "redis-B/ticket")
	b.ReportMetric(ownPer, "process-µs/ticket")
	b.ReportMetric(base.perSec, "single-site-tickets/s")
	b.ReportMetric(base.cpuPer, "single-site-redis-µs/ticket")
	// printed, not logged: the testing package cuts a benchmark's long log short
	fmt.Printf(`
national: %d sites, %d counters, %d clients; %d of %d tickets issued, %d called, %d finished in %.1f s: %.1f tickets/s
  Redis CPU %.1f µs per ticket (issue + call + finish; %.1f s in all), memory %.0f bytes per ticket (%.0f MB after)
  this process (luot serve and the load generator) %.1f µs CPU per ticket
  setup, untimed: start-up %.1f s, officers in the store %.1f s, read sites %.1f s, open counters %.1f s; verify %.1f s
  requests: %s
  single-site baseline, same run (%d tickets at ttpvhcc, 50 clients): issue %.0f/s, next %.0f/s, %.1f tickets/s, Redis CPU %.1f µs per ticket
  load average %s at the start, %s at the end
  verified: %v %v %v
`,
		r.Sites, r.Counters, conc, r.Issued, tickets, r.Called, r.Done, r.Seconds, r.TicketsPerSec,
		cpuPer, cpu1-cpu0, memPer, float64(mem1)/1e6, ownPer,
		startup.Seconds(), officersTime.Seconds(), r.Setup.ReadSites, r.Setup.Open, r.Setup.Verify,
		opsLine(r.Ops), baseline, base.issue, base.next, base.perSec, base.cpuPer, load0, load1,
		r.Verified, r.Problems, r.Notes)
	fmt.Printf("\nRedis commandstats of the timed part, by total µs (usec counts time in the command, also descheduled):\n%s\n",
		topCommands(stats, done, 16))
	if out != "" {
		if err := os.MkdirAll(out, 0o755); err == nil {
			f, _ := os.Create(filepath.Join(out, "national.json"))
			_ = r.WriteJSON(f)
			f.Close()
			_ = os.WriteFile(filepath.Join(out, "commandstats.txt"), []byte(stats), 0o644)
		}
	}
	if verr != nil {
		b.Fatal(verr)
	}
	if r.Failed() > 0 {
		b.Fatalf("%d requests failed: %s", r.Failed(), opsLine(r.Ops))
	}
}

// baselineFigures are the single-site run's.
type baselineFigures struct{ issue, next, perSec, cpuPer float64 }

// singleSite runs `luot loadgen` at the Bình Dương centre on a Redis and server of its own,
// stopped afterwards: issue, then the counters call until none waits.
func singleSite(b *testing.B, tickets int) baselineFigures {
	rd := redistest.Start(b)
	s := startServeReady(b, map[string]string{"REDIS_URL": rd.URL(), "LUOT_ADMIN_PASSWORD": "mat-khau-do-tai", "LUOT_ALWAYS_OPEN": "1"})
	token := adminToken(b, s.URL, "mat-khau-do-tai")
	cpu0 := redisCPU(b, rd.Client())
	r, err := loadgen.Run(context.Background(), loadgen.Config{URL: s.URL, Site: "ttpvhcc", Token: token,
		Issue: tickets, Concurrency: 50, Duration: 2 * time.Minute})
	if err != nil || r.Failed() > 0 {
		b.Fatalf("single-site baseline: %v, %d failed", err, r.Failed())
	}
	cpu1 := redisCPU(b, rd.Client())
	s.cancel()
	<-s.exited
	rd.Stop()
	is, nx := r.Ops[0], r.Ops[1]
	// a ticket's life is one issue and one next (which finishes the previous ticket)
	return baselineFigures{issue: is.RPS, next: nx.RPS, perSec: float64(is.OK) / (is.Seconds + nx.Seconds),
		cpuPer: (cpu1 - cpu0) / float64(max(is.OK, 1)) * 1e6}
}

func envInt(b *testing.B, key string, def int) int {
	v := os.Getenv(key)
	if v == "" {
		return def
	}
	n, err := strconv.Atoi(strings.ReplaceAll(v, "_", ""))
	if err != nil || n < 1 {
		b.Fatalf("%s=%q: want a positive number", key, v)
	}
	return n
}

// redisCPU is Redis's CPU time so far, user + system, in seconds (INFO cpu).
func redisCPU(b *testing.B, rdb *redis.Client) float64 {
	info := redistest.Info(b, rdb, "cpu")
	return info["used_cpu_user"] + info["used_cpu_sys"]
}

// redisMemory is Redis's used_memory in bytes.
func redisMemory(b *testing.B, rdb *redis.Client) int64 {
	return int64(redistest.Info(b, rdb, "memory")["used_memory"])
}

// topCommands lists the n commands of INFO commandstats that took the most time, with their
// calls per ticket (of tickets).
func topCommands(stats string, tickets, n int) string {
	type row struct {
		name        string
		calls, usec float64
	}
	var rows []row
	total := 0.0
	for name, fields := range redistest.CommandStats(stats) {
		r := row{name: name, calls: fields["calls"], usec: fields["usec"]}
		total += r.usec
		rows = append(rows, r)
	}
	sort.Slice(rows, func(i, j int) bool {
		return rows[i].usec > rows[j].usec || rows[i].usec == rows[j].usec && rows[i].name < rows[j].name
	})
	var sb strings.Builder
	for _, r := range rows[:min(n, len(rows))] {
		fmt.Fprintf(&sb, "  %-22s %10.0f calls %6.2f/ticket %8.1f s %6.1f %%  %6.1f µs/call\n", r.name, r.calls, r.calls/float64(max(tickets, 1)),
			r.usec/1e6, 100*r.usec/max(total, 1), r.usec/max(r.calls, 1))
	}
	return sb.String()
}

func opsLine(ops []loadgen.OpStats) string {
	var parts []string
	for _, o := range ops {
		parts = append(parts, fmt.Sprintf("%s %d (%.0f/s, p50 %.1f ms, p99 %.1f ms, errors %v)", o.Op, o.Requests, o.RPS, o.P50ms, o.P99ms, o.Errors))
	}
	return strings.Join(parts, "; ")
}

// processCPU is this process's CPU time so far, user + system, in seconds.
func processCPU() float64 {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano()).Seconds()
}

func loadAvg() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "?"
	}
	return strings.Join(strings.Fields(string(b))[:3], " ")
}
