package store

import (
	"context"
	"fmt"
	"time"

	"luot/server/queue"
)

// oldestScript is lua/oldest.lua, read-only like site.lua.
var oldestScript = mustScript("oldest")

// Oldest is when the longest-waiting tickets of a site were issued (queue.Oldest).
type Oldest = queue.Oldest

// OldestWaiting reads, in one atomic step, when the longest-waiting tickets of a site were
// issued; services and counters are the ids the configuration names.
func (s *Store) OldestWaiting(ctx context.Context, site string, services, counters []string) (Oldest, error) {
	o := Oldest{ByService: map[string]time.Time{}}
	joined, queues := queueKeys(site, services, counters)
	r, err := readScript[oldestReply](ctx, s, oldestScript, readCall(site, queues, joined))
	if err != nil {
		return o, fmt.Errorf("oldest waiting at %s: %w", site, err)
	}
	if r.Site > 0 {
		o.Site = time.UnixMilli(r.Site).In(s.loc)
	}
	for svc, at := range r.ByService {
		if at > 0 {
			o.ByService[svc] = time.UnixMilli(at).In(s.loc)
		}
	}
	return o, nil
}
