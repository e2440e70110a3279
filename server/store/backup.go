package store

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"sync"

	"github.com/redis/go-redis/v9"
)

// KeyDump is one key of a backup: its value as Redis's DUMP serialises it (type, encoding
// and a checksum; RESTORE reads it back on the same or a newer Redis) and when it expires.
type KeyDump struct {
	Key string
	// Value is nil for a key that is gone: a restore deletes it (a later record of a key
	// replaces an earlier one).
	Value []byte
	// ExpireAt is when the key expires, Unix milliseconds; 0 for never.
	ExpireAt int64
}

// SnapshotOptions tune Snapshot; the zero value is right for a backup.
type SnapshotOptions struct {
	// AfterScan, if set, runs between the scan of every key and the consistent pass: the
	// tests make changes there, as a working server does during a backup.
	AfterScan func()
}

// SnapshotStats tell what a snapshot read.
type SnapshotStats struct {
	Keys    int      // records written (a key re-read in the consistent pass counts twice)
	Sites   []string // the sites with an event stream, sorted: MarkRestored marks them
	Settled int      // sites re-read in the consistent pass (those that changed during the scan)
}

// Snapshot reads every key a backup keeps (keys_backup.go) and hands each to emit, while
// the server runs, as a state each site had at one instant:
//
//  1. it notes every site stream's last event id;
//  2. it scans every luot: key and dumps it with its expiry (emit gets each at once);
//  3. for each site whose stream moved meanwhile, it re-reads in one script (settle.lua:
//     atomic, the site's keys share a Cluster slot) every key of the site but the tickets'
//     records and histories, plus every key the events since step 1 name (eventKeyShapes).
//
// Every change of a site is one script that also appends its event, and a ticket's record
// and history change only with an event naming the ticket: so a ticket no event names kept
// the value step 2 read, and the site's keys as emitted last are the site at the instant of
// that script. Users, devices and other keys of no site are read once, each as it was
// when read (a user created during the backup may be missing). The order of emit matters:
// a later record of a key replaces an earlier one.
func (s *Store) Snapshot(ctx context.Context, emit func(KeyDump) error, opts SnapshotOptions) (SnapshotStats, error) {
	var stats SnapshotStats
	tails, err := s.streamTails(ctx)
	if err != nil {
		return stats, err
	}
	var mu sync.Mutex // a cluster's masters are scanned concurrently
	live := map[string]map[string]bool{}
	err = s.scanKeys(ctx, "luot:*", "", func(keys []string) error {
		kept := keys[:0:0]
		for _, k := range keys {
			if !leftOutOfBackup(k) {
				kept = append(kept, k)
			}
		}
		dumps, err := s.dumpKeys(ctx, s.rdb.Pipeline(), kept)
		if err != nil {
			return err
		}
		mu.Lock()
		defer mu.Unlock()
		for _, d := range dumps {
			if d.Value == nil {
				continue // gone between the scan and the dump
			}
			if site, rest, ok := siteOfKey(d.Key); ok && !ticketRecord(rest) {
				if live[site] == nil {
					live[site] = map[string]bool{}
				}
				live[site][d.Key] = true
			}
			if err := emit(d); err != nil {
				return err
			}
			stats.Keys++
		}
		return nil
	})
	if err != nil {
		return stats, fmt.Errorf("backup scan: %w", err)
	}
	if opts.AfterScan != nil {
		opts.AfterScan()
	}
	for site := range tails {
		stats.Sites = append(stats.Sites, site)
	}
	sort.Strings(stats.Sites)
	for _, site := range stats.Sites {
		n, err := s.settleSite(ctx, site, tails[site], live[site], emit)
		if err != nil {
			return stats, err
		}
		if n > 0 {
			stats.Settled++
		}
		stats.Keys += n
	}
	return stats, nil
}

// streamTails reads the last id of every site's event stream.
func (s *Store) streamTails(ctx context.Context) (map[string]string, error) {
	var mu sync.Mutex
	tails := map[string]string{}
	err := s.scanKeys(ctx, "luot:{*}:events", "stream", func(keys []string) error {
		for _, k := range keys {
			site, rest, ok := siteOfKey(k)
			if !ok || rest != "events" {
				continue
			}
			last, err := s.lastID(ctx, s.rdb, site)
			if err != nil {
				return err
			}
			mu.Lock()
			tails[site] = last
			mu.Unlock()
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("backup: read the streams: %w", err)
	}
	return tails, nil
}

// lastID is the id of the last event ever added to a site's stream ("0-0" for none).
func (s *Store) lastID(ctx context.Context, c redis.Cmdable, site string) (string, error) {
	info, err := c.XInfoStream(ctx, streamKey(site)).Result()
	if err != nil {
		return "", fmt.Errorf("stream of %s: %w", site, wrap(err))
	}
	return info.LastGeneratedID, nil
}

// settleSite is step 3 of Snapshot for one site: from the stream's last id at the start,
// it re-reads the site's keys and those the events since name, in one script (settle.lua):
// the site at one instant, however busy it is.
func (s *Store) settleSite(ctx context.Context, site, from string, live map[string]bool, emit func(KeyDump) error) (n int, err error) {
	last, err := s.lastID(ctx, s.rdb, site)
	if err != nil {
		return 0, err
	}
	if last == from {
		return 0, nil // no change of the site since before the scan: what it read is the site
	}
	keys := map[string]bool{}
	for k := range live {
		keys[k] = true
	}
	for _, k := range siteFixedKeys(site) {
		keys[k] = true
	}
	list := make([]string, 0, len(keys))
	for k := range keys {
		list = append(list, k)
	}
	sort.Strings(list)
	args := []any{from, len(eventKeyShapes)}
	for _, sh := range eventKeyShapes {
		args = append(args, sh)
	}
	// a flat reply, not a cjson object: the dumps are binary (settle.lua)
	c := readCall(site, list, args...)
	res, err := settleScript.Run(ctx, s.rdb, c.Keys, c.Args...).Slice()
	if err != nil {
		return 0, fmt.Errorf("backup: %s: %w", site, wrap(err))
	}
	for i := 1; i+2 < len(res); i += 3 {
		d := KeyDump{Key: fmt.Sprint(res[i])}
		if v, ok := res[i+1].(string); ok {
			d.Value = []byte(v)
		}
		if at, ok := res[i+2].(int64); ok && at > 0 {
			d.ExpireAt = at
		}
		if err := emit(d); err != nil {
			return n, err
		}
		n++
	}
	return n, nil
}

// dumpKeys DUMPs keys with their expiry through pipe (a pipeline, or a MULTI for an atomic
// read) and runs it; a key that does not exist gets a nil Value.
func (s *Store) dumpKeys(ctx context.Context, pipe redis.Pipeliner, keys []string) ([]KeyDump, error) {
	dumps := make([]*redis.StringCmd, len(keys))
	expiries := make([]*redis.DurationCmd, len(keys))
	for i, k := range keys {
		dumps[i] = pipe.Dump(ctx, k)
		expiries[i] = pipe.PExpireTime(ctx, k)
	}
	if _, err := pipe.Exec(ctx); err != nil && !errors.Is(err, redis.Nil) {
		return nil, wrap(err)
	}
	out := make([]KeyDump, len(keys))
	for i, k := range keys {
		out[i].Key = k
		v, err := dumps[i].Result()
		if errors.Is(err, redis.Nil) {
			continue
		}
		if err != nil {
			return nil, fmt.Errorf("dump %s: %w", k, wrap(err))
		}
		out[i].Value = []byte(v)
		// PEXPIRETIME answers -1 for no expiry, which go-redis keeps as -1 (not ms)
		if at := expiries[i].Val(); at > 0 {
			out[i].ExpireAt = at.Milliseconds()
		}
	}
	return out, nil
}
