// Package store keeps Lượt's live state and event log in Redis. Every queue transition is one
// Lua script (lua/*.lua) that changes the state and appends the event to the site's stream
// together, so no event is published for a change that did not happen, and none is missed.
package store

import (
	"context"
	"embed"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/redis/go-redis/v9"

	"luot/server/queue"
)

//go:embed lua/*.lua
var luaFiles embed.FS

// Options tune a Store; zero values take the defaults.
type Options struct {
	// TicketTTL is how long ticket records and histories stay in Redis (default 35 days).
	TicketTTL time.Duration
	// Replicas is how many replicas each acknowledged write waits for (LUOT_REDIS_REPLICAS,
	// client.go's runScript); 0 waits for none.
	Replicas int
}

// Store is the Redis store of queues, counters, users, devices and events.
type Store struct {
	rdb redis.UniversalClient
	loc *time.Location
	ttl time.Duration
	// replicas an acknowledged write waits for (Options.Replicas)
	replicas int
	// what tokens resolved to, while revocations are heard (tokencache.go)
	tokens *tokenCache
}

// New returns a Store on a Redis client; loc is the time zone times are shown in.
func New(rdb redis.UniversalClient, loc *time.Location, opts Options) *Store {
	if opts.TicketTTL <= 0 {
		opts.TicketTTL = 35 * 24 * time.Hour
	}
	return &Store{rdb: rdb, loc: loc, ttl: opts.TicketTTL, replicas: opts.Replicas, tokens: newTokenCache()}
}

// Client returns the Redis client the store uses.
func (s *Store) Client() redis.UniversalClient { return s.rdb }

// Ping checks that Redis answers.
func (s *Store) Ping(ctx context.Context) error {
	return wrap(s.rdb.Ping(ctx).Err())
}

// StreamMinID is where a site's stream is trimmed when an event is added at now: the start of
// the local day before yesterday, in Unix ms. A stream keeps two whole days and today — what
// a replay (since=) and the backup's consistent pass need — whatever the site's volume,
// instead of a count that is weeks at a commune point and hours at a busy centre.
func StreamMinID(now time.Time, loc *time.Location) int64 {
	y, m, d := now.In(loc).Date()
	return time.Date(y, m, d-2, 0, 0, 0, 0, loc).UnixMilli()
}

// scriptError is the domain error of a script's error_reply: a word of queue's vocabulary
// (a kind's code or a declared reason), optionally followed by the milliseconds after which
// trying again makes sense ("kiosk_rate 1234"). nil for any other reply.
func scriptError(msg string) error {
	word, wait, waits := strings.Cut(msg, " ")
	var err error
	if k := queue.KindByCode(word); k != nil {
		err = k
	} else if _, ok := queue.ReasonOf(word); ok {
		err = queue.Fail(word, "")
	} else {
		return nil
	}
	if waits {
		ms, perr := strconv.ParseInt(wait, 10, 64)
		if perr != nil {
			return nil
		}
		return queue.Later(err, time.Duration(max(ms, 1))*time.Millisecond)
	}
	return err
}

// wrap turns Redis errors into domain errors: a script's error code into its sentinel, and
// anything that is not an answer from Redis into ErrUnavailable.
func wrap(err error) error {
	if err == nil || errors.Is(err, redis.Nil) || errors.Is(err, ErrNotReplicated) {
		return err
	}
	var rerr redis.Error
	if errors.As(err, &rerr) {
		// Redis 7 prefixes a script's bare error_reply with "ERR "
		msg := strings.TrimPrefix(rerr.Error(), "ERR ")
		if mapped := scriptError(msg); mapped != nil {
			return mapped
		}
		if strings.HasPrefix(msg, "OOM ") {
			return fmt.Errorf("%w: %v", queue.ErrStoreFull, err)
		}
		if isUnavailableReply(rerr.Error()) {
			return fmt.Errorf("%w: %v", queue.ErrUnavailable, err)
		}
		return fmt.Errorf("redis: %w", err)
	}
	// not an answer from Redis: refused, timed out, closed — Redis is unavailable
	return fmt.Errorf("%w: %v", queue.ErrUnavailable, err)
}

func isUnavailableReply(msg string) bool {
	// a failover, a slot moving, a cluster or master not yet agreed on: 503, and over by itself
	for _, p := range []string{"LOADING", "MASTERDOWN", "CLUSTERDOWN", "TRYAGAIN", "READONLY", "BUSY",
		"MOVED ", "ASK ", "NOREPLICAS", "UNBLOCKED", "FAILOVER"} {
		if len(msg) >= len(p) && msg[:len(p)] == p {
			return true
		}
	}
	return false
}

// ms parses a Unix-millisecond field of a hash ("" → nil).
func ms(v string, loc *time.Location) *time.Time {
	if v == "" {
		return nil
	}
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil || n == 0 {
		return nil
	}
	t := time.UnixMilli(n).In(loc)
	return &t
}
