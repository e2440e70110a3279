package queue

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"

	"luot/config"
)

// The actions on a counter's current ticket (Engine.ActOnCurrent).
const (
	ActRecall = "recall"
	ActStart  = "start"
	ActFinish = "finish"
	ActNoShow = "no_show"
)

// counterRef checks that a may operate a counter of site and names who must hold it: an
// officer of the site acts only on the counter they hold; a supervisor or admin of the site
// acts on any.
func (e *Engine) counterRef(a Actor, siteID, counterID string) (*config.Site, *config.Counter, CounterRef, error) {
	site, err := e.site(siteID)
	if err != nil {
		return nil, nil, CounterRef{}, err
	}
	cc := site.Counter(counterID)
	if cc == nil {
		return nil, nil, CounterRef{}, Fail("unknown_counter", fmt.Sprintf("no counter %q at %s", counterID, siteID))
	}
	if err := allowed(a, WorksAt(a, e.Org(), siteID)); err != nil {
		return nil, nil, CounterRef{}, err
	}
	ref := CounterRef{Site: siteID, Counter: counterID}
	if !Oversees(a, e.Org(), siteID) {
		ref.Holder = a.User
	}
	return site, cc, ref, nil
}

// onCounter acts on a counter that a may operate (counterRef): check (nil: none) checks what
// it was asked against the site and the counter's configuration, then act changes the counter
// in the store, and the counter it answers is completed with its configuration (counter), also
// when act failed.
func (e *Engine) onCounter(a Actor, siteID, counterID string, check func(site *config.Site, cc *config.Counter) error,
	act func(ref CounterRef) (*Counter, *Ticket, error)) (*Counter, error) {
	site, cc, ref, err := e.counterRef(a, siteID, counterID)
	if err != nil {
		return nil, err
	}
	if check != nil {
		if err := check(site, cc); err != nil {
			return nil, err
		}
	}
	c, t, err := act(ref)
	return e.counter(cc, c, t), err
}

// Open lets the caller take a counter, serving services (the configured ones when empty).
func (e *Engine) Open(ctx context.Context, a Actor, siteID, counterID string, services []string) (*Counter, error) {
	return e.onCounter(a, siteID, counterID, func(site *config.Site, cc *config.Counter) error {
		if len(services) == 0 {
			services = cc.Services
		}
		return checkServices(site, services)
	}, func(CounterRef) (*Counter, *Ticket, error) {
		return e.store.Open(ctx, siteID, counterID, a.User, services, e.meta(a))
	})
}

// Close closes a counter; its officer leaves it.
func (e *Engine) Close(ctx context.Context, a Actor, siteID, counterID string) (*Counter, error) {
	return e.onCounter(a, siteID, counterID, nil, func(ref CounterRef) (*Counter, *Ticket, error) {
		c, err := e.store.Close(ctx, ref, e.meta(a))
		return c, nil, err
	})
}

// Pause pauses a counter with a reason: a configured reason id, or free text up to 200 characters.
func (e *Engine) Pause(ctx context.Context, a Actor, siteID, counterID, reason string) (*Counter, error) {
	return e.onCounter(a, siteID, counterID, func(*config.Site, *config.Counter) error {
		reason = strings.TrimSpace(reason)
		if reason == "" || utf8.RuneCountInString(reason) > 200 {
			return Fail("bad_reason", "a pause needs a reason of at most 200 characters")
		}
		return nil
	}, func(ref CounterRef) (*Counter, *Ticket, error) {
		return e.store.Pause(ctx, ref, reason, e.meta(a))
	})
}

// Resume opens a paused counter again.
func (e *Engine) Resume(ctx context.Context, a Actor, siteID, counterID string) (*Counter, error) {
	return e.onCounter(a, siteID, counterID, nil, func(ref CounterRef) (*Counter, *Ticket, error) {
		return e.store.Resume(ctx, ref, e.meta(a))
	})
}

// Next finishes the current ticket and calls the next: tickets reserved for the counter
// first, then priority class, then issue order, across the counter's services.
func (e *Engine) Next(ctx context.Context, a Actor, siteID, counterID string) (*Counter, error) {
	return e.onCounter(a, siteID, counterID, nil, func(ref CounterRef) (*Counter, *Ticket, error) {
		return e.store.Next(ctx, ref, e.meta(a))
	})
}

// Call calls one waiting ticket of the site out of order (audited), finishing the current one.
func (e *Engine) Call(ctx context.Context, a Actor, siteID, counterID, ticketID string) (*Counter, error) {
	return e.onCounter(a, siteID, counterID, func(*config.Site, *config.Counter) error {
		if s, ok := SiteOfTicket(ticketID); !ok || s != siteID {
			return Fail("unknown_ticket", "no such ticket at this site")
		}
		return nil
	}, func(ref CounterRef) (*Counter, *Ticket, error) {
		return e.store.Call(ctx, ref, ticketID, e.meta(a))
	})
}

// ActOnCurrent recalls, starts, finishes or marks absent the counter's current ticket.
func (e *Engine) ActOnCurrent(ctx context.Context, a Actor, siteID, counterID, action string) (*Counter, error) {
	return e.onCounter(a, siteID, counterID, func(*config.Site, *config.Counter) error {
		if !slices.Contains([]string{ActRecall, ActStart, ActFinish, ActNoShow}, action) {
			return Fail("unknown_action", action)
		}
		return nil
	}, func(ref CounterRef) (*Counter, *Ticket, error) {
		return e.store.ActOnCurrent(ctx, ref, action, e.Org().RecallLimit, e.meta(a))
	})
}

// Transfer sends the current ticket back to waiting: to another service of the site, or
// reserved for another counter; it keeps its place unless keepPlace is false.
func (e *Engine) Transfer(ctx context.Context, a Actor, siteID, counterID, service, toCounter string, keepPlace bool) (*Counter, error) {
	return e.onCounter(a, siteID, counterID, func(site *config.Site, _ *config.Counter) error {
		switch {
		case (service == "") == (toCounter == ""):
			return Fail("transfer_target", "name exactly one of service or counter")
		case service != "" && !site.Offers(service):
			return Fail("unknown_service", fmt.Sprintf("no service %q at %s", service, siteID))
		case toCounter != "" && site.Counter(toCounter) == nil:
			return Fail("unknown_counter", fmt.Sprintf("no counter %q at %s", toCounter, siteID))
		}
		return nil
	}, func(ref CounterRef) (*Counter, *Ticket, error) {
		return e.store.Transfer(ctx, ref, service, toCounter, keepPlace, e.meta(a))
	})
}

// counter completes a counter's live state with its configuration.
func (e *Engine) counter(cc *config.Counter, c *Counter, t *Ticket) *Counter {
	if c == nil {
		c = &Counter{ID: cc.ID, State: Closed}
	}
	c.Number, c.Name, c.NameEn = cc.Number, cc.Name, cc.NameEn
	if len(c.Services) == 0 {
		c.Services = cc.Services
	}
	if t != nil && (c.Ticket == nil || c.Ticket.ID == t.ID) && t.Active() {
		c.Ticket = t
	}
	if c.Ticket != nil && c.Ticket.Number == "" {
		c.Ticket = nil // only an id is known; callers that need it read the site
	}
	return c
}

// CompleteCounter adds a counter's configuration (number, name, default services) to a live
// counter of an event.
func (e *Engine) CompleteCounter(site string, c *Counter) {
	if c == nil {
		return
	}
	if s := e.Org().Site(site); s != nil {
		if cc := s.Counter(c.ID); cc != nil {
			e.counter(cc, c, nil)
		}
	}
}
