package loadgen

import (
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"text/tabwriter"
	"time"
)

// Report is what a run measured, printed as a table or as JSON (-json).
type Report struct {
	URL         string `json:"url"`
	Site        string `json:"site"`
	Mode        string `json:"mode"` // "full" (the API) or "bare" (bench/bare)
	Concurrency int    `json:"concurrency"`
	// Counters is how many counters called tickets in the next phase.
	Counters int       `json:"counters"`
	Ops      []OpStats `json:"ops"`
	// WaitingAfter is how many tickets of the site still wait after the next phase (-1 unknown).
	WaitingAfter int `json:"waiting_after"`
	// Notes say what the figures do not: skipped counters, a phase cut short.
	Notes []string `json:"notes,omitempty"`
}

// OpStats are the figures of one operation.
type OpStats struct {
	Op       string  `json:"op"`
	Requests int     `json:"requests"`
	OK       int     `json:"ok"`
	Seconds  float64 `json:"seconds"`
	RPS      float64 `json:"rps"`
	P50ms    float64 `json:"p50_ms"`
	P99ms    float64 `json:"p99_ms"`
	Maxms    float64 `json:"max_ms"`
	// Errors counts the failed requests by "status code" ("409 quota_reached"), or "net" for
	// a request that got no answer.
	Errors map[string]int `json:"errors"`
	// ErrorSample is one message per kind of error, for a diagnosis.
	ErrorSample map[string]string `json:"error_sample,omitempty"`
}

// Failed is the number of failed requests.
func (o OpStats) Failed() int { return o.Requests - o.OK }

// Failed is the number of failed requests of every operation.
func (r *Report) Failed() int {
	n := 0
	for _, o := range r.Ops {
		n += o.Failed()
	}
	return n
}

// recorder collects the latencies and outcomes of one operation from many workers.
type recorder struct {
	mu sync.Mutex
	batch
}

func newRecorder(capacity int) *recorder {
	return &recorder{batch: *newBatch(capacity)}
}

// batch is one worker's share, merged into the recorder when the worker ends, so that the
// workers do not contend on a lock per request.
type batch struct {
	lat     []time.Duration
	ok      int
	errs    map[string]int
	samples map[string]string
	first   time.Time
	last    time.Time
}

func newBatch(capacity int) *batch {
	return &batch{lat: make([]time.Duration, 0, capacity), errs: map[string]int{}, samples: map[string]string{}}
}

// add records one request that started at start and ended at end.
func (b *batch) add(start, end time.Time, ok bool, kind, sample string) {
	if b.first.IsZero() || start.Before(b.first) {
		b.first = start
	}
	if end.After(b.last) {
		b.last = end
	}
	b.lat = append(b.lat, end.Sub(start))
	if ok {
		b.ok++
		return
	}
	b.errs[kind]++
	if _, seen := b.samples[kind]; !seen {
		b.samples[kind] = sample
	}
}

func (r *recorder) merge(b *batch) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.lat = append(r.lat, b.lat...)
	r.ok += b.ok
	for k, n := range b.errs {
		r.errs[k] += n
	}
	for k, s := range b.samples {
		if _, seen := r.samples[k]; !seen {
			r.samples[k] = s
		}
	}
	if !b.first.IsZero() && (r.first.IsZero() || b.first.Before(r.first)) {
		r.first = b.first
	}
	if b.last.After(r.last) {
		r.last = b.last
	}
}

// stats computes the figures: throughput over the phase's wall time (first request sent to
// last answer received), latency percentiles over every request, failed ones included.
func (r *recorder) stats(op string) OpStats {
	r.mu.Lock()
	defer r.mu.Unlock()
	o := OpStats{Op: op, Requests: len(r.lat), OK: r.ok, Errors: r.errs}
	if len(r.samples) > 0 {
		o.ErrorSample = r.samples
	}
	if len(r.lat) == 0 {
		return o
	}
	wall := r.last.Sub(r.first)
	o.Seconds = round(wall.Seconds(), 3)
	if wall > 0 {
		o.RPS = round(float64(len(r.lat))/wall.Seconds(), 1)
	}
	lat := slices.Clone(r.lat)
	slices.Sort(lat)
	o.P50ms = ms(percentile(lat, 50))
	o.P99ms = ms(percentile(lat, 99))
	o.Maxms = ms(lat[len(lat)-1])
	return o
}

// percentile is the nearest-rank percentile of sorted durations.
func percentile(sorted []time.Duration, p float64) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	rank := int(p/100*float64(len(sorted))+0.999999) - 1
	rank = max(0, min(rank, len(sorted)-1))
	return sorted[rank]
}

func ms(d time.Duration) float64 { return round(float64(d)/float64(time.Millisecond), 3) }

func round(x float64, digits int) float64 {
	f, _ := strconv.ParseFloat(strconv.FormatFloat(x, 'f', digits, 64), 64)
	return f
}

// WriteTable prints the report as a plain table.
func (r *Report) WriteTable(w io.Writer) error {
	mode := "the API"
	if r.Mode == "bare" {
		mode = "bare baseline"
	}
	fmt.Fprintf(w, "loadgen: %s (%s), site %s, %d concurrent clients, %d counters\n", r.URL, mode, r.Site, r.Concurrency, r.Counters)
	if err := writeOps(w, r.Ops); err != nil {
		return err
	}
	if r.WaitingAfter >= 0 {
		fmt.Fprintf(w, "waiting after the run: %d\n", r.WaitingAfter)
	}
	writeErrorSamples(w, r.Ops)
	writeLines(w, "note: ", r.Notes)
	return nil
}

// WriteJSON prints the report as one JSON document.
func (r *Report) WriteJSON(w io.Writer) error { return writeJSON(w, r) }

// writeOps prints the figures of the operations of a run as a table.
func writeOps(w io.Writer, ops []OpStats) error {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "operation\trequests\tok\treq/s\tp50 ms\tp99 ms\tmax ms\terrors\t")
	for _, o := range ops {
		fmt.Fprintf(tw, "%s\t%d\t%d\t%.1f\t%.2f\t%.2f\t%.2f\t%s\t\n", o.Op, o.Requests, o.OK, o.RPS, o.P50ms, o.P99ms, o.Maxms, errorList(o.Errors))
	}
	return tw.Flush()
}

// writeErrorSamples prints an example of each error of the operations, below their table.
func writeErrorSamples(w io.Writer, ops []OpStats) {
	for _, o := range ops {
		for _, k := range sortedKeys(o.ErrorSample) {
			fmt.Fprintf(w, "  %s %s: %s\n", o.Op, k, o.ErrorSample[k])
		}
	}
}

// writeLines prints each of lines after prefix ("note: "), one a line.
func writeLines(w io.Writer, prefix string, lines []string) {
	for _, l := range lines {
		fmt.Fprintln(w, prefix+l)
	}
}

// writeJSON prints a report as one indented JSON document.
func writeJSON(w io.Writer, report any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(report)
}

func errorList(errs map[string]int) string {
	if len(errs) == 0 {
		return "-"
	}
	parts := make([]string, 0, len(errs))
	for _, k := range sortedKeys(errs) {
		parts = append(parts, fmt.Sprintf("%s×%d", k, errs[k]))
	}
	return strings.Join(parts, ", ")
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
