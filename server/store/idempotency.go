package store

import (
	"context"
	"errors"
	"fmt"

	"github.com/redis/go-redis/v9"
)

// IdempotentTicket returns the id of the ticket a caller's idempotency key created at a
// site, if it did within the last 24 hours.
func (s *Store) IdempotentTicket(ctx context.Context, site, caller, key string) (string, bool, error) {
	id, err := s.rdb.Get(ctx, idempotencyKey(site, caller, key)).Result()
	if errors.Is(err, redis.Nil) {
		return "", false, nil
	}
	if err != nil {
		return "", false, fmt.Errorf("read idempotency key: %w", wrap(err))
	}
	return id, true, nil
}
