package store

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/redis/go-redis/v9"

	"luot/server/queue"
)

// Open lets officer take a counter serving services. One counter an officer: the officer's
// lock (a global key, since an officer may work at several sites) is taken first and given
// back if the counter turns out to be held by someone else.
func (s *Store) Open(ctx context.Context, site, counter, officer string, services []string, m queue.Meta) (*queue.Counter, *queue.Ticket, error) {
	lock := officerKey(officer)
	mine := site + "/" + counter
	ok, err := s.rdb.SetNX(ctx, lock, mine, 0).Result()
	if err != nil {
		return nil, nil, fmt.Errorf("open %s: %w", mine, wrap(err))
	}
	if !ok {
		held, err := s.rdb.Get(ctx, lock).Result()
		if err != nil && !errors.Is(err, redis.Nil) {
			return nil, nil, fmt.Errorf("open %s: %w", mine, wrap(err))
		}
		if held != mine && !s.stale(ctx, held, officer) {
			return nil, nil, queue.Fail(queue.ErrConflict, "officer_busy", "you already hold counter "+held)
		}
		if err := s.rdb.Set(ctx, lock, mine, 0).Err(); err != nil {
			return nil, nil, fmt.Errorf("open %s: %w", mine, wrap(err))
		}
	}
	res, err := s.run(ctx, "open", site, m, counter, officer, strings.Join(services, ","))
	if err != nil {
		s.release(ctx, officer, mine)
		return nil, nil, fmt.Errorf("open %s: %w", mine, err)
	}
	return s.pair(res, counter)
}

// stale reports whether an officer's lock names a counter the officer no longer holds (left
// behind by a crash between the two steps of Open or Close).
func (s *Store) stale(ctx context.Context, held, officer string) bool {
	site, counter, ok := strings.Cut(held, "/")
	if !ok {
		return true
	}
	holder, err := s.rdb.HGet(ctx, counterKey(site, counter), "officer").Result()
	if err != nil && !errors.Is(err, redis.Nil) {
		return false
	}
	return !strings.EqualFold(holder, officer)
}

var releaseScript = redis.NewScript(`if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0`)

func (s *Store) release(ctx context.Context, officer, mine string) {
	releaseScript.Run(ctx, s.rdb, []string{officerKey(officer)}, mine)
}

// Close closes a counter; its officer leaves it.
func (s *Store) Close(ctx context.Context, r queue.CounterRef, m queue.Meta) (*queue.Counter, error) {
	res, err := s.run(ctx, "close", r.Site, m, r.Counter, r.Holder)
	if err != nil {
		return nil, fmt.Errorf("close %s/%s: %w", r.Site, r.Counter, err)
	}
	c, _, err := s.pair(res, r.Counter)
	if arr, ok := res.([]any); ok && len(arr) > 2 {
		if former, _ := arr[2].(string); former != "" {
			s.release(ctx, former, r.Site+"/"+r.Counter)
		}
	}
	return c, err
}

// Pause pauses a counter with a reason; Resume opens it again.
func (s *Store) Pause(ctx context.Context, r queue.CounterRef, reason string, m queue.Meta) (*queue.Counter, *queue.Ticket, error) {
	return s.counterOp(ctx, "pause", r, m, "pause", reason)
}

// Resume opens a paused counter again.
func (s *Store) Resume(ctx context.Context, r queue.CounterRef, m queue.Meta) (*queue.Counter, *queue.Ticket, error) {
	return s.counterOp(ctx, "pause", r, m, "resume", "")
}

// Next finishes the counter's current ticket and calls the next one (nil when nobody waits).
func (s *Store) Next(ctx context.Context, r queue.CounterRef, m queue.Meta) (*queue.Counter, *queue.Ticket, error) {
	return s.counterOp(ctx, "next", r, m)
}

// Call calls one waiting ticket out of order, finishing the current one.
func (s *Store) Call(ctx context.Context, r queue.CounterRef, ticket string, m queue.Meta) (*queue.Counter, *queue.Ticket, error) {
	return s.counterOp(ctx, "call", r, m, ticket)
}

// Act applies recall, start, finish or no_show to the counter's current ticket.
func (s *Store) Act(ctx context.Context, r queue.CounterRef, action string, recallLimit int, m queue.Meta) (*queue.Counter, *queue.Ticket, error) {
	return s.counterOp(ctx, "current", r, m, action, recallLimit)
}

// Transfer puts the current ticket back to waiting in service's queue, or reserved for
// counter; keepPlace keeps its original place in the calling order.
func (s *Store) Transfer(ctx context.Context, r queue.CounterRef, service, counter string, keepPlace bool, m queue.Meta) (*queue.Counter, *queue.Ticket, error) {
	keep := "0"
	if keepPlace {
		keep = "1"
	}
	return s.counterOp(ctx, "transfer", r, m, service, counter, keep)
}

func (s *Store) counterOp(ctx context.Context, script string, r queue.CounterRef, m queue.Meta, args ...any) (*queue.Counter, *queue.Ticket, error) {
	res, err := s.run(ctx, script, r.Site, m, append([]any{r.Counter, r.Holder}, args...)...)
	if err != nil {
		return nil, nil, fmt.Errorf("%s at %s/%s: %w", script, r.Site, r.Counter, err)
	}
	return s.pair(res, r.Counter)
}

// Site reads the live state of a site atomically; counters and services are the ids the
// configuration names, day the local day.
func (s *Store) Site(ctx context.Context, site, day string, counters, services []string) (*queue.SiteState, error) {
	res, err := s.scripts["site"].Run(ctx, s.rdb, []string{streamKey(site)},
		SitePrefix(site), day, strings.Join(counters, ","), strings.Join(services, ",")).Slice()
	if err != nil {
		return nil, fmt.Errorf("read site %s: %w", site, wrap(err))
	}
	st := &queue.SiteState{Waiting: map[string]int{}, AvgMin: map[string]float64{}, Issued: map[string]int{}, Counters: map[string]*queue.Counter{}}
	st.LastID, _ = res[0].(string)
	w, _ := res[1].([]any)
	for k, v := range flatFields(w) {
		st.Waiting[k], _ = strconv.Atoi(v)
	}
	a, _ := res[2].([]any)
	for k, v := range flatFields(a) {
		st.AvgMin[k], _ = strconv.ParseFloat(v, 64)
	}
	issued, _ := res[3].([]any)
	for i, n := range issued {
		if i < len(services) {
			v, _ := n.(int64)
			st.Issued[services[i]] = int(v)
		}
	}
	cs, _ := res[4].([]any)
	for i, pair := range cs {
		if i >= len(counters) {
			break
		}
		c, _, err := s.pair(pair, counters[i])
		if err != nil {
			return nil, err
		}
		if c == nil {
			c = fields(nil).counter(counters[i], s.loc)
		}
		st.Counters[counters[i]] = c
	}
	return st, nil
}
