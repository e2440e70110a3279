package queue

import (
	"context"
	"fmt"
	"time"

	"luot/config"
)

// Slot is a bookable period of a day with its places.
type Slot struct {
	Start    string `json:"start"`
	End      string `json:"end"`
	Capacity int    `json:"capacity"`
	Left     int    `json:"left"`
	startMin int
}

// SlotDay is the slots of one day.
type SlotDay struct {
	Date  string `json:"date"`
	Slots []Slot `json:"slots"`
}

// SlotDays answers GET …/slots.
type SlotDays struct {
	Site    string    `json:"site"`
	Service string    `json:"service"`
	Days    []SlotDay `json:"days"`
	// Rules are what the citizen's page tells (an added field).
	Rules SlotRules `json:"rules"`
}

// SlotRules are the rules of a service's bookings that the citizen is told.
type SlotRules struct {
	CheckinEarlyMin int      `json:"checkin_early_min"`
	GraceMin        int      `json:"grace_min"`
	OnlineHours     []string `json:"online_hours"`
	OnlineNow       bool     `json:"online_now"`
}

func clock(m int) string { return fmt.Sprintf("%02d:%02d", m/60, m%60) }

// daySlots returns the slots of a date: whole slots within the opening sessions, none on a
// holiday or closed day, and today only those not started at now.
func daySlots(site *config.Site, r config.Booking, date time.Time, now time.Time) []Slot {
	var out []Slot
	for _, ses := range site.HoursOn(date.Weekday()) {
		for m := ses.From - ses.From%r.SlotMinutes; m+r.SlotMinutes <= ses.To; m += r.SlotMinutes {
			if m < ses.From {
				continue
			}
			start := date.Add(time.Duration(m) * time.Minute)
			if !site.OpenAt(start) || !start.After(now) {
				continue
			}
			out = append(out, Slot{Start: clock(m), End: clock(m + r.SlotMinutes), Capacity: r.SlotCapacity, startMin: m})
		}
	}
	return out
}

// horizon returns the first and last bookable local dates (midnights): today, and
// horizon_days after it.
func horizon(site *config.Site, r config.Booking, now time.Time) (time.Time, time.Time) {
	l := now.In(site.Location())
	today := time.Date(l.Year(), l.Month(), l.Day(), 0, 0, 0, 0, site.Location())
	return today, today.AddDate(0, 0, r.HorizonDays)
}

// parseDate reads a local date YYYY-MM-DD at the site.
func parseDate(site *config.Site, s string) (time.Time, error) {
	d, err := time.ParseInLocation(time.DateOnly, s, site.Location())
	if err != nil {
		return time.Time{}, Fail("bad_date", "want YYYY-MM-DD")
	}
	return d, nil
}

// Slots lists the slots of a service at a site from one date to another (both optional: the
// whole horizon), only days within the booking horizon and opening hours, each slot with its
// places left.
func (b *Bookings) Slots(ctx context.Context, siteID, service, from, to string) (*SlotDays, error) {
	site, _, err := b.siteService(siteID, service)
	if err != nil {
		return nil, err
	}
	r := site.BookingFor(service)
	now := b.e.clock.Now()
	first, last := horizon(site, r, now)
	if from != "" {
		d, err := parseDate(site, from)
		if err != nil {
			return nil, err
		}
		first = maxTime(first, d)
	}
	if to != "" {
		d, err := parseDate(site, to)
		if err != nil {
			return nil, err
		}
		last = minTime(last, d)
	}
	local := now.In(site.Location())
	out := &SlotDays{Site: siteID, Service: service, Days: []SlotDay{}, Rules: SlotRules{CheckinEarlyMin: r.CheckinEarlyMin,
		GraceMin: r.GraceMin, OnlineHours: []string{},
		OnlineNow: r.OnlineAt(local.Hour()*60+local.Minute()) && (b.e.opts.AlwaysOpen || site.OpenAt(now))}}
	for _, s := range r.OnlineHours {
		out.Rules.OnlineHours = append(out.Rules.OnlineHours, s.String())
	}
	if r.SlotCapacity == 0 {
		return out, nil
	}
	for d := first; !d.After(last); d = d.AddDate(0, 0, 1) {
		slots := daySlots(site, r, d, now)
		if len(slots) == 0 {
			continue
		}
		starts := make([]string, len(slots))
		for i, s := range slots {
			starts[i] = s.Start
		}
		taken, err := b.st.SlotsTaken(ctx, siteID, service, d.Format(time.DateOnly), starts)
		if err != nil {
			return nil, err
		}
		for i := range slots {
			slots[i].Left = max(0, slots[i].Capacity-taken[i])
		}
		out.Days = append(out.Days, SlotDay{Date: d.Format(time.DateOnly), Slots: slots})
	}
	return out, nil
}

func maxTime(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

func minTime(a, b time.Time) time.Time {
	if a.Before(b) {
		return a
	}
	return b
}
