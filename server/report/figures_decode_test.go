package report

import (
	"reflect"
	"testing"

	"luot/server/queue"
	"luot/server/store"
)

// TestDayOfFigures: the stored figures read back into the day DayOf makes of the same records
// (the total from the hours, the waits counted from the histogram); a key left at zero by
// tickets that moved on is dropped; a malformed field or count is an error; a figure or
// dimension of a later version is left out.
func TestDayOfFigures(t *testing.T) {
	f := store.Figures{
		"total":   {"|issued": "2"},
		"service": {"a|issued": "1", "a|served": "1", "a|wait_ms": "61000", "a|wh:2": "1", "a|timed": "1", "a|service_ms": "5000", "a|r:satisfied": "1", "b|issued": "1", "c|issued": "0", "c|wh:3": "0"},
		"counter": {"q1|issued": "1", "q1|served": "1", "q1|wait_ms": "61000", "q1|wh:2": "1", "q1|timed": "1", "q1|service_ms": "5000", "q1|r:satisfied": "1", "|issued": "1"},
		"officer": {"o|issued": "1", "o|served": "1", "o|wait_ms": "61000", "o|wh:2": "1", "o|timed": "1", "o|service_ms": "5000", "o|r:satisfied": "1", "|issued": "1", "|later": "3"},
		"hour":    {"09|issued": "1", "09|served": "1", "09|wait_ms": "61000", "09|wh:2": "1", "09|timed": "1", "09|service_ms": "5000", "09|r:satisfied": "1", "14|issued": "1"},
		"later":   {"x|issued": "9"},
	}
	got, err := DayOfFigures(f)
	if err != nil {
		t.Fatal(err)
	}
	want := DayOf([]Record{
		{Service: "a", Counter: "q1", Officer: "o", Hour: 9, Status: queue.Done, WaitMs: 61_000, ServiceMs: 5_000, Rating: "satisfied"},
		{Service: "b", Hour: 14, Status: queue.Waiting, WaitMs: -1, ServiceMs: -1},
	})
	want.Channel = map[string]*Agg{} // the kept figures have no split by channel: by=channel reads the tickets
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %+v\nwant %+v", got, want)
	}
	for _, bad := range []store.Figures{
		{"service": {"issued": "1"}},
		{"service": {"a|issued": "x"}},
		{"hour": {"09|wh:-1": "1"}},
		{"hour": {"09|wh:x": "1"}},
	} {
		if d, err := DayOfFigures(bad); err == nil {
			t.Errorf("%v: got %+v, want an error", bad, d)
		}
	}
}

// FuzzDayOfFigures: whatever the stored fields hold, decoding never panics, and every key it
// keeps counts tickets.
func FuzzDayOfFigures(f *testing.F) {
	f.Add("service", "a|issued", "3")
	f.Add("total", "|wh:12", "1")
	f.Add("officer", "o|r:very_satisfied", "-2")
	f.Add("hour", "||", "")
	f.Fuzz(func(t *testing.T, dim, field, value string) {
		d, err := DayOfFigures(store.Figures{dim: {field: value}})
		if err != nil {
			return
		}
		for _, m := range []map[string]*Agg{d.Service, d.Counter, d.Officer, d.Hour} {
			for k, a := range m {
				if a.Issued == 0 {
					t.Errorf("kept %q with no tickets: %+v", k, a)
				}
			}
		}
	})
}
