package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"time"

	"luot/config"
	"luot/server/archive"
	"luot/server/queue"
	"luot/server/store"
)

// newRollupJob is the end-of-day job over a store, as serve runs it and `luot rollup` does.
func newRollupJob(settings config.Settings, org func() *config.Org, st *store.Store, clock queue.Clock, log *slog.Logger) *archive.Job {
	return &archive.Job{Store: st, Org: org, Clock: clock, Dir: settings.ArchiveDir,
		Lookback: int(settings.TicketTTL / (24 * time.Hour)), Log: log}
}

// rollupCommand closes past days by hand: `luot rollup [YYYY-MM-DD ...]` (default:
// yesterday) rolls each up into the reports' aggregates and writes its archive file.
func rollupCommand(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	settings, org, st, err := setup(getenv)
	if err != nil {
		return err
	}
	defer st.Client().Close()
	log := newLogger(settings, stderr)
	if err := checkSchema(ctx, st, log); err != nil {
		return err
	}
	job := newRollupJob(settings, func() *config.Org { return org }, st, queue.SystemClock{}, log)
	days := args
	if len(days) == 0 {
		days = []string{time.Now().In(org.Location).AddDate(0, 0, -1).Format(time.DateOnly)}
	}
	for _, day := range days {
		res, err := job.Rollup(ctx, day)
		if err != nil {
			return fmt.Errorf("%s: %w", day, err)
		}
		file := res.File
		if file == "" {
			file = "no archive written"
		}
		fmt.Fprintf(stdout, "%s: %d sites, %d tickets rolled up; %s\n", res.Day, res.Sites, res.Tickets, file)
	}
	return nil
}
