package report

import (
	"testing"
	"time"

	"luot/server/queue"
)

func TestRecordOf(t *testing.T) {
	loc := time.FixedZone("ICT", 7*3600)
	at := func(hh, mm int) *time.Time {
		v := time.Date(2026, 11, 23, hh, mm, 0, 0, loc)
		return &v
	}
	str := func(s string) *string { return &s }
	base := func() *queue.Ticket {
		return &queue.Ticket{ID: "x", Site: "s", Service: "b", IssuedAt: *at(8, 0)}
	}
	for _, tc := range []struct {
		name    string
		t       func() *queue.Ticket
		h       []queue.HistoryEntry
		service string
		wait    int64
		svc     int64
	}{
		{"waiting", base, nil, "b", -1, -1},
		{"done after start", func() *queue.Ticket {
			t := base()
			t.Status, t.CalledAt, t.StartedAt, t.FinishedAt = queue.Done, at(8, 10), at(8, 12), at(8, 20)
			t.Counter, t.Officer, t.Rating = str("q1"), str("o"), str("satisfied")
			return t
		}, []queue.HistoryEntry{{Type: queue.EvCalled, At: *at(8, 10)}}, "b", 10 * 60_000, 8 * 60_000},
		{"done without start: from the call", func() *queue.Ticket {
			t := base()
			t.Status, t.CalledAt, t.FinishedAt = queue.Done, at(8, 10), at(8, 15)
			return t
		}, nil, "b", 10 * 60_000, 5 * 60_000},
		{"transferred: wait to the first call, service of issue", func() *queue.Ticket {
			t := base()
			t.Service = "a"
			t.Status, t.CalledAt, t.FinishedAt = queue.Done, at(9, 0), at(9, 30)
			return t
		}, []queue.HistoryEntry{
			{Type: queue.EvIssued, At: *at(8, 0)},
			{Type: queue.EvCalled, At: *at(8, 5)},
			{Type: queue.EvTransferred, At: *at(8, 6), Detail: "service:b>a;new_place"},
			{Type: queue.EvTransferred, At: *at(8, 7), Detail: "service:a>c"},
			{Type: queue.EvCalled, At: *at(9, 0)},
		}, "b", 5 * 60_000, 30 * 60_000},
		{"no-show has a wait, no service", func() *queue.Ticket {
			t := base()
			t.Status, t.CalledAt, t.FinishedAt = queue.NoShow, at(8, 1), at(8, 3)
			return t
		}, nil, "b", 60_000, -1},
		{"clock skew never gives a negative time", func() *queue.Ticket {
			t := base()
			t.Status, t.CalledAt, t.StartedAt, t.FinishedAt = queue.Done, at(7, 59), at(8, 1), at(8, 0)
			return t
		}, nil, "b", 0, 0},
	} {
		r := RecordOf(tc.t(), tc.h, loc)
		if r.Service != tc.service || r.WaitMs != tc.wait || r.ServiceMs != tc.svc {
			t.Errorf("%s: got service %s wait %d service %d, want %s %d %d", tc.name, r.Service, r.WaitMs, r.ServiceMs, tc.service, tc.wait, tc.svc)
		}
		if r.Day != "2026-11-23" || r.Hour != 8 {
			t.Errorf("%s: got day %s hour %d", tc.name, r.Day, r.Hour)
		}
	}
	r := RecordOf(&queue.Ticket{IssuedAt: time.Date(2026, 11, 22, 17, 30, 0, 0, time.UTC)}, nil, loc)
	if r.Day != "2026-11-23" || r.Hour != 0 {
		t.Errorf("local day: got %s %02d, want 2026-11-23 00", r.Day, r.Hour)
	}
}
