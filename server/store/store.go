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
	// StreamMaxLen trims each site's stream to about this many events (default 100,000).
	StreamMaxLen int64
}

// Store is the Redis store of queues, counters, users, devices and events.
type Store struct {
	rdb    redis.UniversalClient
	loc    *time.Location
	ttl    time.Duration
	maxLen int64
}

// New returns a Store on a Redis client; loc is the time zone times are shown in.
func New(rdb redis.UniversalClient, loc *time.Location, opts Options) *Store {
	if opts.TicketTTL <= 0 {
		opts.TicketTTL = 35 * 24 * time.Hour
	}
	if opts.StreamMaxLen <= 0 {
		opts.StreamMaxLen = 100_000
	}
	return &Store{rdb: rdb, loc: loc, ttl: opts.TicketTTL, maxLen: opts.StreamMaxLen}
}

// Client returns the Redis client the store uses.
func (s *Store) Client() redis.UniversalClient { return s.rdb }

// NewClient opens a Redis client for a REDIS_URL (redis://, rediss:// or unix://) with short
// timeouts, so that a Redis that is down turns into 503 within seconds, not minutes.
func NewClient(url string) (*redis.Client, error) {
	opts, err := redis.ParseURL(url)
	if err != nil {
		return nil, fmt.Errorf("REDIS_URL: %w", err)
	}
	opts.DialTimeout = time.Second
	opts.ReadTimeout = 2 * time.Second
	opts.WriteTimeout = 2 * time.Second
	opts.PoolTimeout = 2 * time.Second
	opts.MaxRetries = 1
	opts.MinRetryBackoff = 50 * time.Millisecond
	opts.MaxRetryBackoff = 200 * time.Millisecond
	return redis.NewClient(opts), nil
}

// Ping checks that Redis answers.
func (s *Store) Ping(ctx context.Context) error {
	return wrap(s.rdb.Ping(ctx).Err())
}

// run calls a transition script of a site with the header of lua/lib.lua.
func (s *Store) run(ctx context.Context, script *luaScript, site string, m queue.Meta, args ...any) (any, error) {
	argv := append([]any{SitePrefix(site), m.Now.UnixMilli(), m.By, s.maxLen, int64(s.ttl / time.Second)}, args...)
	res, err := script.Run(ctx, s.rdb, []string{streamKey(site)}, argv...).Result()
	return res, wrap(err)
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
	if err == nil || errors.Is(err, redis.Nil) {
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
	for _, p := range []string{"LOADING", "MASTERDOWN", "CLUSTERDOWN", "TRYAGAIN", "READONLY", "BUSY"} {
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
