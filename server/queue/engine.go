package queue

import (
	"fmt"
	"sync/atomic"
	"time"

	"luot/config"
)

// Engine decides every rule of the queues: who may act where, opening hours, quotas, which
// counter may call what. Handlers parse a request, call one Engine method and answer.
type Engine struct {
	org   atomic.Pointer[config.Org]
	store Store
	clock Clock
	opts  Options
}

// Options tune an Engine.
type Options struct {
	// AlwaysOpen ignores opening hours (demos and tests).
	AlwaysOpen bool
	// RatingWindow is how long after the finish a ticket may be rated, by the citizen with its
	// id or by the counter's rating panel (default 24 h).
	RatingWindow time.Duration
}

// NewEngine returns an engine over an organisation, a store and a clock.
func NewEngine(org *config.Org, st Store, clock Clock, opts Options) *Engine {
	if opts.RatingWindow <= 0 {
		opts.RatingWindow = 24 * time.Hour
	}
	e := &Engine{store: st, clock: clock, opts: opts}
	e.org.Store(org)
	return e
}

// Org returns the organisation in force.
func (e *Engine) Org() *config.Org { return e.org.Load() }

// SetOrg replaces the organisation (a reload); live state in the store is untouched.
func (e *Engine) SetOrg(o *config.Org) { e.org.Store(o) }

// Now returns the engine's clock time.
func (e *Engine) Now() time.Time { return e.clock.Now() }

func (e *Engine) meta(a Actor) Meta { return Meta{Now: e.clock.Now(), By: a.ID()} }

// site returns a configured site or ErrNotFound.
func (e *Engine) site(id string) (*config.Site, error) {
	s := e.Org().Site(id)
	if s == nil {
		return nil, Fail("unknown_site", fmt.Sprintf("no site %q", id))
	}
	return s, nil
}

// CounterIDs lists the ids of a site's counters, in the order of the file.
func CounterIDs(s *config.Site) []string {
	ids := make([]string, len(s.Counters))
	for i, c := range s.Counters {
		ids[i] = c.ID
	}
	return ids
}

// Estimate is the expected wait in minutes of a citizen with ahead people before them:
// the service's recent minutes per citizen (its moving average, or the configured minutes
// until there is one), shared among the open counters that serve it (at least one, so a
// queue with every counter closed still gets an honest, if long, figure). The average is
// kept within a quarter and four times the configured minutes, so that a run of odd
// samples (officers clicking through, a counter left serving over lunch) cannot promise a
// queue of twenty in two minutes or frighten people away with hours.
func Estimate(ahead int, avgMinutes float64, configuredMinutes int, openCounters int) int {
	if ahead <= 0 {
		return 0
	}
	per, cfg := avgMinutes, float64(configuredMinutes)
	switch {
	case per <= 0:
		per = cfg
	case cfg > 0:
		per = min(max(per, cfg/4), cfg*4)
	}
	servers := max(openCounters, 1)
	minutes := float64(ahead) * per / float64(servers)
	return int(minutes + 0.999)
}

// withEstimate fills a waiting ticket's ahead and estimated wait.
func (e *Engine) withEstimate(v *TicketView) *Ticket {
	t := v.Ticket
	if t == nil || t.Status != Waiting || v.Ahead < 0 {
		return t
	}
	minutes := 0
	if svc := e.Org().Service(t.Service); svc != nil {
		minutes = svc.Minutes
	}
	ahead := v.Ahead
	est := Estimate(ahead, v.AvgMinutes, minutes, v.OpenCounters)
	beyond := false
	if site := e.Org().Site(t.Site); site != nil {
		beyond = e.beyondClosing(site, est)
	}
	t.Ahead, t.EstWaitMin, t.BeyondClosing = &ahead, &est, &beyond
	return t
}

// beyondClosing reports whether an expected wait of est minutes ends after the site's opening
// hours of today are over: the citizen may not be served today, which a page says instead of
// a number (a ticket at 23:12 under AlwaysOpen once showed a wait of 66 hours).
func (e *Engine) beyondClosing(site *config.Site, est int) bool {
	return est > 0 && est > MinutesLeftToday(site, e.clock.Now(), e.opts.AlwaysOpen)
}
