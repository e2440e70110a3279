package store

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/redis/go-redis/v9"
)

// migrateV2TokenSlots is the step to schema version 2: login sessions and device tokens move
// from the one slot {auth} (luot:{auth}:session:<hash>, luot:{auth}:devtoken:<hash>) to their
// token's group (luot:{auth:<tag>}:…, keys.go), value and expiry kept, so that everybody stays
// signed in and every paired device keeps working through the upgrade. Users, devices and
// pairing codes stay in {auth}.
//
// It walks the {auth} keys with SCAN on the node of that slot, and for each batch copies
// every old key (DUMP, RESTORE … REPLACE with its absolute expiry) before deleting it, then
// saves the SCAN cursor. Run again from a saved cursor it repeats at most one batch: a key
// already moved is gone (nothing to copy), a key copied but not deleted is copied again, the
// same. A key that expired meanwhile is only deleted.
func migrateV2TokenSlots(ctx context.Context, s *Store, cursor string, save func(string) error) error {
	node, err := s.authNode(ctx)
	if err != nil {
		return err
	}
	cur, _ := strconv.ParseUint(cursor, 10, 64)
	for {
		keys, next, err := node.Scan(ctx, cur, authPrefix+"*", 1000).Result()
		if err != nil {
			return wrap(err)
		}
		if err := s.moveTokenKeys(ctx, node, keys); err != nil {
			return err
		}
		if next == 0 {
			return nil
		}
		cur = next
		if err := save(strconv.FormatUint(cur, 10)); err != nil {
			return err
		}
	}
}

// authNode is the client of the node that holds the {auth} slot (the only one outside a
// cluster).
func (s *Store) authNode(ctx context.Context) (redis.Cmdable, error) {
	cc, ok := s.rdb.(*redis.ClusterClient)
	if !ok {
		return s.rdb, nil
	}
	node, err := cc.MasterForKey(ctx, usersKey)
	if err != nil {
		return nil, fmt.Errorf("the node of {auth}: %w", wrap(err))
	}
	return node, nil
}

// moveTokenKeys moves the old-shaped session and device-token keys among keys (of {auth},
// read through node) to their new keys.
func (s *Store) moveTokenKeys(ctx context.Context, node redis.Cmdable, keys []string) error {
	var old, moved []string
	for _, k := range keys {
		if nk := newTokenKey(k); nk != "" {
			old, moved = append(old, k), append(moved, nk)
		}
	}
	if len(old) == 0 {
		return nil
	}
	dumps, err := s.dumpKeys(ctx, node.Pipeline(), old)
	if err != nil {
		return fmt.Errorf("read the old token keys: %w", err)
	}
	now := time.Now().UnixMilli()
	pipe := s.rdb.Pipeline() // a cluster sends each key to its own slot
	for i, d := range dumps {
		if d.Value == nil || (d.ExpireAt != 0 && d.ExpireAt <= now) {
			continue // gone, or expiring now: nothing to keep
		}
		args := []any{"RESTORE", moved[i], d.ExpireAt, d.Value, "REPLACE"}
		if d.ExpireAt != 0 {
			args = append(args, "ABSTTL")
		}
		pipe.Do(ctx, args...)
	}
	if pipe.Len() > 0 {
		if _, err := pipe.Exec(ctx); err != nil {
			return fmt.Errorf("write the new token keys: %w", wrap(err))
		}
	}
	del := node.Pipeline()
	for _, k := range old {
		del.Del(ctx, k) // one key a command: all of {auth} anyway
	}
	if _, err := del.Exec(ctx); err != nil {
		return fmt.Errorf("delete the old token keys: %w", wrap(err))
	}
	return nil
}

// newTokenKey is the key of schema version 2 of an old session or device-token key, or "".
func newTokenKey(key string) string {
	if h, ok := strings.CutPrefix(key, legacySessionKey("")); ok && h != "" {
		return sessionKey(h)
	}
	if h, ok := strings.CutPrefix(key, legacyDeviceTokenKey("")); ok && h != "" {
		return deviceTokenKey(h)
	}
	return ""
}
