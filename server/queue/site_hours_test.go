package queue_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"luot/server/internal/testenv"
	"luot/server/queue"
)

// weekdays is the test organisation's week with Saturday morning, and a holiday.
const weekdays = testenv.WeekdayHours + `  sat: ["07:30-11:30"]
holidays: ["2026-11-24"]
`

func TestWeekHours(t *testing.T) {
	site := testOrg(t, weekdays).Site("centre")
	week := queue.WeekHours(site)
	var got []string
	for _, d := range week {
		got = append(got, d.Day+"="+strings.Join(d.Sessions, ","))
	}
	want := "mon=07:30-11:30,13:30-17:00 tue=07:30-11:30,13:30-17:00 wed=07:30-11:30,13:30-17:00 " +
		"thu=07:30-11:30,13:30-17:00 fri=07:30-11:30,13:30-17:00 sat=07:30-11:30 sun="
	if strings.Join(got, " ") != want {
		t.Errorf("got %q, want %q", strings.Join(got, " "), want)
	}
}

func TestTodayAndNextOpening(t *testing.T) {
	site := testOrg(t, weekdays).Site("centre")
	loc := testenv.Loc()
	at := func(day, h, m int) time.Time { return time.Date(2026, 11, day, h, m, 0, 0, loc) }
	for _, c := range []struct {
		name  string
		now   time.Time
		today string
		next  time.Time
	}{
		{"before opening", at(23, 6, 0), "07:30-11:30 13:30-17:00", at(23, 7, 30)},
		{"at lunch", at(23, 12, 0), "07:30-11:30 13:30-17:00", at(23, 13, 30)},
		{"in the evening, the next day a holiday", at(23, 18, 0), "07:30-11:30 13:30-17:00", at(25, 7, 30)},
		{"on the holiday", at(24, 9, 0), "", at(25, 7, 30)},
		{"saturday afternoon", at(28, 14, 0), "07:30-11:30", at(30, 7, 30)},
		{"sunday", at(29, 10, 0), "", at(30, 7, 30)},
		{"in UTC", at(23, 18, 0).UTC(), "07:30-11:30 13:30-17:00", at(25, 7, 30)},
	} {
		if got := strings.Join(queue.TodayHours(site, c.now), " "); got != c.today {
			t.Errorf("%s: today %q, want %q", c.name, got, c.today)
		}
		next := queue.NextOpening(site, c.now)
		if next == nil || !next.Equal(c.next) {
			t.Errorf("%s: next opening %v, want %v", c.name, next, c.next)
		}
	}
}

func TestSiteViewOutsideHours(t *testing.T) {
	env := testenv.New(t)
	env.Clock.Set(time.Date(2026, 11, 28, 14, 0, 0, 0, testenv.Loc())) // a Saturday: closed
	v, err := env.Engine.Site(context.Background(), "centre")
	if err != nil {
		t.Fatal(err)
	}
	if v.OpenNow || len(v.Today) != 0 || v.NextOpen == nil || v.Services[0].Issuing {
		t.Fatalf("got open %v today %v next %v issuing %v, want closed with a next opening", v.OpenNow, v.Today, v.NextOpen, v.Services[0].Issuing)
	}
	if want := time.Date(2026, 11, 30, 7, 30, 0, 0, testenv.Loc()); !v.NextOpen.Equal(want) {
		t.Errorf("next opening %v, want %v", v.NextOpen, want)
	}
	if len(v.Hours) != 7 || v.Hours[0].Day != "mon" || len(v.Hours[0].Sessions) != 2 {
		t.Errorf("got hours %+v, want the week from Monday", v.Hours)
	}
}
