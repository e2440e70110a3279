package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"luot/server/internal/redistest"
)

// served is a `luot serve` running in this process through run, as the binary runs it.
type served struct {
	URL    string
	out    *syncBuffer
	code   chan int      // run's exit code, once
	exited chan struct{} // closed when run has returned
	cancel context.CancelFunc
}

// syncBuffer is a bytes.Buffer the server's goroutines and the test may share.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// freeAddr returns a loopback address with a port nobody listens on.
func freeAddr(tb testing.TB) string {
	tb.Helper()
	ln, err := net.Listen("tcp4", "127.0.0.1:0")
	if err != nil {
		tb.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

// startServe runs `luot serve` with env (plus a free LUOT_ADDR) until the test or benchmark
// ends.
func startServe(tb testing.TB, env map[string]string) *served {
	tb.Helper()
	addr := freeAddr(tb)
	full := map[string]string{"LUOT_ADDR": addr, "LUOT_CONFIG": "../config/binhduong.yaml", "LUOT_ARCHIVE_DIR": tb.TempDir(),
		"LUOT_LOG_LEVEL": "warn"}
	for k, v := range env {
		full[k] = v
	}
	ctx, cancel := context.WithCancel(context.Background())
	s := &served{URL: "http://" + addr, out: &syncBuffer{}, code: make(chan int, 1), exited: make(chan struct{}), cancel: cancel}
	go func() {
		defer close(s.exited)
		s.code <- run(ctx, []string{"serve"}, func(k string) string { return full[k] }, nil, s.out, s.out)
	}()
	tb.Cleanup(func() { s.stop(tb) })
	return s
}

// stop ends the server and waits for run to return.
func (s *served) stop(tb testing.TB) {
	tb.Helper()
	s.cancel()
	select {
	case <-s.exited:
	case <-time.After(20 * time.Second):
		tb.Errorf("luot serve did not stop within 20 s of its context's end; output:\n%s", s.out.String())
	}
}

// get sends a GET and returns the status and the body.
func get(tb testing.TB, url string) (int, []byte) {
	tb.Helper()
	res, err := http.Get(url)
	if err != nil {
		return 0, nil
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(res.Body)
	return res.StatusCode, body
}

// waitReady polls /readyz until it answers 200 and returns every other answer it got.
func waitReady(tb testing.TB, s *served) []string {
	tb.Helper()
	var seen []string
	deadline := time.Now().Add(60 * time.Second)
	for time.Now().Before(deadline) {
		status, body := get(tb, s.URL+"/readyz")
		if status == 200 {
			return seen
		}
		if status != 0 {
			seen = append(seen, fmt.Sprintf("%d %s", status, body))
		}
		select {
		case <-s.exited:
			tb.Fatalf("luot serve exited with %d before it was ready; output:\n%s", <-s.code, s.out.String())
		case <-time.After(5 * time.Millisecond):
		}
	}
	tb.Fatalf("/readyz not 200 within 60 s; last answers %v; output:\n%s", seen[max(0, len(seen)-3):], s.out.String())
	return nil
}

// login posts the admin's credentials and returns the status and the bearer token it got.
func login(tb testing.TB, base, password string) (int, string) {
	tb.Helper()
	body, _ := json.Marshal(map[string]string{"username": "admin", "password": password})
	res, err := http.Post(base+"/api/v1/auth/login", "application/json", bytes.NewReader(body))
	if err != nil {
		tb.Fatalf("login: %v", err)
	}
	defer res.Body.Close()
	var out struct{ Token string }
	_ = json.NewDecoder(res.Body).Decode(&out)
	return res.StatusCode, out.Token
}

// TestReadyMeansAdminCanLogIn is issue 15's first point: a deploy script that waits for the
// first 200 from /readyz and then logs in as admin with LUOT_ADMIN_PASSWORD must succeed
// every time. Each start sets a new password, so a login succeeds only once the start-up
// has (re)set the account; before that /readyz must answer 503 "starting" naming what is
// pending.
func TestReadyMeansAdminCanLogIn(t *testing.T) {
	r := redistest.Start(t)
	const starts = 8
	failed, starting := 0, 0
	for i := range starts {
		password := fmt.Sprintf("mat-khau-%d-%d", i, time.Now().UnixNano())
		s := startServe(t, map[string]string{"REDIS_URL": r.URL(), "LUOT_ADMIN_PASSWORD": password})
		early := waitReady(t, s)
		if got, _ := login(t, s.URL, password); got != 200 {
			failed++
			t.Errorf("start %d: login right after the first 200 from /readyz: got %d, want 200", i, got)
		}
		if len(early) > 0 {
			starting++
		}
		for _, a := range early {
			if !strings.HasPrefix(a, "503 ") || !strings.Contains(a, `"code":"starting"`) || !strings.Contains(a, `"pending":[`) {
				t.Errorf("start %d: /readyz before ready answered %s; want 503 starting with the pending steps", i, a)
				break
			}
		}
		s.stop(t)
	}
	if starting == 0 {
		t.Errorf("no start answered /readyz with 503 starting before it was ready: nothing was checked")
	}
	if failed > 0 {
		t.Errorf("%d of %d starts: admin could not log in right after /readyz said ready", failed, starts)
	}
}

// startServeReady runs `luot serve` with env (startServe) and waits until /readyz is 200.
func startServeReady(tb testing.TB, env map[string]string) *served {
	tb.Helper()
	s := startServe(tb, env)
	waitReady(tb, s)
	return s
}
