package report_test

import (
	"context"
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"

	"luot/server/internal/testenv"
	"luot/server/queue"
	"luot/server/report"
	"luot/server/report/reporttest"
	"luot/server/store"
)

// fromTickets is a report.Source that reads every live day from its tickets and their
// histories alone, as reports did before the figures were kept: the reference the figures
// must equal. It hides what the store keeps on a ticket for the figures (the service it was
// issued for, its first call), so that RecordOf derives them from the history.
type fromTickets struct{ *store.Store }

func (fromTickets) DayFigures(context.Context, string, string, []string) (store.Figures, bool, error) {
	return nil, false, nil
}

func (s fromTickets) DayTickets(ctx context.Context, site, day string) ([]*queue.Ticket, error) {
	tickets, err := s.Store.DayTickets(ctx, site, day)
	for _, t := range tickets {
		t.IssuedService, t.FirstCalledAt = "", nil
	}
	return tickets, err
}

// kept reads the figures the store kept of a site's day, which must cover it whole.
func kept(t *testing.T, env *testenv.Env, site, day string) *report.Day {
	t.Helper()
	f, complete, err := env.Store.DayFigures(context.Background(), site, report.Compact(day), report.Fields)
	if err != nil {
		t.Fatal(err)
	}
	if !complete {
		t.Fatalf("%s %s: the figures do not cover the day", site, day)
	}
	d, err := report.DayOfFigures(f)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// recomputed is a site's day computed from its tickets and histories (RecordOf).
func recomputed(t *testing.T, env *testenv.Env, site, day string) (*report.Day, *report.Collected) {
	t.Helper()
	c, err := report.Collect(context.Background(), fromTickets{env.Store}, site, day, env.Org.Location)
	if err != nil {
		t.Fatal(err)
	}
	return report.DayOf(c.Records), c
}

// sameDay fails the test when the kept figures of a day differ from its recomputed ones,
// naming the first split that differs.
func sameDay(t *testing.T, what string, got, want *report.Day) {
	t.Helper()
	if reflect.DeepEqual(got, want) {
		return
	}
	if !reflect.DeepEqual(got.Total, want.Total) {
		t.Errorf("%s: total:\n got %+v\nwant %+v", what, got.Total, want.Total)
	}
	for _, f := range report.Fields[1:] {
		g, w := split(got, f), split(want, f)
		for k := range joinKeys(g, w) {
			if !reflect.DeepEqual(g[k], w[k]) {
				t.Errorf("%s: %s %q:\n got %+v\nwant %+v", what, f, k, g[k], w[k])
			}
		}
	}
}

func split(d *report.Day, field string) map[string]*report.Agg {
	switch field {
	case report.FieldService:
		return d.Service
	case report.FieldCounter:
		return d.Counter
	case report.FieldOfficer:
		return d.Officer
	}
	return d.Hour
}

func joinKeys(a, b map[string]*report.Agg) map[string]bool {
	out := map[string]bool{}
	for k := range a {
		out[k] = true
	}
	for k := range b {
		out[k] = true
	}
	return out
}

// TestFiguresEqualTheTickets plays a mixed busy day at both sites — recalls, no-shows,
// transfers to a service and to a counter (keeping the place or not), calls out of order,
// priority changes, counters closed with a citizen called, ratings, a supervisor's bulk cancel
// (whose script keeps the figures through emit like every transition) — and the next morning,
// when the overloaded point's queue of the day before is served: the figures kept as events
// happen equal, to the digit and in every split, those computed from the tickets and their
// histories, for both days; a ticket issued on Monday and finished on Tuesday counts in
// Monday's figures. Every report, by every grouping, is the same either way.
func TestFiguresEqualTheTickets(t *testing.T) {
	ctx := context.Background()
	env := testenv.New(t)
	loc := testenv.Loc()
	busy := reporttest.NewBusy(t, env, time.Date(2026, 11, 23, 7, 30, 0, 0, loc), []string{"point"}, nil, nil)
	busy.Mixed = true
	busy.Run(t, time.Date(2026, 11, 23, 17, 0, 0, 0, loc))
	env.Clock.Set(time.Date(2026, 11, 24, 7, 30, 0, 0, loc))
	busy.Run(t, time.Date(2026, 11, 24, 9, 30, 0, 0, loc))
	t.Log(busy)

	days := []string{"2026-11-23", "2026-11-24"}
	seen := map[string]int{}
	lateMonday := 0
	for _, site := range []string{"centre", "point"} {
		for _, day := range days {
			want, c := recomputed(t, env, site, day)
			if len(c.Tickets) == 0 {
				t.Fatalf("%s %s: no tickets", site, day)
			}
			sameDay(t, site+" "+day, kept(t, env, site, day), want)
			for _, tk := range c.Tickets {
				for _, h := range c.Histories[tk.ID] {
					seen[h.Type]++
					if h.Type == queue.EvTransferred || h.Type == queue.EvCalled {
						seen[h.Type+" "+strings.SplitN(h.Detail, ":", 2)[0]]++
					}
					if h.Type == queue.EvPriority {
						seen[h.Type+" "+strings.SplitN(h.Detail, ":", 2)[0]]++
					}
				}
				if day == days[0] && tk.FinishedAt != nil && tk.FinishedAt.In(loc).Format(time.DateOnly) == days[1] {
					lateMonday++
				}
			}
		}
	}
	// the day played every kind of change the figures must follow
	for _, kind := range []string{queue.EvRecalled, queue.EvNoShow, queue.EvDone, queue.EvRated, queue.EvServing, queue.EvCancelled,
		"ticket.transferred service", "ticket.transferred counter", "ticket.transferred returned",
		"ticket.called out_of_order", "ticket.priority confirmed", "ticket.priority changed", "ticket.priority removed"} {
		if seen[kind] == 0 {
			t.Errorf("the mixed day has no %q", kind)
		}
	}
	if lateMonday == 0 {
		t.Error("no ticket of Monday was finished on Tuesday")
	}
	t.Logf("events: %v; Monday's tickets finished on Tuesday: %d", seen, lateMonday)

	figures := &report.Builder{Source: env.Store, Org: env.Engine.Org, Now: env.Clock.Now}
	tickets := &report.Builder{Source: fromTickets{env.Store}, Org: env.Engine.Org, Now: env.Clock.Now}
	for _, site := range []string{"centre", "point", ""} {
		for _, by := range report.Groupings {
			q, err := report.ParseQuery(site, days[0], days[1], by, "", env.Clock.Now())
			if err != nil {
				t.Fatal(err)
			}
			got, err := figures.Build(ctx, q)
			if err != nil {
				t.Fatal(err)
			}
			want, err := tickets.Build(ctx, q)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got.Rows, want.Rows) || !reflect.DeepEqual(got.Total, want.Total) ||
				!reflect.DeepEqual(got.Arrivals, want.Arrivals) || !reflect.DeepEqual(got.Waits, want.Waits) {
				t.Errorf("site %q by %s: the report from the figures differs from the one from the tickets:\n got %+v\nwant %+v",
					site, by, got.Total, want.Total)
			}
		}
	}
}

// act has an officer call the next citizen ("next") or act on the current one at a counter.
func act(t *testing.T, env *testenv.Env, officer queue.Actor, site, counter, action string) {
	t.Helper()
	var err error
	if action == "next" {
		_, err = env.Engine.Next(context.Background(), officer, site, counter)
	} else {
		_, err = env.Engine.ActOnCurrent(context.Background(), officer, site, counter, action)
	}
	if err != nil {
		t.Fatalf("%s at %s/%s: %v", action, site, counter, err)
	}
}

// TestFiguresFollowEdgeTimes: a wait of exactly a minute, one a millisecond longer, and a
// clock that goes back between call and finish (a service time of zero, not negative) count
// alike in the figures and in the tickets' records.
func TestFiguresFollowEdgeTimes(t *testing.T) {
	ctx := context.Background()
	env := testenv.New(t)
	officer := testenv.Officer("lan", "centre")
	kiosk := testenv.Kiosk("centre")
	start := env.Clock.Now()
	for range 3 {
		if _, err := env.Engine.Issue(ctx, kiosk, "centre", "dat-dai", "", ""); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := env.Engine.Open(ctx, officer, "centre", "q1", nil); err != nil {
		t.Fatal(err)
	}
	step := func(at time.Duration, action string) {
		t.Helper()
		env.Clock.Set(start.Add(at))
		act(t, env, officer, "centre", "q1", action)
	}
	step(time.Minute, "next")                  // waited exactly 1 minute
	step(2*time.Minute, "start")               //
	step(90*time.Second, queue.ActFinish)      // the clock went back: service 0
	step(time.Minute+time.Millisecond, "next") // waited 1 minute and 1 ms: 2 whole minutes
	step(3*time.Minute, queue.ActNoShow)
	day := start.In(env.Org.Location).Format(time.DateOnly)
	want, _ := recomputed(t, env, "centre", day)
	got := kept(t, env, "centre", day)
	sameDay(t, "edge times", got, want)
	if got.Total.WaitHist[1] != 1 || got.Total.WaitHist[2] != 1 || got.Total.Timed != 1 || got.Total.ServiceMs != 0 {
		t.Errorf("got %+v, want waits of 1 and 2 whole minutes and one service time of 0", got.Total)
	}
}

// TestFiguresOfADayBeganBeforeThem: a day whose first tickets were issued before the store
// kept figures (no figure fields on them, no figures) is read from its tickets, with the
// same figures as ever; transitions of such tickets leave the figures alone.
func TestFiguresOfADayBeganBeforeThem(t *testing.T) {
	ctx := context.Background()
	env := testenv.New(t)
	tickets := reporttest.Scripted(t, env)
	rdb := env.Redis.Client()
	for _, site := range []string{"centre", "point"} {
		for _, f := range report.Fields {
			if err := rdb.Del(ctx, fmt.Sprintf("luot:{%s}:fig:20261123:%s", site, f)).Err(); err != nil {
				t.Fatal(err)
			}
		}
	}
	for _, tk := range tickets {
		if err := rdb.HDel(ctx, "luot:{"+tk.Site+"}:t:"+tk.ID, "issued_service", "hour", "first_called_at", "rec").Err(); err != nil {
			t.Fatal(err)
		}
	}
	b := &report.Builder{Source: env.Store, Org: env.Engine.Org, Now: env.Clock.Now}
	reporttest.Check(t, b)

	// t6 waits at the centre: calling and finishing it changes no figure
	o := testenv.Officer("o4", "centre")
	if _, err := env.Engine.Open(ctx, o, "centre", "q4", nil); err != nil {
		t.Fatal(err)
	}
	act(t, env, o, "centre", "q4", "next")
	act(t, env, o, "centre", "q4", queue.ActFinish)
	if _, err := env.Engine.Issue(ctx, testenv.Kiosk("centre"), "centre", "ho-tich", "", ""); err != nil {
		t.Fatal(err)
	}
	f, complete, err := env.Store.DayFigures(ctx, "centre", "20261123", report.Fields)
	if err != nil {
		t.Fatal(err)
	}
	if complete || f[report.FieldTotal]["|issued"] != "1" || f[report.FieldCounter]["q4|issued"] != "" {
		t.Errorf("got complete %v and %v, want only the new ticket counted", complete, f)
	}
	q, _ := report.ParseQuery("centre", reporttest.Day, reporttest.Day, report.ByService, "", env.Clock.Now())
	r, err := b.Build(ctx, q)
	if err != nil {
		t.Fatal(err)
	}
	if r.Total.Issued != 8 || r.Total.Served != 6 {
		t.Errorf("got issued %d served %d, want 8 and 6 read from the tickets", r.Total.Issued, r.Total.Served)
	}
}

// TestScriptedDayFromFigures: the scripted day's reports (reporttest.Check) come from the
// figures, which cover both sites' day.
func TestScriptedDayFromFigures(t *testing.T) {
	env := testenv.New(t)
	reporttest.Scripted(t, env)
	for _, site := range []string{"centre", "point"} {
		want, _ := recomputed(t, env, site, reporttest.Day)
		sameDay(t, site, kept(t, env, site, reporttest.Day), want)
	}
	reporttest.Check(t, &report.Builder{Source: env.Store, Org: env.Engine.Org, Now: env.Clock.Now})
}
