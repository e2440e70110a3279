package store

import (
	"context"
	"fmt"
	"strings"
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
	res, err := oldestScript.Run(ctx, s.rdb, []string{streamKey(site)},
		SitePrefix(site), strings.Join(services, ","), strings.Join(counters, ",")).Slice()
	if err != nil {
		return o, fmt.Errorf("oldest waiting at %s: %w", site, wrap(err))
	}
	if len(res) < 2 {
		return o, fmt.Errorf("oldest waiting at %s: unexpected result %v", site, res)
	}
	if at := ms(str(res[0]), s.loc); at != nil {
		o.Site = *at
	}
	per, _ := res[1].([]any)
	for i := 0; i+1 < len(per); i += 2 {
		svc := str(per[i])
		if at := ms(str(per[i+1]), s.loc); at != nil {
			o.ByService[svc] = *at
		}
	}
	return o, nil
}

// str is a string a script returned ("" for anything else).
func str(v any) string {
	s, _ := v.(string)
	return s
}
