// Package archive closes the day: it rolls each site's day up into the aggregates reports
// read once tickets have expired from Redis, and writes the day's tickets with their full
// histories to a JSON Lines gzip file, one per day, under the archive folder. It runs at the
// end of each local day, catches up on days missed while the server was down, and on demand
// (POST /api/v1/admin/rollup, `luot rollup`).
package archive

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"log/slog"
	"os"
	"reflect"
	"time"

	"luot/config"
	"luot/server/queue"
	"luot/server/report"
)

// Store is what the job needs of the store; *store.Store is one.
type Store interface {
	report.Source
	SaveAggregate(ctx context.Context, site, day string, fields map[string][]byte) error
	LockRollup(ctx context.Context, day, owner string, ttl time.Duration) (bool, error)
	UnlockRollup(ctx context.Context, day, owner string)
	MarkRolledUp(ctx context.Context, day string, at time.Time) error
	RolledUp(ctx context.Context, day string) (time.Time, bool, error)
}

// Job rolls days up.
type Job struct {
	Store Store
	Org   func() *config.Org
	Clock queue.Clock
	// Dir is the archive folder (LUOT_ARCHIVE_DIR).
	Dir string
	// Lookback is how many past days the catch-up looks at (the ticket TTL: older days have
	// no tickets left to roll up). Default 35.
	Lookback int
	Log      *slog.Logger
}

// Result tells what a rollup did.
type Result struct {
	Day     string `json:"day"`
	Sites   int    `json:"sites"`
	Tickets int    `json:"tickets"`
	// File is the archive written, "" when the day had no tickets.
	File string `json:"file,omitempty"`
	// Kept lists the sites whose stored aggregate was kept because Redis now holds fewer of
	// their tickets than it covers (records expiring).
	Kept []string `json:"kept,omitempty"`
}

// lockTTL bounds a rollup; a crashed instance's lock frees itself after it.
const lockTTL = 10 * time.Minute

// Rollup closes a local day (YYYY-MM-DD) that is over: for every site with tickets, its
// aggregate replaces the stored one (unless Redis holds fewer of its tickets than the stored
// one covers), and the archive file of the day is written. Running it again is harmless.
func (j *Job) Rollup(ctx context.Context, day string) (Result, error) {
	org := j.Org()
	d, err := time.ParseInLocation(time.DateOnly, day, org.Location)
	if err != nil {
		return Result{}, queue.Fail("bad_date", "day: want a date YYYY-MM-DD")
	}
	today := j.Clock.Now().In(org.Location).Format(time.DateOnly)
	if d.Format(time.DateOnly) >= today {
		return Result{}, queue.Fail("day_open", "only a day that is over can be rolled up")
	}
	owner := token()
	ok, err := j.Store.LockRollup(ctx, report.Compact(day), owner, lockTTL)
	if err != nil {
		return Result{}, err
	}
	if !ok {
		return Result{}, queue.Fail("rollup_running", "another rollup of this day is running")
	}
	defer j.Store.UnlockRollup(context.WithoutCancel(ctx), report.Compact(day), owner)

	res := Result{Day: day}
	var entries []Entry
	for _, site := range org.Sites {
		c, err := report.Collect(ctx, j.Store, site.ID, day, org.Location)
		if err != nil {
			return res, fmt.Errorf("rollup %s %s: %w", site.ID, day, err)
		}
		if len(c.Tickets) == 0 {
			continue
		}
		d := report.DayOf(c.Records)
		j.check(ctx, site.ID, day, d)
		kept, err := j.save(ctx, site.ID, day, d)
		if err != nil {
			return res, err
		}
		if kept {
			res.Kept = append(res.Kept, site.ID)
		}
		res.Sites++
		res.Tickets += len(c.Tickets)
		for _, t := range c.Tickets {
			entries = append(entries, Entry{Site: site.ID, Day: day, Ticket: t, History: c.Histories[t.ID]})
		}
	}
	if len(entries) > 0 && len(res.Kept) == 0 {
		res.File = Path(j.Dir, day)
		if err := writeFile(res.File, entries, j.Clock.Now()); err != nil {
			return res, err
		}
	}
	if err := j.Store.MarkRolledUp(ctx, report.Compact(day), j.Clock.Now()); err != nil {
		return res, err
	}
	j.log().Info("day rolled up", "day", day, "sites", res.Sites, "tickets", res.Tickets, "file", res.File, "kept", res.Kept)
	return res, nil
}

// save stores a site's day unless the stored aggregate covers more tickets (kept = true).
func (j *Job) save(ctx context.Context, site, day string, d *report.Day) (kept bool, err error) {
	stored, err := j.Store.Aggregates(ctx, site, []string{report.Compact(day)}, []string{report.FieldTotal})
	if err != nil {
		return false, err
	}
	if len(stored) == 1 && stored[0] != nil {
		old, err := report.DecodeDay(stored[0])
		if err == nil && old.Total.Issued > d.Total.Issued {
			return true, nil
		}
	}
	fields, err := d.Encode()
	if err != nil {
		return false, err
	}
	return false, j.Store.SaveAggregate(ctx, site, report.Compact(day), fields)
}

// check compares the figures kept during a day as events happened with those of its
// tickets, which must be equal (report/doc.go): a difference is a defect, logged; the
// tickets' figures are the ones saved.
func (j *Job) check(ctx context.Context, site, day string, d *report.Day) {
	f, complete, err := j.Store.DayFigures(ctx, site, report.Compact(day), report.Fields)
	if err != nil || !complete {
		return
	}
	kept, err := report.DayOfFigures(f)
	if err != nil {
		j.log().Error("rollup: the figures kept during the day do not read", "site", site, "day", day, "err", err)
		return
	}
	// the figures kept as events happen have no split by channel (reports by channel read
	// the tickets): compare the rest
	tickets := *d
	tickets.Channel = kept.Channel
	if reflect.DeepEqual(kept, &tickets) || kept.Total.Issued != d.Total.Issued {
		return // equal, or some tickets expired already: nothing to compare
	}
	j.log().Error("rollup: the figures kept during the day differ from its tickets; the tickets' are saved",
		"site", site, "day", day, "kept", kept.Total, "tickets", d.Total)
}

func (j *Job) log() *slog.Logger {
	if j.Log == nil {
		return slog.New(slog.NewTextHandler(os.Stderr, nil))
	}
	return j.Log
}

// token names this rollup in its lock.
func token() string {
	b := make([]byte, 8)
	rand.Read(b)
	return hex.EncodeToString(b)
}
