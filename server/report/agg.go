package report

import (
	"maps"
	"math"
	"slices"

	"luot/server/queue"
)

// Agg sums Records: counts, sums of milliseconds and a histogram of waits in whole minutes.
// Aggregates merge exactly, so the rollup keeps them per site and day in place of tickets.
type Agg struct {
	Issued    int   `json:"issued"`
	Served    int   `json:"served"`
	NoShow    int   `json:"no_show"`
	Cancelled int   `json:"cancelled"`
	Waited    int   `json:"waited"`
	WaitMs    int64 `json:"wait_ms"`
	// WaitHist counts waits by whole minutes rounded up.
	WaitHist  map[int]int    `json:"wait_hist,omitempty"`
	Timed     int            `json:"timed"`
	ServiceMs int64          `json:"service_ms"`
	Ratings   map[string]int `json:"ratings,omitempty"`
}

// Add counts one record.
func (a *Agg) Add(r Record) {
	a.Issued++
	switch r.Status {
	case queue.Done:
		a.Served++
	case queue.NoShow:
		a.NoShow++
	case queue.Cancelled:
		a.Cancelled++
	}
	if r.WaitMs >= 0 {
		a.Waited++
		a.WaitMs += r.WaitMs
		if a.WaitHist == nil {
			a.WaitHist = map[int]int{}
		}
		a.WaitHist[wholeMinutes(r.WaitMs)]++
	}
	if r.ServiceMs >= 0 {
		a.Timed++
		a.ServiceMs += r.ServiceMs
	}
	if r.Rating != "" {
		if a.Ratings == nil {
			a.Ratings = map[string]int{}
		}
		a.Ratings[r.Rating]++
	}
}

// Merge adds another aggregate.
func (a *Agg) Merge(b *Agg) {
	if b == nil {
		return
	}
	a.Issued += b.Issued
	a.Served += b.Served
	a.NoShow += b.NoShow
	a.Cancelled += b.Cancelled
	a.Waited += b.Waited
	a.WaitMs += b.WaitMs
	a.Timed += b.Timed
	a.ServiceMs += b.ServiceMs
	for m, n := range b.WaitHist {
		if a.WaitHist == nil {
			a.WaitHist = map[int]int{}
		}
		a.WaitHist[m] += n
	}
	for l, n := range b.Ratings {
		if a.Ratings == nil {
			a.Ratings = map[string]int{}
		}
		a.Ratings[l] += n
	}
}

// WaitAvgMs is the mean wait in milliseconds, 0 when nobody was called.
func (a *Agg) WaitAvgMs() float64 {
	if a.Waited == 0 {
		return 0
	}
	return float64(a.WaitMs) / float64(a.Waited)
}

// ServiceAvgMs is the mean service time in milliseconds, 0 when nobody was served.
func (a *Agg) ServiceAvgMs() float64 {
	if a.Timed == 0 {
		return 0
	}
	return float64(a.ServiceMs) / float64(a.Timed)
}

// wholeMinutes is a duration in minutes rounded up (a wait of 0 is 0).
func wholeMinutes(ms int64) int {
	return int((ms + 59_999) / 60_000)
}

// P90 is the 90th percentile of the waits, nearest rank, in whole minutes (0 when none).
func (a *Agg) P90() int {
	if a.Waited == 0 {
		return 0
	}
	rank := (9*a.Waited + 9) / 10 // ⌈0.9 n⌉
	seen := 0
	for _, m := range slices.Sorted(maps.Keys(a.WaitHist)) {
		seen += a.WaitHist[m]
		if seen >= rank {
			return m
		}
	}
	return 0
}

// Row is one line of a report: the figures of the records of one key.
type Row struct {
	Key    string `json:"key"`
	Name   string `json:"name,omitempty"`
	NameEn string `json:"name_en,omitempty"`

	Issued    int `json:"issued"`
	Served    int `json:"served"`
	NoShow    int `json:"no_show"`
	Cancelled int `json:"cancelled"`
	// Waited counts the tickets called at least once: those that have a wait.
	Waited        int            `json:"waited"`
	WaitAvgMin    float64        `json:"wait_avg_min"`
	WaitP90Min    float64        `json:"wait_p90_min"`
	ServiceAvgMin float64        `json:"service_avg_min"`
	Ratings       map[string]int `json:"ratings"`
	// Rated counts the ratings; SatisfactionPct is the share at a satisfied level.
	Rated           int     `json:"rated"`
	SatisfactionPct float64 `json:"satisfaction_pct"`
}

// RowOf turns an aggregate into the figures of a row; levels are the configured rating
// levels, best first (every one appears in Ratings, zero or not).
func RowOf(key string, a *Agg, levels []string) Row {
	r := Row{
		Key: key, Issued: a.Issued, Served: a.Served, NoShow: a.NoShow, Cancelled: a.Cancelled,
		Waited: a.Waited, WaitP90Min: float64(a.P90()), Ratings: map[string]int{},
	}
	r.WaitAvgMin = tenth(a.WaitAvgMs() / 60_000)
	r.ServiceAvgMin = tenth(a.ServiceAvgMs() / 60_000)
	good := Satisfied(levels)
	satisfied := 0
	for _, l := range levels {
		r.Ratings[l] = a.Ratings[l]
	}
	for l, n := range a.Ratings {
		r.Rated += n
		if good[l] {
			satisfied += n
		}
	}
	if r.Rated > 0 {
		r.SatisfactionPct = tenth(100 * float64(satisfied) / float64(r.Rated))
	}
	return r
}

// Satisfied returns the satisfied levels of a scale given best first: all but the last of
// a scale of up to three levels, the better half of a longer one.
func Satisfied(levels []string) map[string]bool {
	n := len(levels) / 2
	if len(levels) <= 3 {
		n = len(levels) - 1
	}
	out := map[string]bool{}
	for _, l := range levels[:max(n, 0)] {
		out[l] = true
	}
	return out
}

// tenth rounds to one decimal, halves away from zero.
func tenth(x float64) float64 { return math.Round(x*10) / 10 }
