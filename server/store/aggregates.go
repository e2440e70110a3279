package store

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/redis/go-redis/v9"

	"luot/server/queue"
)

// SaveAggregate replaces a site's aggregate of a local day (YYYYMMDD) with fields, each an
// opaque value the report package encodes. Aggregates do not expire: they are what reports
// read once the day's tickets are gone.
func (s *Store) SaveAggregate(ctx context.Context, site, day string, fields map[string][]byte) error {
	if len(fields) == 0 {
		return nil
	}
	args := make([]any, 0, 2*len(fields))
	for f, v := range fields {
		args = append(args, f, v)
	}
	pipe := s.rdb.TxPipeline()
	pipe.Del(ctx, aggKey(site, day))
	pipe.HSet(ctx, aggKey(site, day), args...)
	if _, err := pipe.Exec(ctx); err != nil {
		return fmt.Errorf("save aggregate %s %s: %w", site, day, wrap(err))
	}
	return nil
}

// Aggregates reads the given fields of a site's aggregates of several local days in one
// round trip; the answer has one entry per day, nil where the day was never rolled up.
func (s *Store) Aggregates(ctx context.Context, site string, days, fields []string) ([]map[string][]byte, error) {
	pipe := s.rdb.Pipeline()
	cmds := make([]*redis.SliceCmd, len(days))
	for i, d := range days {
		cmds[i] = pipe.HMGet(ctx, aggKey(site, d), fields...)
	}
	if len(days) > 0 {
		if _, err := pipe.Exec(ctx); err != nil && !errors.Is(err, redis.Nil) {
			return nil, fmt.Errorf("read aggregates of %s: %w", site, wrap(err))
		}
	}
	out := make([]map[string][]byte, len(days))
	for i, c := range cmds {
		var m map[string][]byte
		for j, v := range c.Val() {
			str, ok := v.(string)
			if !ok {
				continue
			}
			if m == nil {
				m = map[string][]byte{}
			}
			m[fields[j]] = []byte(str)
		}
		out[i] = m
	}
	return out, nil
}

// Histories reads the histories of several tickets of a site in one round trip, oldest
// event first; a ticket whose history expired gets none.
func (s *Store) Histories(ctx context.Context, site string, ids []string) (map[string][]queue.HistoryEntry, error) {
	out := make(map[string][]queue.HistoryEntry, len(ids))
	if len(ids) == 0 {
		return out, nil
	}
	pipe := s.rdb.Pipeline()
	cmds := make([]*redis.StringSliceCmd, len(ids))
	for i, id := range ids {
		cmds[i] = pipe.LRange(ctx, historyKey(site, id), 0, -1)
	}
	if _, err := pipe.Exec(ctx); err != nil && !errors.Is(err, redis.Nil) {
		return nil, fmt.Errorf("read histories of %s: %w", site, wrap(err))
	}
	for i, c := range cmds {
		h, err := s.history(ids[i], c.Val())
		if err != nil {
			return nil, err
		}
		out[ids[i]] = h
	}
	return out, nil
}

// LockRollup takes the lock of rolling up a local day for ttl, so that of several server
// instances only one does it; false when another holds it.
func (s *Store) LockRollup(ctx context.Context, day, owner string, ttl time.Duration) (bool, error) {
	ok, err := s.rdb.SetNX(ctx, rollupLockKey(day), owner, ttl).Result()
	if err != nil {
		return false, fmt.Errorf("lock rollup %s: %w", day, wrap(err))
	}
	return ok, nil
}

// UnlockRollup gives the lock back if owner still holds it.
func (s *Store) UnlockRollup(ctx context.Context, day, owner string) {
	releaseScript.Run(ctx, s.rdb, []string{rollupLockKey(day)}, owner)
}

// MarkRolledUp records that a local day was rolled up at a time.
func (s *Store) MarkRolledUp(ctx context.Context, day string, at time.Time) error {
	if err := s.rdb.HSet(ctx, rollupDoneKey, day, at.UnixMilli()).Err(); err != nil {
		return fmt.Errorf("mark rollup %s: %w", day, wrap(err))
	}
	return nil
}

// RolledUp reports whether a local day was rolled up, and when.
func (s *Store) RolledUp(ctx context.Context, day string) (time.Time, bool, error) {
	v, err := s.rdb.HGet(ctx, rollupDoneKey, day).Result()
	if errors.Is(err, redis.Nil) {
		return time.Time{}, false, nil
	}
	if err != nil {
		return time.Time{}, false, fmt.Errorf("read rollup %s: %w", day, wrap(err))
	}
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil {
		return time.Time{}, false, fmt.Errorf("read rollup %s: bad time %q", day, v)
	}
	return time.UnixMilli(n).In(s.loc), true, nil
}
