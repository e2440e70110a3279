package store

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/redis/go-redis/v9"
)

// restoreBatch is how many keys one round trip of a restore writes.
const restoreBatch = 500

// HasData reports whether Redis holds any key of Lượt but the schema version (which a server
// started on an empty Redis writes).
func (s *Store) HasData(ctx context.Context) (bool, error) {
	empty, err := s.empty(ctx)
	return !empty, err
}

// DeleteAll deletes every luot: key, for a forced restore; it returns how many, and how many
// revocations it published: every token, user and device it deletes is revoked
// (revocationOf), so that running instances stop accepting what they had cached of them.
func (s *Store) DeleteAll(ctx context.Context) (deleted, revoked int, err error) {
	var mu sync.Mutex // a cluster's masters are scanned concurrently
	err = s.scanKeys(ctx, "luot:*", "", func(keys []string) error {
		pipe := s.rdb.Pipeline()
		for _, k := range keys {
			pipe.Unlink(ctx, k) // one key a command: a cluster routes each to its slot
		}
		if _, err := pipe.Exec(ctx); err != nil {
			return wrap(err)
		}
		n, err := s.publishRevocations(ctx, keys)
		mu.Lock()
		defer mu.Unlock()
		deleted += len(keys)
		revoked += n
		return err
	})
	if err != nil {
		return deleted, revoked, fmt.Errorf("delete the keys: %w", err)
	}
	return deleted, revoked, nil
}

// publishRevocations publishes the revocation of each key of keys that is a token's, a
// user's or a device's, in one pipeline, and forgets them here; it returns how many.
func (s *Store) publishRevocations(ctx context.Context, keys []string) (int, error) {
	pipe := s.rdb.Pipeline()
	for _, k := range keys {
		if what := revocationOf(k); what != "" {
			s.tokens.forget(what)
			pipe.SPublish(ctx, revokedChannel, what)
		}
	}
	n := pipe.Len()
	if n == 0 {
		return 0, nil
	}
	if _, err := pipe.Exec(ctx); err != nil {
		return 0, fmt.Errorf("publish revocations: %w", wrap(err))
	}
	return n, nil
}

// Restorer writes the records of a snapshot back, in order, batched.
type Restorer struct {
	s       *Store
	now     time.Time
	pending []KeyDump
	// Restored counts the keys written, Expired those whose time had passed (skipped),
	// Deleted the records of keys gone at the snapshot, Revoked the revocations published
	// for the tokens, users and devices among them (running instances forget what they
	// cached of those).
	Restored, Expired, Deleted, Revoked int
}

// NewRestorer starts a restore at now (keys that expired before now are not written).
func (s *Store) NewRestorer(now time.Time) *Restorer {
	return &Restorer{s: s, now: now}
}

// Add queues a record; every restoreBatch records are written.
func (r *Restorer) Add(ctx context.Context, d KeyDump) error {
	r.pending = append(r.pending, d)
	if len(r.pending) >= restoreBatch {
		return r.Flush(ctx)
	}
	return nil
}

// Flush writes the queued records: RESTORE … REPLACE with the absolute expiry, DEL for a
// record of a key that was gone; then publishes the revocation of every token, user and
// device it wrote or deleted.
func (r *Restorer) Flush(ctx context.Context) error {
	if len(r.pending) == 0 {
		return nil
	}
	pipe := r.s.rdb.Pipeline()
	cmds := make([]redis.Cmder, 0, len(r.pending))
	for _, d := range r.pending {
		switch {
		case d.Value == nil:
			cmds = append(cmds, pipe.Del(ctx, d.Key))
			r.Deleted++
		case d.ExpireAt != 0 && d.ExpireAt <= r.now.UnixMilli():
			cmds = append(cmds, pipe.Del(ctx, d.Key)) // an earlier record may have written it
			r.Expired++
		default:
			args := []any{"RESTORE", d.Key, d.ExpireAt, d.Value, "REPLACE"}
			if d.ExpireAt != 0 {
				args = append(args, "ABSTTL")
			}
			cmds = append(cmds, pipe.Do(ctx, args...))
			r.Restored++
		}
	}
	_, err := pipe.Exec(ctx)
	for i, c := range cmds {
		if c.Err() != nil {
			return fmt.Errorf("restore %s: %w", r.pending[i].Key, wrap(c.Err()))
		}
	}
	if err != nil {
		return fmt.Errorf("restore: %w", wrap(err))
	}
	keys := make([]string, len(r.pending))
	for i, d := range r.pending {
		keys[i] = d.Key
	}
	r.pending = r.pending[:0]
	n, err := r.s.publishRevocations(ctx, keys)
	r.Revoked += n
	return err
}

// AfterRestore finishes a restore: it rebuilds the officers' counter locks from the
// counters (MarkRestored does the streams).
func (s *Store) AfterRestore(ctx context.Context, sites []string) error {
	var mu sync.Mutex
	holders := map[string]string{}
	err := s.scanKeys(ctx, "luot:{*}:c:*", "hash", func(keys []string) error {
		pipe := s.rdb.Pipeline()
		cmds := make([]*redis.StringCmd, len(keys))
		for i, k := range keys {
			cmds[i] = pipe.HGet(ctx, k, "officer")
		}
		if _, err := pipe.Exec(ctx); err != nil && !errors.Is(err, redis.Nil) {
			return wrap(err)
		}
		mu.Lock()
		defer mu.Unlock()
		for i, k := range keys {
			site, rest, ok := siteOfKey(k)
			if officer := cmds[i].Val(); ok && officer != "" {
				holders[officer] = site + "/" + strings.TrimPrefix(rest, "c:")
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("rebuild the officers' locks: %w", err)
	}
	for officer, counter := range holders {
		if err := s.rdb.Set(ctx, officerKey(officer), counter, 0).Err(); err != nil {
			return fmt.Errorf("rebuild the officers' locks: %w", wrap(err))
		}
	}
	return s.MarkRestored(ctx, sites)
}

// MarkRestored marks the event stream of each site as trimmed past every event before now:
// the events a display saw before the restore are not in the restored store, so a client
// that reconnects with since= from before takes a fresh snapshot (Replay's check) instead
// of replaying onto a state that no longer holds.
func (s *Store) MarkRestored(ctx context.Context, sites []string) error {
	for _, site := range sites {
		key := streamKey(site)
		// an entry trimmed at once: the stream exists, empty, with a last id of now
		id, err := s.rdb.Do(ctx, "XADD", key, "MAXLEN", "0", "*", "type", "restored").Text()
		if err != nil {
			return fmt.Errorf("mark the stream of %s: %w", site, wrap(err))
		}
		if err := s.rdb.Do(ctx, "XSETID", key, id, "MAXDELETEDID", id).Err(); err != nil {
			return fmt.Errorf("mark the stream of %s: %w", site, wrap(err))
		}
	}
	return nil
}

// RedisVersion is the version of the Redis server (of one node of a cluster).
func (s *Store) RedisVersion(ctx context.Context) (string, error) {
	info, err := s.rdb.Info(ctx, "server").Result()
	if err != nil {
		return "", fmt.Errorf("redis version: %w", wrap(err))
	}
	for _, line := range strings.Split(info, "\n") {
		if v, ok := strings.CutPrefix(strings.TrimSpace(line), "redis_version:"); ok {
			return v, nil
		}
	}
	return "", nil
}
