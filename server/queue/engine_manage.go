package queue

import (
	"context"
	"errors"
	"fmt"
	"slices"

	"luot/config"
)

// CounterPlan is what a supervisor sets for a counter for the day: its state ("open",
// "closed", or "" to keep it), the officer who takes a closed counter, and the services it
// serves today (empty keeps them).
type CounterPlan struct {
	State    string   `json:"state"`
	Officer  string   `json:"officer"`
	Services []string `json:"services"`
}

// ManageCounter lets a user who oversees the site open a counter for the day for an officer
// of the site, change the services an open counter serves today, or close it (its officer
// leaves it; a called ticket goes back to its queue). It returns the counter and, when
// opened, its current ticket.
func (e *Engine) ManageCounter(ctx context.Context, a Actor, siteID, counterID string, p CounterPlan) (*Counter, *Ticket, error) {
	site, err := e.site(siteID)
	if err != nil {
		return nil, nil, err
	}
	if err := allowed(a, Oversees(a, e.Org(), siteID)); err != nil {
		return nil, nil, err
	}
	cc := site.Counter(counterID)
	if cc == nil {
		return nil, nil, Fail("unknown_counter", "no counter "+counterID)
	}
	switch p.State {
	case "closed":
		c, err := e.store.Close(ctx, CounterRef{Site: siteID, Counter: cc.ID}, e.meta(a))
		return e.completed(cc, c), nil, err
	case "", "open":
	default:
		return nil, nil, Fail("bad_state", "state: open or closed")
	}
	if len(p.Services) > len(site.Services) {
		return nil, nil, Fail("invalid_service", "more services than the site offers")
	}
	if err := checkServices(site, p.Services); err != nil {
		return nil, nil, err
	}
	officer, services, err := e.planOfficer(ctx, site, cc, p)
	if err != nil {
		return nil, nil, err
	}
	c, t, err := e.store.Open(ctx, siteID, cc.ID, officer, services, e.meta(a))
	return e.completed(cc, c), t, err
}

// planOfficer is who holds the counter after the plan and what it serves: an open counter
// keeps its officer (naming another is counter_busy) and needs new services; a closed one
// needs an officer of the site.
func (e *Engine) planOfficer(ctx context.Context, site *config.Site, cc *config.Counter, p CounterPlan) (string, []string, error) {
	v, err := e.Site(ctx, site.ID)
	if err != nil {
		return "", nil, err
	}
	var live *Counter
	for _, c := range v.Counters {
		if c.ID == cc.ID && c.State != Closed {
			live = c
		}
	}
	officer, services := p.Officer, p.Services
	switch {
	case live != nil:
		if officer != "" && (live.Officer == nil || *live.Officer != officer) {
			return "", nil, ErrCounterBusy
		}
		if len(services) == 0 {
			return "", nil, Fail("no_change", "name the services the counter serves today, or close it")
		}
		return *live.Officer, services, nil
	case officer == "":
		return "", nil, Fail("no_officer", "name the officer who takes the counter")
	}
	if err := e.checkOfficer(ctx, officer, site.ID); err != nil {
		return "", nil, err
	}
	if len(services) == 0 {
		services = cc.Services
	}
	return officer, services, nil
}

// checkOfficer checks that a user may take a counter of site: an officer or supervisor of
// the site, not disabled.
func (e *Engine) checkOfficer(ctx context.Context, name, site string) error {
	u, err := e.store.User(ctx, name)
	if errors.Is(err, ErrNotFound) {
		return Fail("unknown_officer", "no user "+name)
	}
	if err != nil {
		return err
	}
	if u.Disabled || u.Role == RoleAdmin || !slices.Contains(u.Sites, site) {
		return Fail("unknown_officer", name+" does not work at "+site)
	}
	return nil
}

// checkServices checks the services a counter is to serve: each offered at the site, once.
func checkServices(site *config.Site, services []string) error {
	seen := map[string]bool{}
	for _, s := range services {
		if !site.Offers(s) {
			return Fail("invalid_service", fmt.Sprintf("service %q is not offered at %s", s, site.ID))
		}
		if seen[s] {
			return Fail("duplicate_service", fmt.Sprintf("service %q listed twice", s))
		}
		seen[s] = true
	}
	return nil
}

// completed is a counter the store returned, completed from the file (nil stays nil).
func (e *Engine) completed(cc *config.Counter, c *Counter) *Counter {
	if c == nil {
		return nil
	}
	return e.counter(cc, c, nil)
}
