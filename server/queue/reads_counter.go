package queue

import (
	"context"
	"fmt"
	"sort"
	"time"

	"luot/config"
)

// WaitingScan is what a site's queues hold, read in calling order.
type WaitingScan struct {
	// Total is how many tickets wait at the site, in every queue and reserved set.
	Total int
	// First are the first tickets in calling order, up to the number asked.
	First []WaitingNumber
	// Found are the ids of the looked-up numbers that wait, wherever they are in the queues.
	Found []string
}

// WaitingNumber is a waiting ticket's id and number.
type WaitingNumber struct {
	ID, Number string
}

// QueueView is one service queue of a counter as the workstation shows it: how many wait,
// since when the longest has waited, and the next numbers in calling order.
type QueueView struct {
	ID             string     `json:"id"`
	Name           string     `json:"name"`
	NameEn         string     `json:"name_en"`
	Prefix         string     `json:"prefix"`
	Waiting        int        `json:"waiting"`
	OldestIssuedAt *time.Time `json:"oldest_issued_at"`
	LongestWaitMin int        `json:"longest_wait_min"`
	Next           []*Ticket  `json:"next"`
}

// CounterQueues are the queues a counter serves, in its order of preference. LastEvent is
// the id of the last event the counts reflect, so that a page following the live feed
// applies only the events after it.
type CounterQueues struct {
	Site      string       `json:"site"`
	Counter   string       `json:"counter"`
	State     CounterState `json:"state"`
	At        time.Time    `json:"at"`
	LastEvent string       `json:"last_event"`
	Services  []QueueView  `json:"services"`
}

// QueueScan is how many waiting tickets of a queue are read to find the one waiting longest:
// priority tickets come first in calling order, so unless more than this many priority
// tickets wait, the oldest normal ticket is among them.
const QueueScan = 50

// CounterQueues reads the queues a counter serves (its services of the day) with their first
// limit numbers, for those who work at the site.
func (e *Engine) CounterQueues(ctx context.Context, a Actor, siteID, counterID string, limit int) (*CounterQueues, error) {
	if err := allowed(a, WorksAt(a, e.Org(), siteID)); err != nil {
		return nil, err
	}
	v, err := e.Site(ctx, siteID)
	if err != nil {
		return nil, err
	}
	var ctr *Counter
	for _, x := range v.Counters {
		if x.ID == counterID {
			ctr = x
		}
	}
	if ctr == nil {
		return nil, Fail("unknown_counter", fmt.Sprintf("no counter %q at %s", counterID, siteID))
	}
	now := e.Now()
	out := &CounterQueues{Site: siteID, Counter: counterID, State: ctr.State, At: now, LastEvent: v.LastEvent,
		Services: make([]QueueView, 0, len(ctr.Services))}
	for _, sid := range ctr.Services {
		qv, err := e.queueView(ctx, v, sid, limit, now)
		if err != nil {
			return nil, err
		}
		out.Services = append(out.Services, qv)
	}
	return out, nil
}

func (e *Engine) queueView(ctx context.Context, v *SiteView, service string, limit int, now time.Time) (QueueView, error) {
	qv := QueueView{ID: service, Next: []*Ticket{}}
	for _, sv := range v.Services {
		if sv.ID == service {
			qv.Name, qv.NameEn, qv.Prefix, qv.Waiting = sv.Name, sv.NameEn, sv.Prefix, sv.Waiting
		}
	}
	ts, err := e.Waiting(ctx, v.ID, service, QueueScan)
	if err != nil {
		return qv, err
	}
	for i, t := range ts {
		if i < limit {
			qv.Next = append(qv.Next, t)
		}
		if qv.OldestIssuedAt == nil || t.IssuedAt.Before(*qv.OldestIssuedAt) {
			at := t.IssuedAt
			qv.OldestIssuedAt = &at
		}
	}
	if qv.OldestIssuedAt != nil {
		qv.LongestWaitMin = WaitMinutes(*qv.OldestIssuedAt, now)
	}
	return qv, nil
}

// WaitingList are a site's waiting tickets as a search by number finds them.
type WaitingList struct {
	Site    string    `json:"site"`
	Total   int       `json:"total"`
	Tickets []*Ticket `json:"tickets"`
}

// WaitingScanMax is how many waiting tickets, from the first in calling order, a search by
// number looks through — more than a provincial centre's queues hold at the opening rush of
// its busiest day (a tenth of 1,500 tickets), and a bound on what one request reads. The
// number typed exactly is found wherever it waits (the day's number index).
const WaitingScanMax = 500

// SiteWaiting lists the tickets of a site that wait now, in calling order (reserved ones
// included, with reserved_for), for those who work at the site. With a query (a number as an
// officer types it), the numbers that are exactly the one typed come first, and Total counts
// the matches; without, Total counts every waiting ticket. It reads the queues' heads, never
// the day's tickets: without a query the first limit, with one the first WaitingScanMax.
func (e *Engine) SiteWaiting(ctx context.Context, a Actor, siteID, query string, limit int) (*WaitingList, error) {
	if err := allowed(a, WorksAt(a, e.Org(), siteID)); err != nil {
		return nil, err
	}
	site, err := e.site(siteID)
	if err != nil {
		return nil, err
	}
	q, err := parseNumberQuery(query)
	if err != nil {
		return nil, err
	}
	n, numbers := limit, []string(nil)
	if q.raw != "" {
		n, numbers = WaitingScanMax, q.numbers(prefixes(e.Org(), site))
	}
	w, err := e.store.WaitingInOrder(ctx, siteID, site.Services, CounterIDs(site), n, LocalDay(e.Now(), site.Location()), numbers)
	if err != nil {
		return nil, err
	}
	ids, total := q.hits(w)
	tickets, err := e.store.TicketRecords(ctx, siteID, ids[:min(len(ids), limit)])
	if err != nil {
		return nil, err
	}
	out := &WaitingList{Site: siteID, Total: total, Tickets: make([]*Ticket, 0, len(tickets))}
	for _, t := range tickets {
		if t.Status == Waiting { // not called since the queues were read
			out.Tickets = append(out.Tickets, t)
		}
	}
	return out, nil
}

// hits are the ids of the scan that match q, the numbers typed exactly first, and how many
// there are (every waiting ticket when q is empty).
func (q numberQuery) hits(w WaitingScan) ([]string, int) {
	type hit struct {
		id    string
		exact bool
	}
	hits := make([]hit, 0, len(w.First))
	seen := map[string]bool{}
	for _, t := range w.First {
		if ok, exact := q.match(t.Number); ok {
			hits = append(hits, hit{t.ID, exact})
			seen[t.ID] = true
		}
	}
	for _, id := range w.Found {
		if !seen[id] {
			hits = append(hits, hit{id, true})
		}
	}
	sort.SliceStable(hits, func(i, j int) bool { return hits[i].exact && !hits[j].exact })
	ids := make([]string, len(hits))
	for i, h := range hits {
		ids[i] = h.id
	}
	if q.raw == "" {
		return ids, w.Total
	}
	return ids, len(hits)
}

// prefixes are the ticket prefixes of the services a site offers.
func prefixes(org *config.Org, site *config.Site) []string {
	var out []string
	for _, id := range site.Services {
		if svc := org.Service(id); svc != nil {
			out = append(out, svc.Prefix)
		}
	}
	return out
}
