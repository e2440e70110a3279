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
	r, err := runCall[counterReply](ctx, s, openScript, OpenCall(site, counter, officer, services, m, s.loc, s.ttl))
	if err != nil {
		s.release(ctx, officer, mine)
		return nil, nil, fmt.Errorf("open %s: %w", mine, err)
	}
	c, t := s.counterAndTicket(r, counter)
	return c, t, nil
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
	reply, err := runCall[counterReply](ctx, s, closeScript, CounterCall(r, m, s.loc, s.ttl, nil))
	if err != nil {
		return nil, fmt.Errorf("close %s/%s: %w", r.Site, r.Counter, err)
	}
	c, _ := s.counterAndTicket(reply, r.Counter)
	if reply.Former != "" {
		s.release(ctx, reply.Former, r.Site+"/"+r.Counter)
	}
	return c, nil
}

// Pause pauses a counter with a reason; Resume opens it again.
func (s *Store) Pause(ctx context.Context, r queue.CounterRef, reason string, m queue.Meta) (*queue.Counter, *queue.Ticket, error) {
	return s.counterOp(ctx, pauseResumeScript, r, m, nil, "pause", reason)
}

// Resume opens a paused counter again.
func (s *Store) Resume(ctx context.Context, r queue.CounterRef, m queue.Meta) (*queue.Counter, *queue.Ticket, error) {
	return s.counterOp(ctx, pauseResumeScript, r, m, nil, "resume", "")
}

// Next finishes the counter's current ticket and calls the next one (nil when nobody waits).
func (s *Store) Next(ctx context.Context, r queue.CounterRef, m queue.Meta) (*queue.Counter, *queue.Ticket, error) {
	return s.counterRun(ctx, nextScript, r, NextCall(r, m, s.loc, s.ttl))
}

// Call calls one waiting ticket out of order, finishing the current one.
func (s *Store) Call(ctx context.Context, r queue.CounterRef, ticket string, m queue.Meta) (*queue.Counter, *queue.Ticket, error) {
	return s.counterOp(ctx, callScript, r, m, nil, ticket)
}

// ActOnCurrent applies recall, start, finish or no_show to the counter's current ticket.
func (s *Store) ActOnCurrent(ctx context.Context, r queue.CounterRef, action string, recallLimit int, m queue.Meta) (*queue.Counter, *queue.Ticket, error) {
	return s.counterOp(ctx, actOnCurrentScript, r, m, nil, action, recallLimit)
}

// Transfer puts the current ticket back to waiting in service's queue, or reserved for
// counter; keepPlace keeps its original place in the calling order.
func (s *Store) Transfer(ctx context.Context, r queue.CounterRef, service, counter string, keepPlace bool, m queue.Meta) (*queue.Counter, *queue.Ticket, error) {
	keep := "0"
	if keepPlace {
		keep = "1"
	}
	return s.counterOp(ctx, transferScript, r, m, []string{orderKey(r.Site)}, service, counter, keep)
}

// counterOp runs a script that acts on a counter (CounterCall) with its own keys and arguments.
func (s *Store) counterOp(ctx context.Context, script *luaScript, r queue.CounterRef, m queue.Meta, own []string, args ...any) (*queue.Counter, *queue.Ticket, error) {
	return s.counterRun(ctx, script, r, CounterCall(r, m, s.loc, s.ttl, own, args...))
}

// counterRun runs a call of a script that acts on the counter r.
func (s *Store) counterRun(ctx context.Context, script *luaScript, r queue.CounterRef, sc ScriptCall) (*queue.Counter, *queue.Ticket, error) {
	reply, err := runCall[counterReply](ctx, s, script, sc)
	if err != nil {
		return nil, nil, fmt.Errorf("%s at %s/%s: %w", script.name, r.Site, r.Counter, err)
	}
	c, t := s.counterAndTicket(reply, r.Counter)
	return c, t, nil
}

// Site reads the live state of a site atomically; counters and services are the ids the
// configuration names, day the local day.
func (s *Store) Site(ctx context.Context, site, day string, counters, services []string) (*queue.SiteState, error) {
	cs, counters := ids(counters)
	ss, services := ids(services)
	own := counterKeys(site, counters)
	for _, svc := range services {
		own = append(own, issuedKey(site, svc, day))
	}
	r, err := readScript[siteReply](ctx, s, siteScript, readCall(site, own, cs, ss))
	if err != nil {
		return nil, fmt.Errorf("read site %s: %w", site, err)
	}
	st := &queue.SiteState{LastID: r.LastID, Waiting: r.Waiting, AvgMin: r.AvgMinutes, Issued: r.Issued,
		Counters: make(map[string]*queue.Counter, len(counters))}
	if st.Waiting == nil {
		st.Waiting = map[string]int{}
	}
	if st.AvgMin == nil {
		st.AvgMin = map[string]float64{}
	}
	if st.Issued == nil {
		st.Issued = map[string]int{}
	}
	for _, id := range counters {
		c, _ := s.counterAndTicket(r.Counters[id], id)
		if c == nil {
			c = fields(nil).counter(id, s.loc)
		}
		st.Counters[id] = c
	}
	return st, nil
}
