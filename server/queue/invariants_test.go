package queue_test

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"sync"
	"testing"
	"time"

	"luot/server/internal/testenv"
	"luot/server/queue"
)

// TestConcurrentIssueGapless: 8 kiosks issuing 250 tickets each at once get unique numbers
// 1..N per prefix, without a gap (invariant 1).
func TestConcurrentIssueGapless(t *testing.T) {
	env := testenv.New(t)
	ctx := context.Background()
	const issuers, each = 8, 250
	services := []string{"dat-dai", "ho-tich"}
	var mu sync.Mutex
	numbers := map[string][]string{}
	var wg sync.WaitGroup
	errs := make(chan error, issuers)
	for i := range issuers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			k := testenv.Kiosk("centre")
			k.Device = fmt.Sprintf("kiosk-%d", i)
			for j := range each {
				svc := services[(i+j)%2]
				tk, err := env.Engine.Issue(ctx, k, "centre", svc, "", "")
				if err != nil {
					errs <- err
					return
				}
				mu.Lock()
				numbers[svc] = append(numbers[svc], tk.Number)
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatalf("issue: %v", err)
	}
	prefix := map[string]string{"dat-dai": "A", "ho-tich": "B"}
	total := 0
	for svc, got := range numbers {
		sort.Slice(got, func(i, j int) bool { return len(got[i]) < len(got[j]) || len(got[i]) == len(got[j]) && got[i] < got[j] })
		for i, n := range got {
			if want := queue.FormatNumber(prefix[svc], int64(i+1)); n != want {
				t.Fatalf("%s: number %d is %s, want %s (duplicate or gap)", svc, i, n, want)
			}
		}
		total += len(got)
	}
	if total != issuers*each {
		t.Fatalf("got %d tickets, want %d", total, issuers*each)
	}
}

// TestConcurrentNextEachOnce: 10 counters calling next at the same time until the queue is
// empty call every ticket exactly once (invariant 2).
func TestConcurrentNextEachOnce(t *testing.T) {
	env := testenv.NewWith(t, manyCounters(t, 10))
	ctx := context.Background()
	const tickets = 300
	issued := map[string]bool{}
	for range tickets {
		tk, err := env.Engine.Issue(ctx, testenv.Kiosk("centre"), "centre", "dat-dai", "", "")
		if err != nil {
			t.Fatal(err)
		}
		issued[tk.ID] = true
	}
	calls := callUntilEmpty(t, env.Engine, 10)
	if len(calls) != tickets {
		t.Fatalf("got %d tickets called, want %d", len(calls), tickets)
	}
	for id, by := range calls {
		if !issued[id] {
			t.Fatalf("called unknown ticket %s", id)
		}
		if len(by) != 1 {
			t.Fatalf("ticket %s called by %v, want exactly one counter", id, by)
		}
	}
}

// TestCallingOrder: priority class first, then issue time across the counter's services; a
// counter never calls a service it does not serve; a transferred ticket keeps its place; a
// reserved ticket goes to its counter only (invariant 3).
func TestCallingOrder(t *testing.T) {
	env := testenv.New(t)
	ctx := context.Background()
	e := env.Engine
	k := testenv.Kiosk("centre")
	issue := func(svc, prio string) *queue.Ticket {
		t.Helper()
		env.Clock.Advance(time.Second)
		tk, err := e.Issue(ctx, k, "centre", svc, prio, "")
		if err != nil {
			t.Fatal(err)
		}
		return tk
	}
	a1 := issue("dat-dai", "")
	b1 := issue("ho-tich", "")
	c1 := issue("doanh-nghiep", "")
	a2 := issue("dat-dai", "elderly")
	b2 := issue("ho-tich", "")

	off2 := testenv.Officer("o2", "centre") // q2 serves dat-dai and ho-tich
	if _, err := e.Open(ctx, off2, "centre", "q2", nil); err != nil {
		t.Fatal(err)
	}
	next := func(off queue.Actor, counter string) *queue.Ticket {
		t.Helper()
		c, err := e.Next(ctx, off, "centre", counter)
		if err != nil {
			t.Fatalf("next at %s: %v", counter, err)
		}
		return c.Ticket
	}
	want := []*queue.Ticket{a2, a1, b1, b2}
	for i, w := range want {
		if got := next(off2, "q2"); got == nil || got.ID != w.ID {
			t.Fatalf("call %d at q2: got %v, want %s", i, got, w.Number)
		}
	}
	if got := next(off2, "q2"); got != nil {
		t.Fatalf("q2 called %s of a service it does not serve", got.Number)
	}
	_ = c1

	// transfer keeps the place: a3 is issued after a4, transferred from doanh-nghiep's queue…
	a3 := issue("dat-dai", "")
	c2 := issue("doanh-nghiep", "")
	a4 := issue("dat-dai", "")
	off4 := testenv.Officer("o4", "centre") // q4 serves doanh-nghiep then dat-dai
	if _, err := e.Open(ctx, off4, "centre", "q4", []string{"doanh-nghiep"}); err != nil {
		t.Fatal(err)
	}
	if got := next(off4, "q4"); got.ID != c1.ID {
		t.Fatalf("q4 first call: got %s, want %s", got.Number, c1.Number)
	}
	if got := next(off4, "q4"); got.ID != c2.ID {
		t.Fatalf("q4 second call: got %s, want %s", got.Number, c2.Number)
	}
	// c2 (issued between a3 and a4) moves to dat-dai keeping its place: a3, c2, a4.
	if _, err := e.Transfer(ctx, off4, "centre", "q4", "dat-dai", "", true); err != nil {
		t.Fatal(err)
	}
	for i, w := range []*queue.Ticket{a3, c2, a4} {
		if got := next(off2, "q2"); got == nil || got.ID != w.ID {
			t.Fatalf("after transfer, call %d: got %v, want %s", i, got, w.Number)
		}
	}

	// reserved for a counter: only that counter calls it, before its other tickets.
	a5 := issue("dat-dai", "")
	a6 := issue("dat-dai", "")
	if got := next(off2, "q2"); got.ID != a5.ID {
		t.Fatalf("got %s, want %s", got.Number, a5.Number)
	}
	if _, err := e.Transfer(ctx, off2, "centre", "q2", "", "q1", true); err != nil {
		t.Fatal(err)
	}
	if got := next(off2, "q2"); got.ID != a6.ID {
		t.Fatalf("q2 took %s, want %s (a5 is reserved for q1)", got.Number, a6.Number)
	}
	if got := next(off2, "q2"); got != nil {
		t.Fatalf("q2 called %s reserved for q1", got.Number)
	}
	a7 := issue("dat-dai", "elderly")
	off1 := testenv.Officer("o1", "centre")
	if _, err := e.Open(ctx, off1, "centre", "q1", nil); err != nil {
		t.Fatal(err)
	}
	if got := next(off1, "q1"); got.ID != a5.ID {
		t.Fatalf("q1 first call: got %s, want reserved %s before priority %s", got.Number, a5.Number, a7.Number)
	}
}

// TestDayBoundary: numbering restarts at local midnight in Asia/Ho_Chi_Minh, not UTC's.
func TestDayBoundary(t *testing.T) {
	org := testOrg(t, "hours: {mon: [\"00:00-23:59\"], tue: [\"00:00-23:59\"]}")
	env := testenv.NewWith(t, org)
	ctx := context.Background()
	loc := testenv.Loc()
	issue := func() string {
		t.Helper()
		tk, err := env.Engine.Issue(ctx, testenv.Kiosk("centre"), "centre", "dat-dai", "", "")
		if err != nil {
			t.Fatal(err)
		}
		return tk.Number
	}
	env.Clock.Set(time.Date(2026, 11, 23, 23, 58, 0, 0, loc))
	issue()
	env.Clock.Set(time.Date(2026, 11, 23, 23, 58, 59, 0, loc))
	if got := issue(); got != "A002" {
		t.Fatalf("at 23:58:59 got %s, want A002", got)
	}
	env.Clock.Set(time.Date(2026, 11, 24, 0, 0, 0, 0, loc))
	if got := issue(); got != "A001" {
		t.Fatalf("at 00:00:00 local got %s, want A001 (a new day)", got)
	}
	// 07:00 local is 00:00 UTC: the same local day goes on.
	env.Clock.Set(time.Date(2026, 11, 24, 0, 0, 0, 0, time.UTC))
	if got := issue(); got != "A002" {
		t.Fatalf("at 00:00 UTC (07:00 local) got %s, want A002", got)
	}
}

// TestHoursAndQuota: outside opening hours and past the daily quota, nothing is issued.
func TestHoursAndQuota(t *testing.T) {
	env := testenv.New(t)
	ctx := context.Background()
	loc := testenv.Loc()
	k := testenv.Kiosk("centre")
	cases := []struct {
		at   time.Time
		want error
	}{
		{time.Date(2026, 11, 23, 7, 29, 59, 0, loc), queue.ErrOutsideHours},
		{time.Date(2026, 11, 23, 7, 30, 0, 0, loc), nil},
		{time.Date(2026, 11, 23, 12, 0, 0, 0, loc), queue.ErrOutsideHours},
		{time.Date(2026, 11, 23, 16, 59, 0, 0, loc), nil},
		{time.Date(2026, 11, 23, 17, 0, 0, 0, loc), queue.ErrOutsideHours},
		{time.Date(2026, 11, 29, 9, 0, 0, 0, loc), queue.ErrOutsideHours}, // Sunday
		{time.Date(2026, 11, 23, 2, 0, 0, 0, time.UTC), nil},              // 09:00 local
	}
	for _, c := range cases {
		env.Clock.Set(c.at)
		_, err := env.Engine.Issue(ctx, k, "centre", "ho-tich", "", "")
		if !errors.Is(err, c.want) && !(c.want == nil && err == nil) {
			t.Errorf("at %s: got %v, want %v", c.at.In(loc).Format(time.RFC3339), err, c.want)
		}
	}
	env.Clock.Set(testenv.Monday)
	for i := range 5 {
		if _, err := env.Engine.Issue(ctx, k, "centre", "doanh-nghiep", "", ""); err != nil {
			t.Fatalf("ticket %d under the quota: %v", i+1, err)
		}
	}
	v1, _ := env.Engine.Site(ctx, "centre")
	if _, err := env.Engine.Issue(ctx, k, "centre", "doanh-nghiep", "", ""); !errors.Is(err, queue.ErrQuotaReached) {
		t.Fatalf("6th ticket: got %v, want quota reached", err)
	}
	v2, _ := env.Engine.Site(ctx, "centre")
	if v1.LastEvent != v2.LastEvent || v2.Services[2].Waiting != 5 || v2.Services[2].Issuing {
		t.Fatalf("a refused ticket changed state: events %s→%s, waiting %d, issuing %v", v1.LastEvent, v2.LastEvent, v2.Services[2].Waiting, v2.Services[2].Issuing)
	}
	// the quota is per day
	env.Clock.Set(testenv.Monday.Add(24 * time.Hour))
	if tk, err := env.Engine.Issue(ctx, k, "centre", "doanh-nghiep", "", ""); err != nil || tk.Number != "C001" {
		t.Fatalf("next day: got %v %v, want C001", tk, err)
	}
}

// TestDurabilityKill9: every acknowledged ticket survives kill -9 of Redis (AOF, fsync
// always), and numbering continues without a duplicate (invariant 4).
func TestDurabilityKill9(t *testing.T) {
	env := testenv.New(t)
	ctx := context.Background()
	k := testenv.Kiosk("centre")
	var acked []*queue.Ticket
	var mu sync.Mutex
	stop := make(chan struct{})
	var wg sync.WaitGroup
	for range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				select {
				case <-stop:
					return
				default:
				}
				tk, err := env.Engine.Issue(ctx, k, "centre", "dat-dai", "", "")
				if err != nil {
					return // Redis is gone: this ticket was never acknowledged
				}
				mu.Lock()
				acked = append(acked, tk)
				mu.Unlock()
			}
		}()
	}
	for {
		mu.Lock()
		n := len(acked)
		mu.Unlock()
		if n >= 200 {
			break
		}
		time.Sleep(5 * time.Millisecond)
	}
	env.Redis.Kill9()
	close(stop)
	wg.Wait()
	env.Redis.Restart()

	seen := map[string]bool{}
	for _, a := range acked {
		got, err := env.Engine.Ticket(ctx, a.ID)
		if err != nil {
			t.Fatalf("acknowledged ticket %s lost after kill -9: %v", a.Number, err)
		}
		if got.Number != a.Number {
			t.Fatalf("ticket %s came back as %s", a.Number, got.Number)
		}
		seen[a.Number] = true
	}
	next, err := env.Engine.Issue(ctx, k, "centre", "dat-dai", "", "")
	if err != nil {
		t.Fatal(err)
	}
	if seen[next.Number] {
		t.Fatalf("after restart issued %s again", next.Number)
	}
}
