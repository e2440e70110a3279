package store

import (
	"context"
	"fmt"
	"strings"

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
	for {
		res, err := s.run(ctx, cancelScript, site, m, strings.Join(services, ","), strings.Join(counters, ","),
			m.Now.UnixMilli(), cancelBatch)
		if err != nil {
			return total, fmt.Errorf("cancel waiting at %s: %w", site, err)
		}
		arr, _ := res.([]any)
		if len(arr) < 2 {
			return total, fmt.Errorf("cancel: unexpected script result %v", res)
		}
		done, _ := arr[0].(int64)
		more, _ := arr[1].(int64)
		total += int(done)
		if more == 0 {
			return total, nil
		}
	}
}
