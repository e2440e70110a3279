package report

import (
	"context"
	"strings"
	"time"

	"luot/server/queue"
)

// Source is what reports read; the store is one.
type Source interface {
	// DayTickets lists the tickets a site issued on a local day (YYYYMMDD), in issue order.
	DayTickets(ctx context.Context, site, day string) ([]*queue.Ticket, error)
	// Histories reads the histories of tickets of a site.
	Histories(ctx context.Context, site string, ids []string) (map[string][]queue.HistoryEntry, error)
	// DayFigures reads the figures kept of a site's local day (YYYYMMDD) as events happen, with
	// the split of the given fields; complete is false when they do not cover the whole day.
	DayFigures(ctx context.Context, site, day string, fields []string) (f queue.Figures, complete bool, err error)
	// Aggregates reads fields of a site's rolled-up days (YYYYMMDD), nil for a day not rolled up.
	Aggregates(ctx context.Context, site string, days, fields []string) ([]map[string][]byte, error)
	// Users lists the accounts, for the officers' names.
	Users(ctx context.Context) ([]*queue.User, error)
}

// Collected is what Redis still holds of one site's local day: its tickets in issue order,
// their histories and their records.
type Collected struct {
	Tickets   []*queue.Ticket
	Histories map[string][]queue.HistoryEntry
	Records   []Record
}

// Collect reads one site's local day (YYYY-MM-DD) from the tickets in Redis.
func Collect(ctx context.Context, src Source, site, day string, loc *time.Location) (*Collected, error) {
	tickets, err := src.DayTickets(ctx, site, Compact(day))
	if err != nil {
		return nil, err
	}
	ids := make([]string, len(tickets))
	for i, t := range tickets {
		ids[i] = t.ID
	}
	hist, err := src.Histories(ctx, site, ids)
	if err != nil {
		return nil, err
	}
	c := &Collected{Tickets: tickets, Histories: hist, Records: make([]Record, len(tickets))}
	for i, t := range tickets {
		c.Records[i] = RecordOf(t, hist[t.ID], loc)
	}
	return c, nil
}

// Compact turns a date YYYY-MM-DD into the store's day YYYYMMDD.
func Compact(day string) string { return strings.ReplaceAll(day, "-", "") }
