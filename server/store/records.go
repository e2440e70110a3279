package store

import (
	"context"
	"fmt"
	"sort"

	"github.com/redis/go-redis/v9"

	"luot/server/queue"
)

// readRecord reads the record kept in the hash at key: from makes it of the hash's fields,
// nil when there is no such record. Errors name it by what ("user") and, when there is none
// (queue.ErrNotFound), by id.
func readRecord[T any](ctx context.Context, s *Store, key string, from func(fields) *T, what, id string) (*T, error) {
	f, err := s.rdb.HGetAll(ctx, key).Result()
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", what, wrap(err))
	}
	r := from(f)
	if r == nil {
		return nil, fmt.Errorf("%s %q: %w", what, id, queue.ErrNotFound)
	}
	return r, nil
}

// readRecords reads the records of ids, in their order, in one round trip: key(id) is the
// hash of one, from makes it of its fields, nil when there is no such record (one deleted
// since ids were read), which is left out. The list is empty, not nil, without records;
// list ("list users") names the read in an error.
func readRecords[T any](ctx context.Context, s *Store, ids []string, key func(string) string, from func(fields) *T, list string) ([]*T, error) {
	pipe := s.rdb.Pipeline()
	cmds := make([]*redis.MapStringStringCmd, len(ids))
	for i, id := range ids {
		cmds[i] = pipe.HGetAll(ctx, key(id))
	}
	if len(ids) > 0 {
		if _, err := pipe.Exec(ctx); err != nil {
			return nil, fmt.Errorf("%s: %w", list, wrap(err))
		}
	}
	out := make([]*T, 0, len(ids))
	for _, c := range cmds {
		if r := from(c.Val()); r != nil {
			out = append(out, r)
		}
	}
	return out, nil
}

// readSetRecords reads the records whose ids are the members of the set at setKey, by id
// (readRecords).
func readSetRecords[T any](ctx context.Context, s *Store, setKey string, key func(string) string, from func(fields) *T, list string) ([]*T, error) {
	ids, err := s.rdb.SMembers(ctx, setKey).Result()
	if err != nil {
		return nil, fmt.Errorf("%s: %w", list, wrap(err))
	}
	sort.Strings(ids)
	return readRecords(ctx, s, ids, key, from, list)
}
