package report

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"luot/server/queue"
)

// The figures the store keeps of each day as events happen (store/lua/figures.lua) are, per
// dimension of the reports but the total, fields "<key>|<figure>" → count: the key is a
// row's key, the figure one of Agg's counts, "wh:<minutes>" for the wait histogram and
// "r:<level>" for the ratings. The total is the sum of the hours (a ticket has one hour of
// issue), and an aggregate's Waited the sum of its histogram. They count each ticket as
// RecordOf does, so a day read from them equals DayOf of its tickets' records.

// DayOfFigures decodes the figures kept of a day. Keys whose tickets moved elsewhere (left
// at zero) are dropped, as DayOf would never have made them.
func DayOfFigures(f queue.Figures) (*Day, error) {
	d := NewDay()
	for dim, fields := range f {
		m := d.split(dim) // the store's dimensions are named as the fields of a day
		if m == nil {
			continue // the total, which follows from the hours, or a dimension of a later version
		}
		for field, raw := range fields {
			cut := strings.LastIndexByte(field, '|')
			if cut < 0 {
				return nil, fmt.Errorf("figures %s: bad field %q", dim, field)
			}
			n, err := strconv.ParseInt(raw, 10, 64)
			if err != nil {
				return nil, fmt.Errorf("figures %s %q: bad count %q", dim, field, raw)
			}
			if n == 0 {
				continue
			}
			key, figure := field[:cut], field[cut+1:]
			a := m[key]
			if a == nil {
				a = &Agg{}
				m[key] = a
			}
			if err := a.set(figure, n); err != nil {
				return nil, fmt.Errorf("figures %s %q: %w", dim, field, err)
			}
		}
		for k, a := range m {
			if a.Issued == 0 {
				delete(m, k)
				continue
			}
			for _, c := range a.WaitHist {
				a.Waited += c
			}
		}
	}
	for _, a := range d.Hour {
		d.Total.Merge(a)
	}
	return d, nil
}

// set sets one stored figure of an aggregate; a figure it does not know (of a later version)
// is left out.
func (a *Agg) set(figure string, n int64) error {
	switch figure {
	case "issued":
		a.Issued = int(n)
	case "served":
		a.Served = int(n)
	case "no_show":
		a.NoShow = int(n)
	case "cancelled":
		a.Cancelled = int(n)
	case "wait_ms":
		a.WaitMs = n
	case "timed":
		a.Timed = int(n)
	case "service_ms":
		a.ServiceMs = n
	default:
		if m, ok := strings.CutPrefix(figure, "wh:"); ok {
			minutes, err := strconv.Atoi(m)
			if err != nil || minutes < 0 {
				return fmt.Errorf("bad wait minutes %q", m)
			}
			if a.WaitHist == nil {
				a.WaitHist = map[int]int{}
			}
			a.WaitHist[minutes] = int(n)
		} else if level, ok := strings.CutPrefix(figure, "r:"); ok {
			if a.Ratings == nil {
				a.Ratings = map[string]int{}
			}
			a.Ratings[level] = int(n)
		}
	}
	return nil
}

// LiveDay reads a site's local day (YYYY-MM-DD) whose tickets Redis still holds, with the
// split of the given fields (FieldService, …; the total is always read): from the figures the
// store keeps as events happen, at a cost that does not grow with the day's tickets, or, for a
// day they do not cover whole (tickets issued before they were kept), from its tickets.
func (b *Builder) LiveDay(ctx context.Context, site, day string, fields []string) (*Day, error) {
	f, complete, err := b.Source.DayFigures(ctx, site, Compact(day), fields)
	if err != nil {
		return nil, err
	}
	// the figures kept as events happen have no channel: a report by channel reads the tickets
	if complete && !slices.Contains(fields, FieldChannel) {
		return DayOfFigures(f)
	}
	c, err := Collect(ctx, b.Source, site, day, b.Org().Location)
	if err != nil {
		return nil, err
	}
	return DayOf(c.Records), nil
}
