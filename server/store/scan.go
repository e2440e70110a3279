package store

import (
	"context"
	"errors"

	"github.com/redis/go-redis/v9"
)

// errStopScan ends a scan early without an error.
var errStopScan = errors.New("stop scan")

// scanKeys walks every key matching pattern (and of type typ, unless "") with SCAN (never
// KEYS: Redis keeps serving between batches), on every master of a cluster, handing each
// batch to fn — on a cluster, the batches of several masters concurrently. A key that exists
// during the whole walk is seen at least once; one created or deleted meanwhile may or may
// not be. fn returning errStopScan ends the walk without an error.
func (s *Store) scanKeys(ctx context.Context, pattern, typ string, fn func(keys []string) error) error {
	walk := func(ctx context.Context, c redis.Cmdable) error {
		var cursor uint64
		for {
			keys, next, err := c.ScanType(ctx, cursor, pattern, 1000, typ).Result()
			if err != nil {
				return wrap(err)
			}
			if len(keys) > 0 {
				if err := fn(keys); err != nil {
					return err
				}
			}
			if next == 0 {
				return nil
			}
			cursor = next
		}
	}
	var err error
	if cc, ok := s.rdb.(*redis.ClusterClient); ok {
		err = cc.ForEachMaster(ctx, func(ctx context.Context, c *redis.Client) error { return walk(ctx, c) })
	} else {
		err = walk(ctx, s.rdb)
	}
	if errors.Is(err, errStopScan) {
		return nil
	}
	return err
}
