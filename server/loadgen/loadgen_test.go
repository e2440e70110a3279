package loadgen

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"luot/server/internal/testenv"
	"luot/server/internal/testserver"
	"luot/server/queue"
)

func TestCheckLoopback(t *testing.T) {
	for _, tc := range []struct {
		url  string
		ok   bool
		want string // the base URL kept
	}{
		{"http://127.0.0.1:8080", true, "http://127.0.0.1:8080"},
		{"http://127.0.0.1:8080/", true, "http://127.0.0.1:8080"},
		{"http://localhost:9000", true, "http://localhost:9000"},
		{"http://[::1]:8080", true, "http://[::1]:8080"},
		{"https://127.0.0.1", true, "https://127.0.0.1"},
		{"http://10.0.0.5:8080", false, ""},
		{"http://127.0.0.2:8080", false, ""},
		{"http://0.0.0.0:8080", false, ""},
		{"http://example.com", false, ""},
		{"http://localhost.example.com", false, ""},
		{"http://127.0.0.1.nip.io:8080", false, ""},
		{"ftp://127.0.0.1", false, ""},
		{"127.0.0.1:8080", false, ""},
		{"http://user:pw@127.0.0.1:8080", false, ""},
		{"http://127.0.0.1:8080/api/v1", false, ""},
	} {
		u, err := CheckLoopback(context.Background(), tc.url)
		if (err == nil) != tc.ok {
			t.Errorf("CheckLoopback(%q): err %v, want ok=%v", tc.url, err, tc.ok)
			continue
		}
		if tc.ok && u.String() != tc.want {
			t.Errorf("CheckLoopback(%q) = %q, want %q", tc.url, u, tc.want)
		}
	}
	if _, err := CheckLoopback(context.Background(), "http://192.168.1.1"); !errors.Is(err, ErrNotLoopback) {
		t.Errorf("a LAN address: got %v, want ErrNotLoopback", err)
	}
}

func TestRunRefusesRemoteTarget(t *testing.T) {
	_, err := Run(context.Background(), Config{URL: "http://203.0.113.7:8080", Site: "s", Token: "x", Issue: 1, Concurrency: 1})
	if !errors.Is(err, ErrNotLoopback) {
		t.Fatalf("got %v, want ErrNotLoopback before any request", err)
	}
}

func TestPlanIssue(t *testing.T) {
	site := &siteView{ID: "s"}
	add := func(id string, issuing bool, quota, issued int) {
		site.Services = append(site.Services, struct {
			ID          string `json:"id"`
			Waiting     int    `json:"waiting"`
			Issuing     bool   `json:"issuing"`
			Quota       int    `json:"quota"`
			IssuedToday int    `json:"issued_today"`
		}{ID: id, Issuing: issuing, Quota: quota, IssuedToday: issued})
	}
	add("a", true, 0, 0)
	add("b", true, 5, 3) // 2 left today
	add("c", false, 0, 0)
	add("d", true, 0, 0)

	plan, note := planIssue(site, 10)
	count := map[string]int{}
	for _, s := range plan {
		count[s]++
	}
	if len(plan) != 10 || note != "" || count["a"] != 4 || count["b"] != 2 || count["c"] != 0 || count["d"] != 4 {
		t.Errorf("plan of 10: got %v (%v), note %q; want a×4 b×2 d×4", count, plan, note)
	}
	if plan[0] != "a" || plan[1] != "b" || plan[2] != "d" {
		t.Errorf("plan starts %v, want round robin a b d", plan[:3])
	}

	site.Services = site.Services[1:3] // b (2 left) and c (closed)
	plan, note = planIssue(site, 10)
	if len(plan) != 2 || !strings.Contains(note, "leave 2 tickets") {
		t.Errorf("quota-bound plan: got %v, note %q; want 2 tickets and a note", plan, note)
	}
}

func TestPercentile(t *testing.T) {
	var d []time.Duration
	for i := 1; i <= 100; i++ {
		d = append(d, time.Duration(i)*time.Millisecond)
	}
	for _, tc := range []struct {
		p    float64
		want time.Duration
	}{{50, 50 * time.Millisecond}, {99, 99 * time.Millisecond}, {100, 100 * time.Millisecond}, {0, time.Millisecond}} {
		if got := percentile(d, tc.p); got != tc.want {
			t.Errorf("p%v = %v, want %v", tc.p, got, tc.want)
		}
	}
	if got := percentile([]time.Duration{7}, 99); got != 7 {
		t.Errorf("p99 of one = %v, want 7", got)
	}
}

func TestNobodyCalled(t *testing.T) {
	for body, want := range map[string]bool{
		`{"counter":{"id":"q1","ticket":null},"ticket":null}`:                  true,
		`{"counter":{"id":"q1","ticket":{"id":"x"}},"ticket":{"id":"x"}}`:      false,
		`{"counter":{"id":"q1","ticket":null},"ticket":{"id":"x","n":"A001"}}`: false,
		`{"counter":{"id":"q1"}}`:                                              true,
		`not json`:                                                             false,
	} {
		if got := nobodyCalled([]byte(body)); got != want {
			t.Errorf("nobodyCalled(%s) = %v, want %v", body, got, want)
		}
	}
}

// TestRunAgainstAPI drives the real API (testserver, on a real Redis, testenv's organisation):
// every ticket issued is called exactly once, quotas are respected, and the officers and
// counters the run created are gone afterwards.
func TestRunAgainstAPI(t *testing.T) {
	s := testserver.Start(t)
	env, ctx := s.Env, context.Background()
	token := s.User(t, "admin", queue.RoleAdmin)

	const issue = 120
	var logs bytes.Buffer
	r, err := Run(ctx, Config{
		URL: s.URL, Site: "centre", Token: token, Issue: issue, Concurrency: 6,
		// creating an officer hashes its password (bcrypt): slow under -race on a busy machine
		Duration: 30 * time.Second, Timeout: time.Minute,
		Log: func(f string, a ...any) { fmt.Fprintf(&logs, f+"\n", a...) },
	})
	if err != nil {
		t.Fatalf("Run: %v\n%s", err, logs.String())
	}
	if len(r.Ops) != 2 || r.Ops[0].Op != "issue" || r.Ops[1].Op != "next" {
		t.Fatalf("ops %+v, want issue then next", r.Ops)
	}
	is, nx := r.Ops[0], r.Ops[1]
	if is.Requests != issue || is.OK != issue || len(is.Errors) != 0 {
		t.Errorf("issue: %d requests, %d ok, errors %v; want %d ok (quotas planned around)", is.Requests, is.OK, is.Errors, issue)
	}
	if nx.Failed() != 0 || nx.Requests < issue || nx.Requests > issue+r.Counters*6 {
		t.Errorf("next: %d requests, %d failed; want %d..%d, none failed", nx.Requests, nx.Failed(), issue, issue+r.Counters*6)
	}
	if r.Counters != 4 || r.WaitingAfter != 0 || is.RPS <= 0 || is.P50ms <= 0 || is.P99ms < is.P50ms || is.Maxms < is.P99ms {
		t.Errorf("report %+v: want 4 counters, nothing waiting, sane figures", r)
	}
	// every ticket was called exactly once: each is done, or the current one of a counter
	// (now closed, which sends it back or ends it; either way not waiting)
	day := queue.LocalDay(env.Clock.Now(), testenv.Loc())
	tickets, err := env.Store.DayTickets(ctx, "centre", day)
	if err != nil {
		t.Fatal(err)
	}
	waiting := 0
	for _, tk := range tickets {
		if tk.Status == queue.Waiting {
			waiting++
		}
	}
	if len(tickets) != issue || waiting != 0 {
		t.Errorf("the day has %d tickets, %d waiting; want %d, none waiting", len(tickets), waiting, issue)
	}
	users, err := env.Store.Users(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(users) != 1 || users[0].Username != "admin" {
		t.Errorf("users after the run: %v, want only admin (the run's officers deleted)", users)
	}
	site, err := env.Engine.Site(ctx, "centre")
	if err != nil {
		t.Fatal(err)
	}
	for _, ct := range site.Counters {
		if ct.State != queue.Closed {
			t.Errorf("counter %s is %s after the run, want closed", ct.ID, ct.State)
		}
	}

	var table, js bytes.Buffer
	if err := r.WriteTable(&table); err != nil || !strings.Contains(table.String(), "issue") || !strings.Contains(table.String(), "p99 ms") {
		t.Errorf("table: %v\n%s", err, table.String())
	}
	var back Report
	if err := r.WriteJSON(&js); err != nil || json.Unmarshal(js.Bytes(), &back) != nil || back.Ops[0].OK != issue {
		t.Errorf("JSON: %v\n%s", err, js.String())
	}
}
