package main

import (
	"bytes"
	"context"
	"encoding/json"
	"net"
	"net/http"
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
			s := startServeB(b, map[string]string{"REDIS_URL": url, "LUOT_REDIS_REPLICAS": d.reps,
				"LUOT_ADMIN_PASSWORD": "mat-khau-do-tai", "LUOT_ALWAYS_OPEN": "1"})
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

// startServeB runs `luot serve` in this process with env until the benchmark ends and waits
// for /readyz.
func startServeB(b testing.TB, env map[string]string) *served {
	b.Helper()
	addr := freeAddrB(b)
	full := map[string]string{"LUOT_ADDR": addr, "LUOT_CONFIG": "../config/binhduong.yaml", "LUOT_ARCHIVE_DIR": b.TempDir(),
		"LUOT_LOG_LEVEL": "error"}
	for k, v := range env {
		full[k] = v
	}
	ctx, cancel := context.WithCancel(context.Background())
	s := &served{URL: "http://" + addr, out: &syncBuffer{}, code: make(chan int, 1), exited: make(chan struct{}), cancel: cancel}
	go func() {
		defer close(s.exited)
		s.code <- run(ctx, []string{"serve"}, func(k string) string { return full[k] }, nil, s.out, s.out)
	}()
	b.Cleanup(func() { cancel(); <-s.exited })
	for deadline := time.Now().Add(time.Minute); ; {
		if res, err := http.Get(s.URL + "/readyz"); err == nil {
			res.Body.Close()
			if res.StatusCode == 200 {
				return s
			}
		}
		if time.Now().After(deadline) {
			b.Fatalf("/readyz not 200 within a minute:\n%s", s.out.String())
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func freeAddrB(b testing.TB) string {
	b.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		b.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

// adminToken logs the admin in and returns the bearer token.
func adminToken(b testing.TB, base, password string) string {
	b.Helper()
	body, _ := json.Marshal(map[string]string{"username": "admin", "password": password})
	res, err := http.Post(base+"/api/v1/auth/login", "application/json", bytes.NewReader(body))
	if err != nil {
		b.Fatal(err)
	}
	defer res.Body.Close()
	var out struct{ Token string }
	if err := json.NewDecoder(res.Body).Decode(&out); err != nil || res.StatusCode != 200 || out.Token == "" {
		b.Fatalf("admin login: %d %v", res.StatusCode, err)
	}
	return out.Token
}
