package api_test

import (
	"context"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"luot/server/queue"
)

// redisDownLimit is how long a request may take to say that Redis is down.
const redisDownLimit = 5 * time.Second

// recoverLimit is how soon after Redis is back the same app must serve again.
const recoverLimit = 5 * time.Second

// TestRedisDownThen503AndRecovery checks DESIGN.md §4.6: with Redis gone every request that
// needs it answers 503 unavailable within seconds (in Vietnamese, for the kiosk), the process
// itself stays healthy, and the same app serves again as soon as Redis is back.
func TestRedisDownThen503AndRecovery(t *testing.T) {
	t.Parallel() // each test has its own Redis and app
	h, _, kiosk := newCentre(t)
	h.addUser(t, "can-bo-a", queue.RoleOfficer, "centre")
	officer := h.login(t, "can-bo-a").Token
	tk := h.issue(t, kiosk, "centre", "dat-dai")

	requests := []struct {
		name string
		r    req
		ok   int
	}{
		{"readyz", req{method: "GET", path: "/readyz"}, 200},
		{"site", req{method: "GET", path: "/api/v1/sites/centre"}, 200},
		{"issue", req{method: "POST", path: "/api/v1/sites/centre/tickets", token: kiosk, body: map[string]string{"service": "dat-dai"}}, 201},
		{"ticket", req{method: "GET", path: "/api/v1/tickets/" + tk.ID}, 200},
		{"open counter", req{method: "POST", path: counterPath("centre", "q1", "open"), token: officer}, 200},
		{"login", req{method: "POST", path: "/api/v1/auth/login", body: map[string]string{"username": "can-bo-a", "password": testPassword}}, 200},
	}
	var pid int // of the hung redis-server, continued at the latest before redistest stops it
	t.Cleanup(func() {
		if pid != 0 {
			_ = syscall.Kill(pid, syscall.SIGCONT)
		}
	})
	for _, outage := range []struct {
		name       string
		stop, back func(t *testing.T)
	}{
		{"stopped", func(*testing.T) { h.env.Redis.Stop() }, func(*testing.T) { h.env.Redis.Restart() }},
		{"killed", func(*testing.T) { h.env.Redis.Kill9() }, func(*testing.T) { h.env.Redis.Restart() }},
		// a Redis that hangs (SIGSTOP) is the slow case: nothing refuses, reads time out
		{"hung", func(t *testing.T) {
			pid = redisPID(t, h)
			signalRedis(t, pid, syscall.SIGSTOP)
		}, func(t *testing.T) {
			signalRedis(t, pid, syscall.SIGCONT)
			pid = 0
		}},
	} {
		t.Run(outage.name, func(t *testing.T) {
			outage.stop(t)
			// every request at once, as a hall of kiosks would, which also keeps the test short
			type answer struct {
				r    *resp
				err  error
				took time.Duration
			}
			answers := make([]answer, len(requests))
			var wg sync.WaitGroup
			for i, rq := range requests {
				wg.Go(func() {
					start := time.Now()
					r, err := h.send(rq.r)
					answers[i] = answer{r, err, time.Since(start)}
				})
			}
			wg.Wait()
			for i, rq := range requests {
				a := answers[i]
				if a.err != nil {
					t.Errorf("%s: %v", rq.name, a.err)
					continue
				}
				t.Logf("%s: %d in %v", rq.name, a.r.status, a.took.Round(time.Millisecond))
				if a.took >= redisDownLimit {
					t.Errorf("%s: answered in %v, want under %v", rq.name, a.took, redisDownLimit)
				}
				code, msg, problem := a.r.errorShape()
				switch {
				case a.r.status != 503 || code != "unavailable":
					t.Errorf("%s: got status %d code %q, want 503 unavailable: %s", rq.name, a.r.status, code, a.r.body)
				case problem != "":
					t.Errorf("%s: %s", rq.name, problem)
				case !hasVietnamese(msg):
					t.Errorf("%s: got message %q, want Vietnamese", rq.name, msg)
				}
			}
			h.do(t, req{method: "GET", path: "/healthz"}).want(t, 200)

			outage.back(t)
			back := time.Now()
			for _, rq := range requests {
				// go-redis stops dialling after a run of failed dials and probes once a second
				// until Redis answers, so the first requests may still see 503 for a moment.
				for {
					r := h.do(t, rq.r)
					if r.status == rq.ok {
						break
					}
					if r.status != 503 || time.Since(back) > recoverLimit {
						t.Fatalf("%s %v after Redis came back: got status %d, want %d: %s", rq.name, time.Since(back), r.status, rq.ok, r.body)
					}
					time.Sleep(50 * time.Millisecond)
				}
			}
			t.Logf("every request served again %v after Redis came back", time.Since(back).Round(time.Millisecond))
			// what was acknowledged before the outage is still there
			h.do(t, req{method: "GET", path: "/api/v1/tickets/" + tk.ID}).want(t, 200)
		})
	}
}

// redisPID asks the test's redis-server for its process id (to pause and continue it).
func redisPID(t *testing.T, h *harness) int {
	t.Helper()
	info, err := h.env.Redis.Client().Info(context.Background(), "server").Result()
	if err != nil {
		t.Fatalf("INFO server: %v", err)
	}
	for _, line := range strings.Split(info, "\n") {
		if v, ok := strings.CutPrefix(strings.TrimSpace(line), "process_id:"); ok {
			pid, err := strconv.Atoi(v)
			if err != nil || pid <= 1 {
				t.Fatalf("INFO server: process_id %q", v)
			}
			return pid
		}
	}
	t.Fatalf("INFO server has no process_id: %s", info)
	return 0
}

func signalRedis(t *testing.T, pid int, sig syscall.Signal) {
	t.Helper()
	if err := syscall.Kill(pid, sig); err != nil {
		t.Fatalf("signal %v to redis-server %d: %v", sig, pid, err)
	}
}

// TestStoreFull: when Redis refuses writes for want of memory (maxmemory with noeviction,
// as deploy/redis.conf ships), a write answers 503 store_full with a clear message in both
// languages and changes nothing; reads go on; once memory is there again, writes work.
func TestStoreFull(t *testing.T) {
	t.Parallel()
	h, _, kiosk := newCentre(t)
	h.issue(t, kiosk, "centre", "dat-dai")
	rdb := h.env.Redis.Client()
	ctx := context.Background()
	if err := rdb.ConfigSet(ctx, "maxmemory-policy", "noeviction").Err(); err != nil {
		t.Fatal(err)
	}
	if err := rdb.ConfigSet(ctx, "maxmemory", "1").Err(); err != nil {
		t.Fatal(err)
	}
	issue := req{method: "POST", path: "/api/v1/sites/centre/tickets", token: kiosk, body: map[string]string{"service": "dat-dai"}}
	r := h.do(t, issue)
	r.wantError(t, 503, "store_full")
	if _, msg := r.errorOf(t); !strings.Contains(msg, "bộ nhớ") {
		t.Errorf("Vietnamese message: got %q", msg)
	}
	issue.header = map[string]string{"Accept-Language": "en"}
	if _, msg := h.do(t, issue).errorOf(t); !strings.Contains(msg, "memory") {
		t.Errorf("English message: got %q", msg)
	}
	h.do(t, req{method: "POST", path: "/api/v1/auth/login", body: map[string]string{"username": "admin", "password": testPassword}}).wantError(t, 503, "store_full")
	if got := h.site(t, "centre").waiting("dat-dai"); got != 1 {
		t.Errorf("waiting while full: got %d, want the 1 issued before", got)
	}
	if err := rdb.ConfigSet(ctx, "maxmemory", "0").Err(); err != nil {
		t.Fatal(err)
	}
	issue.header = nil
	h.do(t, issue).want(t, 201)
	if got := h.site(t, "centre").waiting("dat-dai"); got != 2 {
		t.Errorf("waiting after: got %d, want 2", got)
	}
}

// TestBookingRedisDownThen503AndRecovery: with Redis stopped every booking endpoint answers
// 503 unavailable and changes nothing; back, they work again by themselves.
func TestBookingRedisDownThen503AndRecovery(t *testing.T) {
	h := newBookingHarness(t, nil)
	b := h.book(t, "centre", "dat-dai", "2026-11-24", "08:30", "0901234567")
	h.env.Redis.Stop()
	for _, r := range []req{
		{method: "POST", path: "/api/v1/otp", body: map[string]string{"phone": "0912345678"}},
		{method: "GET", path: "/api/v1/sites/centre/slots?service=dat-dai"},
		{method: "POST", path: "/api/v1/sites/centre/bookings", body: map[string]string{"service": "dat-dai", "date": "2026-11-24", "start": "09:00", "phone": "0912345678", "code": "123456"}},
		{method: "GET", path: "/api/v1/bookings/" + b.ID},
		{method: "DELETE", path: "/api/v1/bookings/" + b.ID},
		{method: "POST", path: "/api/v1/sites/centre/tickets", body: map[string]string{"service": "dat-dai", "channel": "online", "phone": "0912345678", "code": "123456"}},
		{method: "POST", path: "/api/v1/tickets/centre.aaaaaaaaaaaaaaaaaaaaaaaa/postpone"},
	} {
		res, err := h.send(r)
		if err != nil {
			t.Fatal(err)
		}
		if code, _ := res.errorOf(t); res.status != 503 || code != "unavailable" {
			t.Errorf("%s %s with Redis down: got %d %s, want 503 unavailable", r.method, r.path, res.status, res.body)
		}
	}
	h.env.Redis.Restart()
	// the client's pool reconnects by itself, within a few seconds
	deadline := time.Now().Add(15 * time.Second)
	r := h.do(t, req{method: "GET", path: "/api/v1/bookings/" + b.ID})
	for r.status == 503 && time.Now().Before(deadline) {
		time.Sleep(100 * time.Millisecond)
		r = h.do(t, req{method: "GET", path: "/api/v1/bookings/" + b.ID})
	}
	var got booking
	r.want(t, 200).decode(t, &got)
	if got.Status != "booked" {
		t.Errorf("after the outage: %q, want booked (nothing changed)", got.Status)
	}
	h.book(t, "centre", "dat-dai", "2026-11-24", "09:00", "0912345678")
}
