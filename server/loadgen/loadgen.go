// Package loadgen is Lượt's HTTP load generator (`luot loadgen`): it issues tickets across a
// site's services, then has one officer at each of the site's counters call `next` until the
// queues are empty, and reports per operation the throughput, the p50/p99/max latency and the
// errors by status.
//
// It drives a server on this machine only (CheckLoopback) and is bounded: at most Issue issue
// requests, at most (tickets waiting + counters × Concurrency) next requests, and each phase
// stops after Duration. With Bare it drives the baseline of bench/bare instead of the API, the
// same way, so that the two are compared like for like.
package loadgen

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"time"
)

// Config is one run.
type Config struct {
	// URL is the server's base address, http://127.0.0.1:8080.
	URL string
	// Site is the site whose services and counters are used.
	Site string
	// Token is an admin's bearer token: it issues, and creates the officers who call (full mode).
	Token string
	// Issue is the number of issue requests.
	Issue int
	// Concurrency is the number of clients sending requests at once in each phase.
	Concurrency int
	// Duration bounds each phase (default 60 s).
	Duration time.Duration
	// SkipNext issues only: no officers, no next phase.
	SkipNext bool
	// Bare drives bench/bare (POST /issue, POST /next, GET /site; no auth, counters already
	// open) instead of the API.
	Bare bool
	// Timeout bounds one request (default 10 s).
	Timeout time.Duration
	// Log receives progress lines (nil: none).
	Log func(format string, args ...any)
}

// check validates the config, fills in its defaults and makes the run's client (runClient).
func (c *Config) check(ctx context.Context) (*client, string, error) {
	if c.Site == "" {
		return nil, "", errors.New("-site is required")
	}
	if c.Issue < 0 {
		return nil, "", errors.New("-issue must be 0 or more")
	}
	if err := runDefaults(c.Concurrency, &c.Duration, time.Minute, &c.Timeout, &c.Log); err != nil {
		return nil, "", err
	}
	if !c.Bare && c.Token == "" && (c.Issue > 0 || !c.SkipNext) {
		return nil, "", errors.New("-token (an admin's bearer token) is required to issue tickets and create officers")
	}
	return runClient(ctx, c.URL, c.Concurrency, c.Timeout)
}

// runDefaults checks the concurrency of a run (single-site or national) and fills in what its
// config leaves unset: the run's bound (bound), a request's timeout (10 s), a log that drops
// its lines.
func runDefaults(concurrency int, duration *time.Duration, bound time.Duration, timeout *time.Duration, log *func(string, ...any)) error {
	if concurrency < 1 || concurrency > 1000 {
		return errors.New("-concurrency must be 1 to 1000")
	}
	if *duration <= 0 {
		*duration = bound
	}
	if *timeout <= 0 {
		*timeout = 10 * time.Second
	}
	if *log == nil {
		*log = func(string, ...any) {}
	}
	return nil
}

// Run performs a run: set up the counters, issue, call, clean up. The report is returned
// also with an error when it holds figures (a phase that failed midway).
func Run(ctx context.Context, cfg Config) (*Report, error) {
	c, base, err := cfg.check(ctx)
	if err != nil {
		return nil, err
	}
	r := &Report{URL: base, Site: cfg.Site, Mode: "full", Concurrency: cfg.Concurrency, WaitingAfter: -1}
	if cfg.Bare {
		r.Mode = "bare"
	}
	t := target{c: c, cfg: cfg}

	site, err := t.site()
	if err != nil {
		return nil, err
	}
	plan, note := planIssue(site, cfg.Issue)
	if note != "" {
		r.Notes = append(r.Notes, note)
	}
	if cfg.Issue > 0 && len(plan) == 0 {
		return nil, fmt.Errorf("site %s takes no ticket now (closed, or every quota reached); outside opening hours, start the server with LUOT_ALWAYS_OPEN=1", cfg.Site)
	}

	// Counters are opened before issuing, as on a working day (issue.lua counts the open
	// counters of a service for the wait estimate).
	var counters []*counter
	if !cfg.SkipNext {
		var notes []string
		counters, notes, err = t.openCounters(ctx, site)
		r.Notes = append(r.Notes, notes...)
		defer func() { r.Notes = append(r.Notes, t.release(counters)...) }()
		if err != nil {
			return nil, err
		}
		r.Counters = len(counters)
	}

	if len(plan) > 0 {
		cfg.Log("issue: %d requests, %d clients", len(plan), cfg.Concurrency)
		op, cut := t.issuePhase(ctx, plan)
		r.Ops = append(r.Ops, op)
		if cut != "" {
			r.Notes = append(r.Notes, "issue: "+cut)
		}
	}
	if !cfg.SkipNext {
		after, err := t.site()
		if err != nil {
			return r, err
		}
		limit := after.waiting() + len(counters)*cfg.Concurrency
		cfg.Log("next: %d waiting, %d counters, %d clients", after.waiting(), len(counters), cfg.Concurrency)
		op, cut := t.nextPhase(ctx, counters, limit)
		r.Ops = append(r.Ops, op)
		if cut != "" {
			r.Notes = append(r.Notes, "next: "+cut)
		}
	}
	if end, err := t.site(); err == nil {
		r.WaitingAfter = end.waiting()
	}
	return r, ctx.Err()
}

// target is the server under load.
type target struct {
	c   *client
	cfg Config
}

// phase runs workers until each returns, the context ends or the duration passes; it
// returns why it was cut short ("" when it ran to its end).
func (t *target) phase(ctx context.Context, capacity int, work func(ctx context.Context, b *batch)) (*recorder, string) {
	ctx, cancel := context.WithTimeout(ctx, t.cfg.Duration)
	defer cancel()
	rec := newRecorder(capacity)
	var wg sync.WaitGroup
	for range t.cfg.Concurrency {
		wg.Add(1)
		go func() {
			defer wg.Done()
			b := newBatch(capacity/t.cfg.Concurrency + 16)
			work(ctx, b)
			rec.merge(b)
		}()
	}
	wg.Wait()
	switch {
	case errors.Is(ctx.Err(), context.DeadlineExceeded):
		return rec, fmt.Sprintf("stopped after -duration %v", t.cfg.Duration)
	case ctx.Err() != nil:
		return rec, "interrupted"
	}
	return rec, ""
}

// issuePhase sends the planned issue requests, each for its service.
func (t *target) issuePhase(ctx context.Context, plan []string) (OpStats, string) {
	path := "/api/v1/sites/" + t.cfg.Site + "/tickets"
	if t.cfg.Bare {
		path = "/issue"
	}
	bodies := map[string][]byte{}
	for _, svc := range plan {
		if bodies[svc] == nil {
			bodies[svc] = fmt.Appendf(nil, `{"service":%q}`, svc)
		}
	}
	var next atomic.Int64
	rec, cut := t.phase(ctx, len(plan), func(ctx context.Context, b *batch) {
		for ctx.Err() == nil {
			i := next.Add(1) - 1
			if i >= int64(len(plan)) {
				return
			}
			start := time.Now()
			status, body, err := t.c.do("POST", path, t.cfg.Token, bodies[plan[i]])
			ok, kind, sample := outcome(status, body, err, 201)
			b.add(start, time.Now(), ok, kind, sample)
		}
	})
	return rec.stats("issue"), cut
}

// nextPhase has the clients call next at the open counters, spread round robin, until every
// counter answers that nobody waits for it, or limit requests were sent. When there are more
// clients than counters, several call at the same counter (each call finishes the counter's
// current ticket and calls another: still one call per ticket).
func (t *target) nextPhase(ctx context.Context, counters []*counter, limit int) (OpStats, string) {
	var sent atomic.Int64
	var rr atomic.Uint64
	bounded := atomic.Bool{}
	rec, cut := t.phase(ctx, limit, func(ctx context.Context, b *batch) {
		for ctx.Err() == nil {
			c := pick(counters, rr.Add(1))
			if c == nil {
				return
			}
			if sent.Add(1) > int64(limit) {
				bounded.Store(true)
				return
			}
			start := time.Now()
			status, body, err := t.c.do("POST", c.nextPath, c.token, c.nextBody)
			ok, kind, sample := outcome(status, body, err, 200)
			b.add(start, time.Now(), ok, kind, sample)
			switch {
			case ok && nobodyCalled(body):
				c.drained.Store(true)
			case !ok && status >= 400 && status < 500:
				c.drained.Store(true) // refused (closed, taken over): calling again would not help
			}
		}
	})
	if cut == "" && bounded.Load() {
		cut = fmt.Sprintf("stopped at the bound of %d requests with tickets still waiting", limit)
	}
	return rec.stats("next"), cut
}

// pick returns the first counter not yet drained from position i on, or nil when all are.
func pick(counters []*counter, i uint64) *counter {
	n := uint64(len(counters))
	for j := range n {
		if c := counters[(i+j)%n]; !c.drained.Load() {
			return c
		}
	}
	return nil
}

// outcome classifies an answer: ok when it has the wanted status; otherwise its kind
// ("409 quota_reached", "net") and a sample message.
func outcome(status int, body []byte, err error, want int) (ok bool, kind, sample string) {
	if err != nil {
		return false, "net", err.Error()
	}
	if status == want {
		return true, "", ""
	}
	kind = fmt.Sprint(status)
	if code := errorCode(body); code != "" {
		kind += " " + code
	}
	return false, kind, errorText(body)
}
