package report

import (
	"testing"

	"luot/server/queue"
)

func TestP90(t *testing.T) {
	for _, tc := range []struct {
		name  string
		waits []int64 // ms
		want  int
	}{
		{"none", nil, 0},
		{"one", []int64{90_000}, 2},
		{"zero wait", []int64{0}, 0},
		{"rounded up", []int64{60_001}, 2},
		{"exact minute", []int64{60_000}, 1},
		// ⌈0.9 × 10⌉ = 9th of 1..10 minutes
		{"ten", []int64{60e3, 120e3, 180e3, 240e3, 300e3, 360e3, 420e3, 480e3, 540e3, 600e3}, 9},
		// ⌈0.9 × 11⌉ = 10th
		{"eleven", []int64{60e3, 120e3, 180e3, 240e3, 300e3, 360e3, 420e3, 480e3, 540e3, 600e3, 660e3}, 10},
		{"ties", []int64{60e3, 60e3, 60e3, 3600e3}, 60},
	} {
		var a Agg
		for _, w := range tc.waits {
			a.Add(Record{Status: queue.Done, WaitMs: w, ServiceMs: -1})
		}
		if got := a.P90(); got != tc.want {
			t.Errorf("%s: got p90 %d, want %d", tc.name, got, tc.want)
		}
	}
}

func TestRowOf(t *testing.T) {
	levels := []string{"very_satisfied", "satisfied", "dissatisfied"}
	var a Agg
	a.Add(Record{Status: queue.Done, WaitMs: 90_000, ServiceMs: 300_000, Rating: "very_satisfied"})
	a.Add(Record{Status: queue.Done, WaitMs: 30_000, ServiceMs: 200_000, Rating: "dissatisfied"})
	a.Add(Record{Status: queue.NoShow, WaitMs: 600_000, ServiceMs: -1})
	a.Add(Record{Status: queue.Cancelled, WaitMs: -1, ServiceMs: -1})
	a.Add(Record{Status: queue.Waiting, WaitMs: -1, ServiceMs: -1})
	r := RowOf("k", &a, levels)
	if r.Issued != 5 || r.Served != 2 || r.NoShow != 1 || r.Cancelled != 1 || r.Waited != 3 {
		t.Errorf("counts: got %+v", r)
	}
	// (1.5 + 0.5 + 10) / 3 = 4; services (5 + 3.333) / 2 = 4.1666 → 4.2; p90 ⌈2.7⌉ = 3rd of 1 2 10
	if r.WaitAvgMin != 4 || r.ServiceAvgMin != 4.2 || r.WaitP90Min != 10 {
		t.Errorf("times: got avg %v p90 %v service %v, want 4, 10, 4.2", r.WaitAvgMin, r.WaitP90Min, r.ServiceAvgMin)
	}
	if r.Rated != 2 || r.SatisfactionPct != 50 || r.Ratings["satisfied"] != 0 || len(r.Ratings) != 3 {
		t.Errorf("ratings: got %v rated %d, %v%%", r.Ratings, r.Rated, r.SatisfactionPct)
	}
	empty := RowOf("e", &Agg{}, levels)
	if empty.WaitAvgMin != 0 || empty.SatisfactionPct != 0 || empty.Ratings == nil {
		t.Errorf("empty row: got %+v", empty)
	}
}

func TestSatisfied(t *testing.T) {
	for _, tc := range []struct {
		levels []string
		want   int
	}{
		{nil, 0},
		{[]string{"good", "bad"}, 1},
		{[]string{"very_satisfied", "satisfied", "dissatisfied"}, 2},
		{[]string{"a", "b", "c", "d"}, 2},
		{[]string{"a", "b", "neutral", "d", "e"}, 2},
	} {
		got := Satisfied(tc.levels)
		if len(got) != tc.want {
			t.Errorf("%v: got %d satisfied levels %v, want %d", tc.levels, len(got), got, tc.want)
		}
		for i := range tc.want {
			if !got[tc.levels[i]] {
				t.Errorf("%v: %s should be satisfied", tc.levels, tc.levels[i])
			}
		}
	}
}

// TestMergeIsExact: merging the aggregates of parts gives the aggregate of the whole, which
// is what lets closed days be read from their rollup.
func TestMergeIsExact(t *testing.T) {
	var whole, a, b Agg
	recs := []Record{
		{Status: queue.Done, WaitMs: 61_000, ServiceMs: 5_000, Rating: "satisfied"},
		{Status: queue.NoShow, WaitMs: 1_000, ServiceMs: -1},
		{Status: queue.Done, WaitMs: 3_600_000, ServiceMs: 70_000, Rating: "very_satisfied"},
		{Status: queue.Waiting, WaitMs: -1, ServiceMs: -1},
	}
	for i, r := range recs {
		whole.Add(r)
		if i%2 == 0 {
			a.Add(r)
		} else {
			b.Add(r)
		}
	}
	a.Merge(&b)
	a.Merge(nil)
	levels := []string{"very_satisfied", "satisfied", "dissatisfied"}
	if got, want := RowOf("x", &a, levels), RowOf("x", &whole, levels); got.WaitAvgMin != want.WaitAvgMin ||
		got.WaitP90Min != want.WaitP90Min || got.Issued != want.Issued || got.Rated != want.Rated || got.ServiceAvgMin != want.ServiceAvgMin {
		t.Errorf("merged: got %+v, want %+v", got, want)
	}
}
