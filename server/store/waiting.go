package store

import (
	"context"
	"fmt"
	"strings"

	"luot/server/queue"
)

// waitingScript is lua/waiting.lua, read-only like site.lua.
var waitingScript = mustScript("waiting")

// WaitingScan is what a site's queues hold, read in calling order (queue.WaitingScan).
type WaitingScan = queue.WaitingScan

// WaitingNumber is a waiting ticket's id and number (queue.WaitingNumber).
type WaitingNumber = queue.WaitingNumber

// WaitingInOrder reads, in one atomic step, the first n waiting tickets of a site in calling
// order (priority class, then issue order, across the queues of services and the reserved
// sets of counters, the ids the configuration names), and which of numbers (tickets of the
// local day YYYYMMDD) wait. Its cost is bounded by n and the number of queues, not by the
// day's tickets.
func (s *Store) WaitingInOrder(ctx context.Context, site string, services, counters []string, n int, day string, numbers []string) (WaitingScan, error) {
	var w WaitingScan
	_, queues := queueKeys(site, services, counters)
	r, err := readScript[waitingReply](ctx, s, waitingScript, readCall(site,
		append([]string{numberKey(site, day)}, queues...), n, strings.Join(numbers, ",")))
	if err != nil {
		return w, fmt.Errorf("waiting at %s: %w", site, err)
	}
	w.Total = r.Total
	for _, f := range r.First {
		if f.Number != "" { // "" is a record expired from its queue
			w.First = append(w.First, WaitingNumber{ID: f.ID, Number: f.Number})
		}
	}
	w.Found = r.Found
	return w, nil
}

// TicketRecords reads tickets of a site by id as they are stored, in the order given, in one
// round trip (no place in a queue nor wait estimate: Tickets gives those); a ticket that no
// longer exists is left out.
func (s *Store) TicketRecords(ctx context.Context, site string, ids []string) ([]*queue.Ticket, error) {
	return s.tickets(ctx, site, ids)
}
