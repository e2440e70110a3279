package report

import (
	"errors"
	"testing"
	"time"

	"luot/server/queue"
)

func TestParseQuery(t *testing.T) {
	loc := time.FixedZone("ICT", 7*3600)
	today := time.Date(2026, 11, 23, 15, 4, 0, 0, loc)
	for _, tc := range []struct {
		from, to, by, format string
		ok                   bool
		days                 int
	}{
		{"", "", "", "", true, 1},
		{"2026-11-01", "2026-11-30", "day", "csv", true, 30},
		{"2025-11-23", "2026-11-23", "hour", "pdf", true, 366},
		{"2025-11-22", "2026-11-23", "hour", "pdf", false, 0},
		{"2026-11-24", "2026-11-23", "", "", false, 0},
		{"2026-02-30", "", "", "", false, 0},
		{"23/11/2026", "", "", "", false, 0},
		{"", "", "week", "", false, 0},
		{"", "", "", "doc", false, 0},
		{"1999-12-31", "", "", "", false, 0},
		{"", "", "site", "xlsx", true, 1},
	} {
		q, err := ParseQuery("", tc.from, tc.to, tc.by, tc.format, today)
		if (err == nil) != tc.ok {
			t.Errorf("%+v: got error %v, want ok %v", tc, err, tc.ok)
			continue
		}
		if err != nil {
			if !errors.Is(err, queue.ErrBadRequest) {
				t.Errorf("%+v: got %v, want a bad request", tc, err)
			}
			continue
		}
		if got := len(q.Days()); got != tc.days {
			t.Errorf("%+v: got %d days, want %d", tc, got, tc.days)
		}
	}
	q, _ := ParseQuery("", "", "", "", "", today)
	if q.By != ByService || q.Format != FormatJSON || q.Days()[0] != "2026-11-23" {
		t.Errorf("defaults: got %+v", q)
	}
}

// FuzzParseQuery: any parameters give a query or a bad request, never a panic, and a query
// always covers 1 to MaxDays days in order.
func FuzzParseQuery(f *testing.F) {
	f.Add("2026-11-01", "2026-11-30", "day", "csv")
	f.Add("", "", "", "")
	f.Add("0000-00-00", "9999-99-99", "hour\x00", "pdf")
	today := time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)
	f.Fuzz(func(t *testing.T, from, to, by, format string) {
		q, err := ParseQuery("", from, to, by, format, today)
		if err != nil {
			if !errors.Is(err, queue.ErrBadRequest) {
				t.Fatalf("got %v, want a bad request", err)
			}
			return
		}
		days := q.Days()
		if len(days) < 1 || len(days) > MaxDays {
			t.Fatalf("got %d days", len(days))
		}
		for i := 1; i < len(days); i++ {
			if days[i] <= days[i-1] {
				t.Fatalf("days out of order: %v", days)
			}
		}
	})
}

func TestGone(t *testing.T) {
	b := &Builder{KeepDays: 35}
	for _, tc := range []struct {
		day  string
		want bool
	}{{"2026-11-23", false}, {"2026-10-19", false}, {"2026-10-18", true}, {"2025-01-01", true}} {
		if got := b.gone(tc.day, "2026-11-23"); got != tc.want {
			t.Errorf("gone(%s): got %v, want %v", tc.day, got, tc.want)
		}
	}
	if (&Builder{}).gone("2000-01-01", "2026-11-23") {
		t.Error("without KeepDays every day is read")
	}
}
