package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"time"

	"luot/config"
	"luot/server/queue"
	"luot/server/ready"
	"luot/server/store"
)

// startSteps are the start-up steps of a server with these settings, in order.
func startSteps(s config.Settings) []string {
	steps := []string{ready.Schema, ready.Scripts}
	if s.AdminPassword != "" {
		steps = append(steps, ready.Admin)
	}
	return append(steps, ready.Feed)
}

// startup runs a server's start-up steps in order once it listens, marking each done in
// steps; /readyz says ready once the live feed (started last) reads its streams.
type startup struct {
	st    *store.Store
	steps *ready.Steps
	clock queue.Clock
	log   *slog.Logger
	// adminPassword is LUOT_ADMIN_PASSWORD ("": no admin step).
	adminPassword string
	// afterSchema starts what needs a store in the current shape (the live feed, the
	// end-of-day job).
	afterSchema func()
}

// run runs the steps, each again while Redis is unavailable; it returns an error only when
// the store must not be served (its schema is newer than this binary, or a migration step
// failed), or when ctx ends.
func (u startup) run(ctx context.Context) error {
	err := retry(ctx, u.log, "check the store's schema", func(ctx context.Context) error {
		from, to, err := u.st.Migrate(ctx, u.clock, u.log)
		if err == nil {
			u.log.Info("store schema", "found", from, "version", to)
		}
		return err
	}, store.ErrSchemaNewer, store.ErrMigration)
	if err != nil {
		return err
	}
	u.steps.Done(ready.Schema)
	if err := retry(ctx, u.log, "load the Lua scripts", u.st.LoadScripts); err != nil {
		return err
	}
	u.steps.Done(ready.Scripts)
	u.afterSchema()
	if u.adminPassword != "" {
		err := retry(ctx, u.log, "set the admin account", func(ctx context.Context) error {
			return setUser(ctx, u.st, store.User{Username: "admin", FullName: "Quản trị hệ thống", Role: queue.RoleAdmin, Sites: []string{}}, u.adminPassword)
		})
		if err != nil {
			return err
		}
		u.log.Info("admin account ready", "username", "admin")
		u.steps.Done(ready.Admin)
	}
	return nil
}

// retry runs fn until it succeeds, waiting longer after each failure (up to 5 s), until ctx
// ends; an error wrapping one of fatal ends it at once.
func retry(ctx context.Context, log *slog.Logger, what string, fn func(context.Context) error, fatal ...error) error {
	wait := 100 * time.Millisecond
	for {
		err := fn(ctx)
		if err == nil {
			return nil
		}
		for _, f := range fatal {
			if errors.Is(err, f) {
				return err
			}
		}
		if ctx.Err() != nil {
			return ctx.Err()
		}
		log.Warn("start-up: cannot "+what+" yet; retrying", "err", err, "in", wait)
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(wait):
		}
		wait = min(2*wait, 5*time.Second)
	}
}

// toolSetup is setup for a tool that writes to the store (user, rollup, loadgen
// -national-setup) with the store's schema checked (checkSchema). The caller closes the
// store's client.
func toolSetup(ctx context.Context, getenv func(string) string, stderr io.Writer) (config.Settings, *config.Org, *store.Store, error) {
	settings, org, st, err := setup(getenv)
	if err != nil {
		return settings, nil, nil, err
	}
	if err := checkSchema(ctx, st, newLogger(settings, stderr)); err != nil {
		st.Client().Close()
		return settings, nil, nil, err
	}
	return settings, org, st, nil
}

// checkSchema is the schema check of the tools that write to the store (user, demo, rollup):
// they migrate an older store like the server, and refuse a newer one.
func checkSchema(ctx context.Context, st *store.Store, log *slog.Logger) error {
	if _, _, err := st.Migrate(ctx, queue.SystemClock{}, log); err != nil {
		return fmt.Errorf("store schema: %w", err)
	}
	return nil
}
