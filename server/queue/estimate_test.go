package queue_test

import (
	"context"
	"testing"
	"time"

	"luot/server/internal/testenv"
	"luot/server/queue"
)

func TestEstimate(t *testing.T) {
	for _, c := range []struct {
		name                 string
		ahead                int
		avg                  float64
		configured, counters int
		want                 int
	}{
		{"nobody ahead", 0, 6, 15, 2, 0},
		{"configured minutes until an average exists", 4, 0, 15, 1, 60},
		{"shared among open counters", 4, 0, 15, 2, 30},
		{"no counter open counts as one", 3, 0, 10, 0, 30},
		{"the moving average replaces the configuration", 3, 6, 15, 2, 9},
		{"rounded up to whole minutes", 1, 6.2, 15, 3, 3},
		{"an average far below the configuration is bounded", 10, 0.1, 12, 1, 30},
		{"an average far above the configuration is bounded", 2, 300, 10, 1, 80},
	} {
		if got := queue.Estimate(c.ahead, c.avg, c.configured, c.counters); got != c.want {
			t.Errorf("%s: Estimate(%d, %v, %d, %d) = %d, want %d", c.name, c.ahead, c.avg, c.configured, c.counters, got, c.want)
		}
	}
}

// TestEstimateLearns follows the expected wait of a queue through a morning on a fake
// clock: configured minutes first, then the moving average of real service times (from the
// call when the officer never pressed start), ignoring a ticket skipped within seconds.
func TestEstimateLearns(t *testing.T) {
	env := testenv.New(t)
	ctx := context.Background()
	e, kiosk := env.Engine, testenv.Kiosk("centre")
	var last *queue.Ticket
	for i := 0; i < 5; i++ {
		tk, err := e.Issue(ctx, kiosk, "centre", "dat-dai", "", "")
		if err != nil {
			t.Fatal(err)
		}
		last = tk
	}
	wait := func(want int, why string) {
		t.Helper()
		tk, err := e.Ticket(ctx, last.ID)
		if err != nil {
			t.Fatal(err)
		}
		if tk.EstWaitMin == nil || *tk.EstWaitMin != want {
			t.Fatalf("%s: got an expected wait of %v min (ahead %v), want %d", why, deref(tk.EstWaitMin), deref(tk.Ahead), want)
		}
	}
	wait(60, "4 ahead, 15 configured minutes, no counter open")

	lan, minh := testenv.Officer("lan", "centre"), testenv.Officer("minh", "centre")
	mustOpen(t, e, lan, "q1")
	mustOpen(t, e, minh, "q2") // q2 serves land and civil status
	wait(30, "4 ahead, 15 minutes, 2 counters")

	mustNext(t, e, lan, "q1") // A001 called
	env.Clock.Advance(6 * time.Minute)
	mustNext(t, e, lan, "q1") // A001 done after 6 minutes (no start pressed), A002 called
	wait(6, "2 ahead, 6 learned minutes, 2 counters")

	env.Clock.Advance(10 * time.Second)
	mustNext(t, e, lan, "q1") // A002 skipped after 10 s: not a service time; A003 called
	wait(3, "1 ahead, still 6 minutes, 2 counters")

	env.Clock.Advance(time.Minute)
	if _, err := e.Act(ctx, lan, "centre", "q1", queue.ActStart); err != nil {
		t.Fatal(err)
	}
	env.Clock.Advance(11 * time.Minute)
	if _, err := e.Act(ctx, lan, "centre", "q1", queue.ActFinish); err != nil {
		t.Fatal(err)
	}
	// 0.8 × 6 + 0.2 × 11 = 7 minutes a citizen; 1 ahead and 2 counters: 3.5 → 4
	wait(4, "1 ahead, 7 minutes, 2 counters")
	v, err := e.Site(ctx, "centre")
	if err != nil {
		t.Fatal(err)
	}
	if s := v.Services[0]; s.ID != "dat-dai" || s.Waiting != 2 || s.EstWaitMin != 7 {
		t.Fatalf("site view: got %s waiting %d est %d, want dat-dai 2 waiting, 7 min (2 × 7 / 2)", s.ID, s.Waiting, s.EstWaitMin)
	}
}

func mustOpen(t *testing.T, e *queue.Engine, a queue.Actor, counter string) {
	t.Helper()
	if _, err := e.Open(context.Background(), a, "centre", counter, nil); err != nil {
		t.Fatalf("open %s: %v", counter, err)
	}
}

func mustNext(t *testing.T, e *queue.Engine, a queue.Actor, counter string) {
	t.Helper()
	if _, err := e.Next(context.Background(), a, "centre", counter); err != nil {
		t.Fatalf("next at %s: %v", counter, err)
	}
}

func deref(p *int) any {
	if p == nil {
		return nil
	}
	return *p
}
