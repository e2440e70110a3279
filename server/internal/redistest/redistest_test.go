package redistest

import (
	"context"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"
)

func TestKill9KeepsAcknowledgedWrites(t *testing.T) {
	srv := Start(t)
	ctx := context.Background()
	rdb := srv.Client()

	// The acknowledgement is what a kiosk sees; with appendfsync always it means "on disk".
	if err := rdb.Set(ctx, "luot:{ttpvhcc}:probe", "A023", 0).Err(); err != nil {
		t.Fatalf("SET: %v", err)
	}
	for i := 0; i < 100; i++ {
		if err := rdb.Incr(ctx, "luot:{ttpvhcc}:seq").Err(); err != nil {
			t.Fatalf("INCR %d: %v", i, err)
		}
	}

	srv.Kill9()
	if err := ping(srv.Socket()); err == nil {
		t.Fatalf("PING after Kill9 succeeded, want an error: the server should be gone")
	}
	srv.Restart()

	got, err := rdb.Get(ctx, "luot:{ttpvhcc}:probe").Result()
	if err != nil {
		t.Fatalf("GET after Kill9 and Restart: %v", err)
	}
	if got != "A023" {
		t.Errorf("GET after Kill9 and Restart = %q, want %q", got, "A023")
	}
	seq, err := rdb.Get(ctx, "luot:{ttpvhcc}:seq").Int()
	if err != nil {
		t.Fatalf("GET seq: %v", err)
	}
	if seq != 100 {
		t.Errorf("seq after Kill9 and Restart = %d, want 100", seq)
	}
}

func TestConfiguredLikeProduction(t *testing.T) {
	srv := Start(t)
	ctx := context.Background()
	want := map[string]string{
		"appendonly":       "yes",
		"appendfsync":      "always",
		"save":             "",
		"port":             "0",
		"maxmemory-policy": "noeviction",
		"unixsocket":       srv.Socket(),
	}
	for key, w := range want {
		got, err := srv.Client().ConfigGet(ctx, key).Result()
		if err != nil {
			t.Fatalf("CONFIG GET %s: %v", key, err)
		}
		if got[key] != w {
			t.Errorf("CONFIG GET %s = %q, want %q", key, got[key], w)
		}
	}
}

func TestURLWorksWithParseURL(t *testing.T) {
	srv := Start(t)
	if !strings.HasPrefix(srv.URL(), "unix:///") || !strings.HasSuffix(srv.URL(), "/redis.sock") {
		t.Fatalf("URL() = %q, want unix:///…/redis.sock", srv.URL())
	}
	opt, err := redis.ParseURL(srv.URL())
	if err != nil {
		t.Fatalf("ParseURL(%q): %v", srv.URL(), err)
	}
	rdb := redis.NewClient(opt)
	defer rdb.Close()
	if got, err := rdb.Ping(context.Background()).Result(); err != nil || got != "PONG" {
		t.Fatalf("PING through URL() = %q, %v; want PONG, nil", got, err)
	}
}

func TestServersAreIndependent(t *testing.T) {
	a, b := Start(t), Start(t)
	if a.Socket() == b.Socket() {
		t.Fatalf("two servers share the socket %s", a.Socket())
	}
	ctx := context.Background()
	if err := a.Client().Set(ctx, "k", "a", 0).Err(); err != nil {
		t.Fatal(err)
	}
	if n, err := b.Client().Exists(ctx, "k").Result(); err != nil || n != 0 {
		t.Fatalf("EXISTS k on the second server = %d, %v; want 0, nil", n, err)
	}
}

func TestStopAndRestart(t *testing.T) {
	srv := Start(t)
	ctx := context.Background()
	if err := srv.Client().Set(ctx, "k", "v", 0).Err(); err != nil {
		t.Fatal(err)
	}
	srv.Stop()
	srv.Stop() // idempotent
	if err := ping(srv.Socket()); err == nil {
		t.Fatalf("PING after Stop succeeded, want an error")
	}
	srv.Restart()
	if got, err := srv.Client().Get(ctx, "k").Result(); err != nil || got != "v" {
		t.Fatalf("GET after Stop and Restart = %q, %v; want %q, nil", got, err, "v")
	}
}

// A long $TMPDIR (or test name) makes t.TempDir too long for a unix socket path; Start must
// fall back to a short folder.
func TestLongTempDirFallsBackToShortSocket(t *testing.T) {
	long, err := os.MkdirTemp("", "luot-redistest-"+strings.Repeat("x", 100))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = os.RemoveAll(long) })
	t.Setenv("TMPDIR", long) // before the first t.TempDir of this test

	srv := Start(t)
	if n := len(srv.Socket()); n >= maxSocketPath {
		t.Fatalf("socket path is %d bytes, want < %d: %s", n, maxSocketPath, srv.Socket())
	}
	if strings.HasPrefix(srv.Dir(), long) {
		t.Errorf("Dir() = %s, want a folder outside the long TMPDIR", srv.Dir())
	}
	if err := srv.Client().Ping(context.Background()).Err(); err != nil {
		t.Fatalf("PING: %v", err)
	}
}

// The server and its folder are gone after the test's cleanup.
func TestCleanupStopsServer(t *testing.T) {
	var sock, dir string
	t.Run("inner", func(t *testing.T) {
		srv := Start(t)
		sock, dir = srv.Socket(), srv.Dir()
	})
	deadline := time.Now().Add(2 * time.Second)
	for ping(sock) == nil {
		if time.Now().After(deadline) {
			t.Fatalf("the server on %s still answers after its test ended", sock)
		}
		time.Sleep(10 * time.Millisecond)
	}
	if _, err := os.Stat(dir); !os.IsNotExist(err) {
		t.Errorf("Stat(%s) = %v, want not exist: the folder outlived its test", dir, err)
	}
}

// TestInfoReaders: INFO's numeric fields and commandstats are read from a real server, and
// commandstats' text (lines ending in \r\n) by command.
func TestInfoReaders(t *testing.T) {
	rdb := Start(t).Client()
	if err := rdb.HMGet(context.Background(), "h", "a", "b").Err(); err != nil {
		t.Fatal(err)
	}
	if n := Commands(t, rdb)["hmget"]["calls"]; n != 1 {
		t.Errorf("hmget calls: got %v, want 1", n)
	}
	if mem := Info(t, rdb, "memory")["used_memory"]; mem <= 0 {
		t.Errorf("used_memory: got %v", mem)
	}
	if cpu := MainThreadCPU(t, rdb); cpu <= 0 {
		t.Errorf("main thread CPU: got %v µs", cpu)
	}
	got := CommandStats("# Commandstats\r\ncmdstat_evalsha:calls=3,usec=30,usec_per_call=10.00,rejected_calls=0\r\ncmdstat_xread:calls=2,usec=5\r\n")
	if len(got) != 2 || got["evalsha"]["usec_per_call"] != 10 || got["evalsha"]["calls"] != 3 || got["xread"]["usec"] != 5 {
		t.Errorf("CommandStats: got %v", got)
	}
}
