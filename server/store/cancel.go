package store

import (
	"context"
	"fmt"

	"luot/server/queue"
)

// cancelBatch is how many tickets one run of cancel.lua cancels at most: each is an event,
// and a run holds Redis for its duration.
const cancelBatch = 200

// CancelWaiting cancels the tickets of services waiting at site (reserved for one of
// counters included) that were issued by m.Now, each with its own event, in runs of
// cancelBatch; it returns how many it cancelled.
func (s *Store) CancelWaiting(ctx context.Context, site string, services, counters []string, m queue.Meta) (int, error) {
	total := 0
	joined, queues := queueKeys(site, services, counters)
	for {
		r, err := runCall[cancelReply](ctx, s, cancelScript, s.transition(site, m, queues, joined, m.Now.UnixMilli(), cancelBatch))
		if err != nil {
			return total, fmt.Errorf("cancel waiting at %s: %w", site, err)
		}
		total += r.Cancelled
		if !r.More {
			return total, nil
		}
	}
}
