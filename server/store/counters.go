package store

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/redis/go-redis/v9"

	"luot/server/queue"
)

// claimGrace is how long a claim on an officer's key may name a counter that does not hold
// the officer yet: an Open between its two steps. Far longer than a request can take (Redis
// calls time out after 2 s), far shorter than an officer waits after a crash.
const claimGrace = 30 * time.Second

// Open lets officer take a counter serving services: one officer a counter (open.lua) and
// one counter an officer (the officer's claim). The officer's key is global, since an officer
// may work at several sites, so on Redis Cluster it lives in another slot than the site's
// keys and no one script may touch both. The claim is therefore a step of its own, taken
// first and atomically on the officer's key alone:
//
//  1. SET NX the officer's key to "site/counter|claimed-at" — of concurrent opens by one
//     officer, exactly one wins; the others find the key taken;
//  2. a taken key naming another counter is given up (by compare-and-set on that key, so
//     that one taker wins) only when it is stale: that counter does not hold the officer
//     and the claim is older than claimGrace (no Open of it can still be running);
//  3. open.lua then takes the counter in the site's slot; if it fails, the claim is given
//     back (compare-and-delete).
//
// So no instant exists at which two counters hold one officer, on one Redis or on Cluster.
func (s *Store) Open(ctx context.Context, site, counter, officer string, services []string, m queue.Meta) (*queue.Counter, *queue.Ticket, error) {
	lock := officerKey(officer)
	mine := site + "/" + counter
	claim := mine + "|" + strconv.FormatInt(m.Now.UnixMilli(), 10)
	ok, err := s.rdb.SetNX(ctx, lock, claim, 0).Result()
	if err != nil {
		return nil, nil, fmt.Errorf("open %s: %w", mine, wrap(err))
	}
	if !ok {
		held, err := s.rdb.Get(ctx, lock).Result()
		if err != nil && !errors.Is(err, redis.Nil) {
			return nil, nil, fmt.Errorf("open %s: %w", mine, wrap(err))
		}
		if heldCounter(held) != mine {
			if !s.stale(ctx, held, officer, m.Now) {
				return nil, nil, queue.Fail("officer_busy", "you already hold counter "+heldCounter(held))
			}
			swapped, err := swapScript.Run(ctx, s.rdb, []string{lock}, held, claim).Int()
			if err != nil {
				return nil, nil, fmt.Errorf("open %s: %w", mine, wrap(err))
			}
			if swapped == 0 { // another open of this officer took the stale claim first
				return nil, nil, queue.Fail("officer_busy", "another counter is being opened for you")
			}
		}
	}
	res, err := s.run(ctx, openScript, site, m, counter, officer, strings.Join(services, ","))
	if err != nil {
		s.release(ctx, officer, mine)
		return nil, nil, fmt.Errorf("open %s: %w", mine, err)
	}
	return s.pair(res, counter)
}

// heldCounter is the "site/counter" of a claim ("site/counter|claimed-at", or the bare
// "site/counter" of older versions).
func heldCounter(claim string) string {
	c, _, _ := strings.Cut(claim, "|")
	return c
}

// stale reports whether an officer's claim may be given up: the counter it names does not
// hold the officer (left behind by a crash between the steps of Open or Close), and the
// claim is older than claimGrace, so that no Open of it is still on its way.
func (s *Store) stale(ctx context.Context, claim, officer string, now time.Time) bool {
	held, at, _ := strings.Cut(claim, "|")
	site, counter, ok := strings.Cut(held, "/")
	if !ok {
		return true
	}
	holder, err := s.rdb.HGet(ctx, counterKey(site, counter), "officer").Result()
	if err != nil && !errors.Is(err, redis.Nil) {
		return false
	}
	if strings.EqualFold(holder, officer) {
		return false
	}
	ms, _ := strconv.ParseInt(at, 10, 64) // 0 for a claim of older versions: judged by the counter alone
	return now.Sub(time.UnixMilli(ms)) > claimGrace
}

// swapScript replaces the value of KEYS[1] by ARGV[2] if it is still ARGV[1]; returns 1 if it did.
var swapScript = redis.NewScript(`if redis.call('GET', KEYS[1]) == ARGV[1] then redis.call('SET', KEYS[1], ARGV[2]) return 1 end return 0`)

// releaseScript deletes an officer's claim if it names the counter ARGV[1] ("site/counter").
var releaseScript = redis.NewScript(`local v = redis.call('GET', KEYS[1])
if v and (v == ARGV[1] or string.sub(v, 1, #ARGV[1] + 1) == ARGV[1] .. '|') then return redis.call('DEL', KEYS[1]) end
return 0`)

func (s *Store) release(ctx context.Context, officer, counter string) {
	releaseScript.Run(ctx, s.rdb, []string{officerKey(officer)}, counter)
}

// Close closes a counter; its officer leaves it.
func (s *Store) Close(ctx context.Context, r queue.CounterRef, m queue.Meta) (*queue.Counter, error) {
	res, err := s.run(ctx, closeScript, r.Site, m, r.Counter, r.Holder)
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
	return s.counterOp(ctx, pauseResumeScript, r, m, "pause", reason)
}

// Resume opens a paused counter again.
func (s *Store) Resume(ctx context.Context, r queue.CounterRef, m queue.Meta) (*queue.Counter, *queue.Ticket, error) {
	return s.counterOp(ctx, pauseResumeScript, r, m, "resume", "")
}

// Next finishes the counter's current ticket and calls the next one (nil when nobody waits).
func (s *Store) Next(ctx context.Context, r queue.CounterRef, m queue.Meta) (*queue.Counter, *queue.Ticket, error) {
	return s.counterOp(ctx, nextScript, r, m)
}

// Call calls one waiting ticket out of order, finishing the current one.
func (s *Store) Call(ctx context.Context, r queue.CounterRef, ticket string, m queue.Meta) (*queue.Counter, *queue.Ticket, error) {
	return s.counterOp(ctx, callScript, r, m, ticket)
}

// ActOnCurrent applies recall, start, finish or no_show to the counter's current ticket.
func (s *Store) ActOnCurrent(ctx context.Context, r queue.CounterRef, action string, recallLimit int, m queue.Meta) (*queue.Counter, *queue.Ticket, error) {
	return s.counterOp(ctx, actOnCurrentScript, r, m, action, recallLimit)
}

// Transfer puts the current ticket back to waiting in service's queue, or reserved for
// counter; keepPlace keeps its original place in the calling order.
func (s *Store) Transfer(ctx context.Context, r queue.CounterRef, service, counter string, keepPlace bool, m queue.Meta) (*queue.Counter, *queue.Ticket, error) {
	keep := "0"
	if keepPlace {
		keep = "1"
	}
	return s.counterOp(ctx, transferScript, r, m, service, counter, keep)
}

func (s *Store) counterOp(ctx context.Context, script *luaScript, r queue.CounterRef, m queue.Meta, args ...any) (*queue.Counter, *queue.Ticket, error) {
	res, err := s.run(ctx, script, r.Site, m, append([]any{r.Counter, r.Holder}, args...)...)
	if err != nil {
		return nil, nil, fmt.Errorf("%s at %s/%s: %w", script.name, r.Site, r.Counter, err)
	}
	return s.pair(res, r.Counter)
}

// Site reads the live state of a site atomically; counters and services are the ids the
// configuration names, day the local day.
func (s *Store) Site(ctx context.Context, site, day string, counters, services []string) (*queue.SiteState, error) {
	res, err := siteScript.Run(ctx, s.rdb, []string{streamKey(site)},
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
