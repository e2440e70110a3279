package main

import (
	"context"
	"testing"
	"time"

	"luot/server/internal/redistest"
	"luot/server/loadgen"
)

// BenchmarkDeployments runs `luot serve` on each of the three Redis deployments of README's
// "Running at scale" — one node (unix socket, AOF fsync always), a master and replica behind
// Sentinel, and a 3-master Cluster with replicas, both with LUOT_REDIS_REPLICAS=1 (each
// acknowledged write waits for its replica) — and drives it with `luot loadgen`: 1,000
// tickets issued over HTTP at the centre by 16 clients, then called by its counters until
// none waits. One run each (-benchtime 1x); it reports requests a second of each phase.
//
//	go test -run '^$' -bench BenchmarkDeployments -benchtime 1x ./server/
func BenchmarkDeployments(b *testing.B) {
	for _, d := range []struct {
		name  string
		start func(b *testing.B) string
		reps  string
	}{
		{"one-node", func(b *testing.B) string { return redistest.Start(b).URL() }, "0"},
		{"sentinel", func(b *testing.B) string { return redistest.StartSentinel(b).URL() }, "1"},
		{"cluster", func(b *testing.B) string { return redistest.StartCluster(b).URL() }, "1"},
	} {
		b.Run(d.name, func(b *testing.B) {
			url := d.start(b)
			s := startServe(b, map[string]string{"REDIS_URL": url, "LUOT_REDIS_REPLICAS": d.reps,
				"LUOT_ADMIN_PASSWORD": "mat-khau-do-tai", "LUOT_ALWAYS_OPEN": "1", "LUOT_LOG_LEVEL": "error"})
			waitReady(b, s)
			token := adminToken(b, s.URL, "mat-khau-do-tai")
			b.ResetTimer()
			rep, err := loadgen.Run(context.Background(), loadgen.Config{URL: s.URL, Site: "ttpvhcc", Token: token,
				Issue: 1000, Concurrency: 16, Duration: time.Minute})
			b.StopTimer()
			if err != nil {
				b.Fatal(err)
			}
			if rep.Failed() > 0 {
				b.Fatalf("%d requests failed: %+v", rep.Failed(), rep.Ops)
			}
			for _, op := range rep.Ops {
				b.ReportMetric(op.RPS, op.Op+"/s")
				b.ReportMetric(op.P99ms, op.Op+"-p99-ms")
			}
		})
	}
}

// adminToken logs the admin in and returns the bearer token.
func adminToken(b testing.TB, base, password string) string {
	b.Helper()
	status, token := login(b, base, password)
	if status != 200 || token == "" {
		b.Fatalf("admin login: got %d, want 200 and a token", status)
	}
	return token
}
