package store

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"luot/server/queue"
)

// The Go half of the contract with the scripts of a site (lua/base.lua's header): what each
// call passes — its KEYS, built by the key builders of keys*.go, and its ARGV — and the one
// struct its reply, a cjson-encoded object with named fields, decodes into. A script's own
// header (lua/<name>.lua) lists the same KEYS, ARGV and reply fields.

// ScriptCall is the KEYS and ARGV of one call of a store script, exactly as the Store sends
// them: the baselines (bench/bare, redis-benchmark's EVALSHA) call the very script the
// server runs with what the server would pass.
type ScriptCall struct {
	Keys []string
	Args []any
}

// siteKeys are the KEYS of a script of a site: base.lua's header (the stream, the waiting
// counts, the open counts, the service minutes, the channel moved), then the script's own.
func siteKeys(site string, own ...string) []string {
	keys := make([]string, 0, 5+len(own))
	keys = append(keys, streamKey(site), waitingKey(site), openKey(site), svcminKey(site), movedChannel(site))
	return append(keys, own...)
}

// ids joins a list of ids for a script (which splits it on commas), leaving out the empty
// ones, which a script's split would drop: the keys passed beside stay in step with it.
func ids(list []string) (joined string, kept []string) {
	kept = list
	for i, id := range list {
		if id == "" { // rare: copy the non-empty ones
			kept = append(list[:i:i], nonEmpty(list[i+1:])...)
			break
		}
	}
	return strings.Join(kept, ","), kept
}

func nonEmpty(list []string) []string {
	out := make([]string, 0, len(list))
	for _, id := range list {
		if id != "" {
			out = append(out, id)
		}
	}
	return out
}

// queueKeys are the queues of services then the reserved sets of counters, and the services
// joined for a script.
func queueKeys(site string, services, counters []string) (joined string, keys []string) {
	joined, services = ids(services)
	_, counters = ids(counters)
	keys = make([]string, 0, len(services)+len(counters))
	for _, svc := range services {
		keys = append(keys, queueKey(site, svc))
	}
	for _, c := range counters {
		keys = append(keys, reservedKey(site, c))
	}
	return joined, keys
}

// counterKeys are the keys of the counters of ids, in their order.
func counterKeys(site string, ids []string) []string {
	out := make([]string, len(ids))
	for i, id := range ids {
		out[i] = counterKey(site, id)
	}
	return out
}

// transitionCall is the call of a transition script of a site: the KEYS header of base.lua
// and the script's own keys, the ARGV header of lib.lua (prefix, now, who acts, the stream's
// MINID, the tickets' lifetime) and the script's own arguments.
func transitionCall(site string, m queue.Meta, loc *time.Location, ttl time.Duration, own []string, args ...any) ScriptCall {
	argv := make([]any, 0, 5+len(args))
	argv = append(argv, SitePrefix(site), m.Now.UnixMilli(), m.By, StreamMinID(m.Now, loc), int64(ttl/time.Second))
	return ScriptCall{Keys: siteKeys(site, own...), Args: append(argv, args...)}
}

// readCall is the call of a read or a booking script of a site: the KEYS header and the
// script's own keys; ARGV the prefix and the script's own arguments.
func readCall(site string, own []string, args ...any) ScriptCall {
	return ScriptCall{Keys: siteKeys(site, own...), Args: append([]any{SitePrefix(site)}, args...)}
}

// IssueCall is the call of issue.lua that issues ticket id; loc is where the store's days
// are, ttl how long its tickets live (Options.TicketTTL).
func IssueCall(a queue.IssueArgs, id string, m queue.Meta, loc *time.Location, ttl time.Duration) ScriptCall {
	counters, kept := ids(a.Counters)
	own := append([]string{
		idempotencyKey(a.Site, a.Caller, a.IdempotencyKey), kioskKey(a.Site, a.Kiosk),
		issuedKey(a.Site, a.Service, a.Day), seqKey(a.Site, a.Prefix, a.Day), orderKey(a.Site),
		dayKey(a.Site, a.Day), numberKey(a.Site, a.Day), apwaitKey(a.Site, a.Day), aprankKey(a.Site, a.Day),
	}, counterKeys(a.Site, kept)...)
	return transitionCall(a.Site, m, loc, ttl, own, id, a.Site, a.Service, a.Prefix, a.Priority, string(a.Channel),
		a.Day, a.Quota, idemSuffix(a.Caller, a.IdempotencyKey), counters, a.Kiosk, a.PerMinute, a.Hour)
}

// CounterCall is the call of a script that acts on a counter (next, call, act_on_current,
// transfer, open, pause_resume, close): KEYS[6] the counter's key, ARGV[6] its id and
// ARGV[7] its holder, then the script's own keys and arguments.
func CounterCall(r queue.CounterRef, m queue.Meta, loc *time.Location, ttl time.Duration, own []string, args ...any) ScriptCall {
	return transitionCall(r.Site, m, loc, ttl, append([]string{counterKey(r.Site, r.Counter)}, own...),
		append([]any{r.Counter, r.Holder}, args...)...)
}

// NextCall is the call of next.lua at a counter.
func NextCall(r queue.CounterRef, m queue.Meta, loc *time.Location, ttl time.Duration) ScriptCall {
	return CounterCall(r, m, loc, ttl, []string{reservedKey(r.Site, r.Counter)})
}

// OpenCall is the call of open.lua by which officer takes a counter serving services.
func OpenCall(site, counter, officer string, services []string, m queue.Meta, loc *time.Location, ttl time.Duration) ScriptCall {
	return CounterCall(queue.CounterRef{Site: site, Counter: counter, Holder: officer}, m, loc, ttl, nil,
		strings.Join(services, ","))
}

// transition is the call of a transition script of a site by this store.
func (s *Store) transition(site string, m queue.Meta, own []string, args ...any) ScriptCall {
	return transitionCall(site, m, s.loc, s.ttl, own, args...)
}

// runCall runs a call of a script that writes (with the replicas Options.Replicas asks for,
// client.go's runScript) and decodes its reply into T.
func runCall[T any](ctx context.Context, s *Store, script *luaScript, c ScriptCall) (T, error) {
	return cmdReply[T](script, s.runScript(ctx, script.Script, c.Keys, c.Args...))
}

// readScript runs a call of a read-only script and decodes its reply into T.
func readScript[T any](ctx context.Context, s *Store, script *luaScript, c ScriptCall) (T, error) {
	return cmdReply[T](script, script.Run(ctx, s.rdb, c.Keys, c.Args...))
}

// decodeReply decodes a script's reply, one cjson-encoded object, into T.
func decodeReply[T any](script *luaScript, res any) (T, error) {
	var r T
	js, ok := res.(string)
	if !ok {
		return r, fmt.Errorf("%s: unexpected script reply %T", script.name, res)
	}
	if err := json.Unmarshal([]byte(js), &r); err != nil {
		return r, fmt.Errorf("%s: decode script reply: %w", script.name, err)
	}
	return r, nil
}

// counterReply is the reply of the transitions on a counter (open, next, call,
// act_on_current, transfer, pause_resume, close: lib.lua's result) and on a ticket alone
// (rate, priority): the counter after the change, the ticket it concerns, each absent when
// none, and for close the officer who left the counter.
type counterReply struct {
	Counter fields `json:"counter"`
	Ticket  fields `json:"ticket"`
	Former  string `json:"former"`
}

// ticketViewReply is the reply of the scripts that give a citizen their ticket (issue,
// checkin, postpone: lib.lua's ticket_view; ticket.lua): the ticket, how many are ahead, the
// open counters serving its service, its average minutes ("" unknown); checkin adds the
// booking's id, ticket.lua the id of the last event the read reflects.
type ticketViewReply struct {
	Ticket       fields `json:"ticket"`
	Ahead        int    `json:"ahead"`
	OpenCounters int    `json:"open_counters"`
	AvgMinutes   string `json:"avg_minutes"`
	Booking      string `json:"booking"`
	At           string `json:"at"`
}

// cancelReply is cancel.lua's: how many this run cancelled, and whether more are left.
type cancelReply struct {
	Cancelled int  `json:"cancelled"`
	More      bool `json:"more"`
}

// rerankReply is rerank.lua's: how many appointments it placed.
type rerankReply struct {
	Placed int `json:"placed"`
}

// bookReply is book.lua's: the slot's places taken, the new one included.
type bookReply struct {
	Taken int `json:"taken"`
}

// unbookReply is unbook.lua's: the booking after the change.
type unbookReply struct {
	Booking fields `json:"booking"`
}

// missedReply is missed.lua's: whether it turned the booking into missed.
type missedReply struct {
	Changed bool `json:"changed"`
}

// siteReply is site.lua's: the site's live state and the last event it reflects; counters
// holds the counters that have a record, each with its current ticket.
type siteReply struct {
	LastID     string                  `json:"last_id"`
	Waiting    map[string]int          `json:"waiting"`
	AvgMinutes map[string]float64      `json:"avg_minutes"`
	Issued     map[string]int          `json:"issued"`
	Counters   map[string]counterReply `json:"counters"`
}

// oldestReply is oldest.lua's: when the longest-waiting tickets were issued, Unix ms (0 none).
type oldestReply struct {
	Site      int64            `json:"site"`
	ByService map[string]int64 `json:"by_service"`
}

// waitingReply is waiting.lua's: how many wait, the first in calling order, and the ids of
// the looked-up numbers that wait.
type waitingReply struct {
	Total int `json:"total"`
	First luaList[struct {
		ID     string `json:"id"`
		Number string `json:"number"`
	}] `json:"first"`
	Found luaList[string] `json:"found"`
}

// luaList is a list in a script's reply: cjson encodes an empty Lua table as {}, which is an
// empty list here.
type luaList[T any] []T

func (l *luaList[T]) UnmarshalJSON(b []byte) error {
	if bytes.Equal(bytes.TrimSpace(b), []byte("{}")) {
		*l = nil
		return nil
	}
	return json.Unmarshal(b, (*[]T)(l))
}
