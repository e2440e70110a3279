package archive

import (
	"context"
	"errors"
	"time"

	"luot/server/queue"
	"luot/server/report"
)

// AfterMidnight is how long after local midnight the day before is rolled up, so that a
// ticket finished at 23:59:59 is in.
const AfterMidnight = 5 * time.Minute

// Run rolls up every past day not yet rolled up within the lookback (days missed while no
// server ran), then each day shortly after local midnight, until ctx ends. Every server
// instance may run it: the rollup lock lets one of them do each day.
func (j *Job) Run(ctx context.Context) {
	for {
		j.CatchUp(ctx)
		now := j.Clock.Now()
		wait := NextRun(now, j.Org().Location).Sub(now)
		select {
		case <-ctx.Done():
			return
		case <-time.After(wait):
		}
	}
}

// NextRun is the next time the job runs after now: AfterMidnight past the next local midnight.
func NextRun(now time.Time, loc *time.Location) time.Time {
	local := now.In(loc)
	run := time.Date(local.Year(), local.Month(), local.Day(), 0, 0, 0, 0, loc).Add(AfterMidnight)
	if !run.After(local) {
		run = time.Date(local.Year(), local.Month(), local.Day()+1, 0, 0, 0, 0, loc).Add(AfterMidnight)
	}
	return run
}

// CatchUp rolls up the past days of the lookback that were not rolled up yet, oldest first.
// It logs failures and goes on: the next run tries again.
func (j *Job) CatchUp(ctx context.Context) {
	lookback := j.Lookback
	if lookback <= 0 {
		lookback = 35
	}
	today := j.Clock.Now().In(j.Org().Location)
	for back := lookback; back >= 1 && ctx.Err() == nil; back-- {
		day := today.AddDate(0, 0, -back).Format(time.DateOnly)
		_, done, err := j.Store.RolledUp(ctx, report.Compact(day))
		if err != nil {
			j.log().Warn("rollup: cannot read its progress; retrying at the next run", "err", err)
			return
		}
		if done {
			continue
		}
		if _, err := j.Rollup(ctx, day); err != nil && !errors.Is(err, queue.ErrConflict) {
			j.log().Error("rollup failed; retrying at the next run", "day", day, "err", err)
			return
		}
	}
}
