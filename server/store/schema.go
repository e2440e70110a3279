package store

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"strconv"
	"time"

	"luot/server/queue"
)

// schemaScript is lua/schema.lua: the version and a migration's lock and progress.
var schemaScript = mustScript("schema")

// The refusals of Migrate: the server must not start on such a store.
var (
	// ErrSchemaNewer: the store was written by a newer Lượt, whose key shapes this binary
	// does not know; running on it would corrupt it.
	ErrSchemaNewer = errors.New("the store's schema is newer than this binary")
	// ErrMigration: a migration step failed for another reason than Redis being unavailable.
	ErrMigration = errors.New("schema migration failed")
)

// Timing of a migration's lock: held while steps run, renewed as they go, free by itself
// after a crash so that the next start resumes.
const (
	schemaLockTTL   = 30 * time.Second
	schemaLockRenew = 10 * time.Second
	schemaLockWait  = 500 * time.Millisecond
)

// SchemaState is what luot:schema holds.
type SchemaState struct {
	// Version is the schema of the store, 0 when it has no version key (an empty Redis, or
	// a store of version 1, which had none).
	Version int
	// Step is the version a step that has not finished leads to (0: none), Cursor its
	// progress.
	Step   int
	Cursor string
}

// Schema reads the store's schema version and a pending step's progress.
func (s *Store) Schema(ctx context.Context) (SchemaState, error) {
	f, err := s.rdb.HGetAll(ctx, schemaKey).Result()
	if err != nil {
		return SchemaState{}, fmt.Errorf("read the schema version: %w", wrap(err))
	}
	var st SchemaState
	st.Version, _ = strconv.Atoi(f["version"])
	st.Step, _ = strconv.Atoi(f["step"])
	st.Cursor = f["cursor"]
	return st, nil
}

// Migrate brings the store to the schema this binary writes (SchemaVersion), running every
// step of Migrations from the store's version on, and returns the version found (0 for an
// empty Redis) and the version now. An empty Redis gets the current version; a store without
// a version key but with data is version 1. Of several instances starting at once, one
// migrates and the others wait for it. It refuses (ErrSchemaNewer) a store newer than the
// binary and stops on a failed step (ErrMigration); when Redis is unavailable it returns an
// error wrapping queue.ErrUnavailable, and the caller tries again.
func (s *Store) Migrate(ctx context.Context, clock queue.Clock, log *slog.Logger) (from, to int, err error) {
	return s.migrate(ctx, Migrations(), clock, log)
}

func (s *Store) migrate(ctx context.Context, steps []Migration, clock queue.Clock, log *slog.Logger) (from, to int, err error) {
	target := 1 + len(steps)
	for i, m := range steps {
		if m.To != i+2 || m.Run == nil {
			return 0, 0, fmt.Errorf("%w: step %d (%q) leads to version %d, want %d", ErrMigration, i, m.Name, m.To, i+2)
		}
	}
	owner := instanceID()
	for first := true; ; first = false {
		st, err := s.Schema(ctx)
		if err != nil {
			return from, 0, err
		}
		if first {
			from = st.Version
		}
		if st.Version == 0 {
			empty, err := s.empty(ctx)
			if err != nil {
				return from, 0, err
			}
			v := 1 // the shapes of the release before versions were recorded
			if empty {
				v = target
			}
			if _, err := s.schemaOp(ctx, clock, owner, "init", v); err != nil {
				return from, 0, err
			}
			continue
		}
		if st.Version > target {
			return from, st.Version, fmt.Errorf("%w: the store is at schema version %d, this binary writes version %d: "+
				"run the newer Lượt that wrote it, or restore a backup made for this version", ErrSchemaNewer, st.Version, target)
		}
		if st.Version == target {
			return from, target, nil
		}
		got, err := s.schemaOp(ctx, clock, owner, "lock")
		if err != nil {
			return from, 0, err
		}
		if got != 1 {
			log.Info("another instance is migrating the store; waiting", "version", st.Version, "target", target)
			select {
			case <-ctx.Done():
				return from, 0, ctx.Err()
			case <-time.After(schemaLockWait):
			}
			continue
		}
		if err := s.runSteps(ctx, steps, clock, owner, log); err != nil {
			return from, 0, err
		}
	}
}

// runSteps runs the pending steps while holding the lock, renewing it meanwhile.
func (s *Store) runSteps(ctx context.Context, steps []Migration, clock queue.Clock, owner string, log *slog.Logger) error {
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	defer s.schemaOp(context.WithoutCancel(ctx), clock, owner, "unlock")
	go func() {
		t := time.NewTicker(schemaLockRenew)
		defer t.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-t.C:
				if got, err := s.schemaOp(ctx, clock, owner, "lock"); err == nil && got != 1 {
					cancel(fmt.Errorf("%w: another instance took the migration's lock", ErrMigration))
					return
				}
			}
		}
	}()
	for {
		st, err := s.Schema(ctx)
		if err != nil {
			return err
		}
		if st.Version >= 1+len(steps) {
			return nil
		}
		m := steps[st.Version-1]
		cursor := ""
		if st.Step == m.To {
			cursor = st.Cursor
			log.Info("resuming a schema migration step", "to", m.To, "step", m.Name, "cursor", cursor)
		} else {
			log.Info("schema migration step", "from", st.Version, "to", m.To, "step", m.Name)
		}
		save := func(c string) error {
			got, err := s.schemaOp(ctx, clock, owner, "save", m.To, c)
			if err == nil && got != 1 {
				err = fmt.Errorf("%w: lost the migration's lock", ErrMigration)
			}
			return err
		}
		if err := save(cursor); err != nil {
			return err
		}
		if err := m.Run(ctx, s, cursor, save); err != nil {
			if cause := context.Cause(ctx); cause != nil && !errors.Is(cause, context.Canceled) {
				err = cause
			}
			if errors.Is(err, queue.ErrUnavailable) || errors.Is(err, ErrMigration) || ctx.Err() != nil {
				return fmt.Errorf("schema step to version %d (%s): %w", m.To, m.Name, err)
			}
			return fmt.Errorf("%w: step to version %d (%s): %v", ErrMigration, m.To, m.Name, err)
		}
		got, err := s.schemaOp(ctx, clock, owner, "done", m.To)
		if err != nil {
			return err
		}
		if got != 1 {
			return fmt.Errorf("%w: lost the migration's lock at the end of step %d", ErrMigration, m.To)
		}
		log.Info("schema migrated", "version", m.To, "step", m.Name)
	}
}

// schemaOp runs one operation of lua/schema.lua.
func (s *Store) schemaOp(ctx context.Context, clock queue.Clock, owner, op string, args ...any) (int, error) {
	argv := append([]any{op, owner, clock.Now().UnixMilli(), schemaLockTTL.Milliseconds()}, args...)
	res, err := schemaScript.Run(ctx, s.rdb, []string{schemaKey}, argv...).Result()
	if err != nil {
		return 0, fmt.Errorf("schema %s: %w", op, wrap(err))
	}
	switch v := res.(type) {
	case int64:
		return int(v), nil
	case string:
		n, err := strconv.Atoi(v)
		return n, err
	}
	return 0, fmt.Errorf("schema %s: unexpected result %v", op, res)
}

// empty reports whether Redis holds no key of Lượt at all but the schema key.
func (s *Store) empty(ctx context.Context) (bool, error) {
	found := false
	err := s.scanKeys(ctx, "luot:*", "", func(keys []string) error {
		for _, k := range keys {
			if k != schemaKey {
				found = true
				return errStopScan
			}
		}
		return nil
	})
	if err != nil {
		return false, fmt.Errorf("look for data: %w", err)
	}
	return !found, nil
}

// instanceID names this process in locks.
func instanceID() string {
	b := make([]byte, 8)
	rand.Read(b)
	return hex.EncodeToString(b)
}
