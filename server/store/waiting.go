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
	res, err := waitingScript.Run(ctx, s.rdb, []string{streamKey(site)}, SitePrefix(site),
		strings.Join(services, ","), strings.Join(counters, ","), n, day, strings.Join(numbers, ",")).Slice()
	if err != nil {
		return w, fmt.Errorf("waiting at %s: %w", site, wrap(err))
	}
	if len(res) < 3 {
		return w, fmt.Errorf("waiting at %s: unexpected result %v", site, res)
	}
	total, _ := res[0].(int64)
	w.Total = int(total)
	first, _ := res[1].([]any)
	for i := 0; i+1 < len(first); i += 2 {
		if number := str(first[i+1]); number != "" { // "" is a record expired from its queue
			w.First = append(w.First, WaitingNumber{ID: str(first[i]), Number: number})
		}
	}
	found, _ := res[2].([]any)
	for _, id := range found {
		w.Found = append(w.Found, str(id))
	}
	return w, nil
}

// TicketRecords reads tickets of a site by id as they are stored, in the order given, in one
// round trip (no place in a queue nor wait estimate: Tickets gives those); a ticket that no
// longer exists is left out.
func (s *Store) TicketRecords(ctx context.Context, site string, ids []string) ([]*queue.Ticket, error) {
	return s.tickets(ctx, site, ids)
}
