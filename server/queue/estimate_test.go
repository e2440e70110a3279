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
	if _, err := e.ActOnCurrent(ctx, lan, "centre", "q1", queue.ActStart); err != nil {
		t.Fatal(err)
	}
	env.Clock.Advance(11 * time.Minute)
	if _, err := e.ActOnCurrent(ctx, lan, "centre", "q1", queue.ActFinish); err != nil {
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

// TestMinutesLeftToday: what is left of a site's opening hours today, on the test week
// (07:30–11:30 and 13:30–17:00, Monday to Friday).
func TestMinutesLeftToday(t *testing.T) {
	org := testenv.New(t).Org
	site := org.Site("centre")
	at := func(day, hh, mm int) time.Time { return time.Date(2026, 11, day, hh, mm, 0, 0, testenv.Loc()) }
	for _, c := range []struct {
		name       string
		now        time.Time
		alwaysOpen bool
		want       int
	}{
		{"before opening: the whole day", at(23, 7, 0), false, 240 + 210},
		{"in the morning", at(23, 11, 0), false, 30 + 210},
		{"over lunch", at(23, 12, 0), false, 210},
		{"near closing", at(23, 16, 30), false, 30},
		{"after closing", at(23, 17, 30), false, 0},
		{"on a Sunday", at(22, 9, 0), false, 0},
		{"hours ignored: until midnight", at(23, 23, 12), true, 48},
		{"hours ignored, on a Sunday", at(22, 9, 0), true, 15 * 60},
	} {
		if got := queue.MinutesLeftToday(site, c.now, c.alwaysOpen); got != c.want {
			t.Errorf("%s: got %d minutes, want %d", c.name, got, c.want)
		}
	}
}

// TestBeyondClosing: a waiting ticket whose expected wait ends after today's opening hours
// says so (beyond_closing), and so does a service a new ticket would wait too long for; the
// estimate itself stays. Under AlwaysOpen the day ends at midnight: the ticket of 23:12 that
// once showed 66 hours is beyond closing.
func TestBeyondClosing(t *testing.T) {
	env := testenv.New(t)
	ctx := context.Background()
	kiosk := testenv.Kiosk("centre")
	env.Clock.Set(time.Date(2026, 11, 23, 16, 30, 0, 0, testenv.Loc())) // 30 minutes before closing
	issue := func(e *queue.Engine, n int) []*queue.Ticket {
		var out []*queue.Ticket
		for range n {
			tk, err := e.Issue(ctx, kiosk, "centre", "dat-dai", "", "")
			if err != nil {
				t.Fatal(err)
			}
			out = append(out, tk)
		}
		return out
	}
	check := func(e *queue.Engine, ids []*queue.Ticket, wantEst []int, wantBeyond []bool) {
		t.Helper()
		for i, tk := range ids {
			got, err := e.Ticket(ctx, tk.ID)
			if err != nil {
				t.Fatal(err)
			}
			if got.EstWaitMin == nil || got.BeyondClosing == nil || *got.EstWaitMin != wantEst[i] || *got.BeyondClosing != wantBeyond[i] {
				t.Errorf("%s at %s: estimate %v beyond %v, want %d and %v", got.Number, env.Clock.Now().Format("15:04"),
					deref(got.EstWaitMin), got.BeyondClosing != nil && *got.BeyondClosing, wantEst[i], wantBeyond[i])
			}
		}
	}
	tickets := issue(env.Engine, 4) // 15 configured minutes each, no counter open
	check(env.Engine, tickets, []int{0, 15, 30, 45}, []bool{false, false, false, true})
	v, err := env.Engine.Site(ctx, "centre")
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range v.Services {
		if want := s.ID == "dat-dai"; s.BeyondClosing != want {
			t.Errorf("service %s (%d waiting, %d min): beyond closing %v, want %v", s.ID, s.Waiting, s.EstWaitMin, s.BeyondClosing, want)
		}
	}
	env.Clock.Set(time.Date(2026, 11, 23, 17, 5, 0, 0, testenv.Loc())) // closed: only the next in line is not beyond
	check(env.Engine, tickets, []int{0, 15, 30, 45}, []bool{false, true, true, true})

	// hours ignored: the day ends at midnight (a fresh Redis: nobody left from Monday)
	night := testenv.New(t)
	env = night
	always := queue.NewEngine(night.Org, night.Store, night.Clock, queue.Options{AlwaysOpen: true})
	night.Clock.Set(time.Date(2026, 11, 24, 23, 12, 0, 0, testenv.Loc()))
	late := issue(always, 5)
	check(always, late, []int{0, 15, 30, 45, 60}, []bool{false, false, false, false, true})
}
