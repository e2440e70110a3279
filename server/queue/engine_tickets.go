package queue

import (
	"context"
	"fmt"
	"strings"
	"unicode/utf8"
)

// Issue gives a ticket of service at site to a kiosk of the site or staff of the site.
func (e *Engine) Issue(ctx context.Context, a Actor, siteID, service, priority, idemKey string) (*Ticket, error) {
	site, err := e.site(siteID)
	if err != nil {
		return nil, err
	}
	if err := allowed(a, a.CanIssue(e.Org(), siteID)); err != nil {
		return nil, err
	}
	svc := e.Org().Service(service)
	if svc == nil || !site.Offers(service) {
		return nil, Fail("unknown_service", fmt.Sprintf("no service %q at %s", service, siteID))
	}
	if priority != "" && e.Org().Category(priority) == nil {
		return nil, Fail("unknown_priority", fmt.Sprintf("no priority category %q", priority))
	}
	if a.Device != "" && priority == "" && site.BookingFor(service).OnlineOnly {
		return nil, ErrOnlineOnly // the site issues remote numbers and check-ins; the kiosk, priority only
	}
	now := e.clock.Now()
	if !e.opts.AlwaysOpen && !site.OpenAt(now) {
		// a retry gets the first answer even after closing time (within hours, and past the
		// quota, the issue script answers it itself, in the same round trip)
		if idemKey != "" {
			id, ok, err := e.store.IdempotentTicket(ctx, siteID, a.ID(), idemKey)
			if err != nil {
				return nil, err
			}
			if ok {
				return e.Ticket(ctx, id)
			}
		}
		return nil, ErrOutsideHours
	}
	args := IssueArgs{
		Site: siteID, Service: service, Prefix: svc.Prefix, Priority: priority, Channel: AtCounter,
		Day: LocalDay(now, site.Location()), Hour: LocalHour(now, site.Location()), Quota: site.Quotas(service),
		Caller: a.ID(), IdempotencyKey: idemKey, Counters: CounterIDs(site),
	}
	if a.Device != "" {
		// a kiosk issues at most kiosk_per_minute a minute: a stolen token or a stuck
		// button must not empty a day's quota; staff are not capped
		args.Channel, args.Kiosk, args.PerMinute = Kiosk, a.Device, site.KioskPerMinute
	}
	v, err := e.store.Issue(ctx, args, Meta{Now: now, By: a.ID()})
	if err != nil {
		return nil, err
	}
	return e.withEstimate(v), nil
}

// Ticket reads a ticket by its id, with its place and expected wait while it waits.
func (e *Engine) Ticket(ctx context.Context, id string) (*Ticket, error) {
	siteID, ok := SiteOfTicket(id)
	if !ok {
		return nil, Fail("unknown_ticket", "no such ticket")
	}
	site, err := e.site(siteID)
	if err != nil {
		return nil, Fail("unknown_ticket", "no such ticket")
	}
	v, err := e.store.Ticket(ctx, id, CounterIDs(site))
	if err != nil {
		return nil, err
	}
	return e.withEstimate(v), nil
}

// TicketsAt reads tickets of one site for the live ticket feed: each with its place and expected
// wait while it waits, and the id of the site's last event it reflects (its position in the
// event log, which orders it among the events). An unknown ticket is nil.
func (e *Engine) TicketsAt(ctx context.Context, siteID string, ids []string) ([]*Ticket, []string, error) {
	site, err := e.site(siteID)
	if err != nil {
		return nil, nil, err
	}
	vs, err := e.store.Tickets(ctx, siteID, ids, CounterIDs(site))
	if err != nil {
		return nil, nil, err
	}
	ts, at := make([]*Ticket, len(vs)), make([]string, len(vs))
	for i, v := range vs {
		if v != nil {
			ts[i], at[i] = e.withEstimate(v), v.At
		}
	}
	return ts, at, nil
}

// History returns a ticket with every event of it, for a supervisor of its site.
func (e *Engine) History(ctx context.Context, a Actor, id string) (*Ticket, []HistoryEntry, error) {
	t, err := e.Ticket(ctx, id)
	if err != nil {
		return nil, nil, err
	}
	if err := allowed(a, Oversees(a, e.Org(), t.Site)); err != nil {
		return nil, nil, err
	}
	h, err := e.store.History(ctx, id)
	return t, h, err
}

// Rate records the citizen's rating of a finished ticket: from the rating panel of the
// counter that served it, or from anyone holding the id, within the rating window after the
// finish for both. Never from a user's session, whatever the role: a rating judges the
// officer, so no officer (nor anyone signed in) may give one.
func (e *Engine) Rate(ctx context.Context, a Actor, id, level, comment, idemKey string) (*Ticket, error) {
	if a.IsUser() {
		return nil, Fail("rating_by_user", "ratings come from the citizen or the counter's rating panel, never from a signed-in user")
	}
	if !e.Org().HasRating(level) {
		return nil, Fail("unknown_level", fmt.Sprintf("no rating level %q", level))
	}
	if utf8.RuneCountInString(comment) > 1000 {
		return nil, Fail("comment_too_long", "the comment is longer than 1000 characters")
	}
	siteID, ok := SiteOfTicket(id)
	if !ok || e.Org().Site(siteID) == nil {
		return nil, Fail("unknown_ticket", "no such ticket")
	}
	deviceCounter := ""
	if a.Device != "" {
		if a.DeviceKind != DeviceRating {
			return nil, Fail("wrong_device", "only a rating panel rates")
		}
		if a.Site != siteID {
			return nil, Fail("wrong_site", "the ticket is of another site")
		}
		deviceCounter = a.Counter
	}
	caller := a.ID()
	if caller == "" {
		caller = "anon"
	}
	return e.store.Rate(ctx, id, level, strings.TrimSpace(comment), deviceCounter, e.opts.RatingWindow, caller, idemKey, e.meta(a))
}

// SetPriority lets the officer confirm, change or remove a ticket's priority category
// (recorded with who did it, since queue-jumping is a real complaint).
func (e *Engine) SetPriority(ctx context.Context, a Actor, id, category string) (*Ticket, error) {
	siteID, ok := SiteOfTicket(id)
	if !ok || e.Org().Site(siteID) == nil {
		return nil, Fail("unknown_ticket", "no such ticket")
	}
	if err := allowed(a, WorksAt(a, e.Org(), siteID)); err != nil {
		return nil, err
	}
	if category != "" && e.Org().Category(category) == nil {
		return nil, Fail("unknown_priority", fmt.Sprintf("no priority category %q", category))
	}
	return e.store.SetPriority(ctx, id, category, e.meta(a))
}

// allowed answers ErrUnauthorized to nobody and ErrForbidden to somebody not allowed.
func allowed(a Actor, ok bool) error {
	switch {
	case ok:
		return nil
	case a.Anonymous():
		return ErrUnauthorized
	}
	return ErrForbidden
}

// Waiting lists the next waiting tickets of a service at a site, in calling order.
func (e *Engine) Waiting(ctx context.Context, siteID, service string, limit int) ([]*Ticket, error) {
	site, err := e.site(siteID)
	if err != nil {
		return nil, err
	}
	if !site.Offers(service) {
		return nil, Fail("unknown_service", fmt.Sprintf("no service %q at %s", service, siteID))
	}
	return e.store.Waiting(ctx, siteID, service, limit)
}

// Queue lists the next waiting tickets of a service at a site in calling order, for those who
// work at the site (never null: an empty queue is an empty list).
func (e *Engine) Queue(ctx context.Context, a Actor, siteID, service string, limit int) ([]*Ticket, error) {
	if err := allowed(a, WorksAt(a, e.Org(), siteID)); err != nil {
		return nil, err
	}
	ts, err := e.Waiting(ctx, siteID, service, limit)
	if ts == nil && err == nil {
		ts = []*Ticket{}
	}
	return ts, err
}

// CancelWaiting cancels, in bulk, the tickets waiting at a site, of one service or of all
// ("" ), as one who oversees the site decides (a supervisor of it or of its branch, or an
// admin): the hall closing early, a service stopped for the day. Each ticket gets its own
// ticket.cancelled event and history entry naming who did it. It returns how many it
// cancelled; tickets issued meanwhile stay.
func (e *Engine) CancelWaiting(ctx context.Context, a Actor, siteID, service string) (int, error) {
	site, err := e.site(siteID)
	if err != nil {
		return 0, err
	}
	if err := allowed(a, Oversees(a, e.Org(), siteID)); err != nil {
		return 0, err
	}
	services := site.Services
	if service != "" {
		if !site.Offers(service) {
			return 0, Fail("unknown_service", fmt.Sprintf("no service %q at %s", service, siteID))
		}
		services = []string{service}
	}
	return e.store.CancelWaiting(ctx, siteID, services, CounterIDs(site), e.meta(a))
}
