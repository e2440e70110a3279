package report

import (
	"context"
	"fmt"
	"strconv"

	"luot/server/queue"
)

// BookingSource reads a site's bookings of a day (the store's).
type BookingSource interface {
	DayBookings(ctx context.Context, site, date string) ([]*queue.Booking, error)
}

// BuildWithAppointments is Build's report of q with the appointments' figures of its sites
// and days when there were bookings (one read of a day's bookings per site and day; none
// without a BookingSource).
func (b *Builder) BuildWithAppointments(ctx context.Context, q Query) (*Report, error) {
	r, err := b.Build(ctx, q)
	if err != nil || b.Bookings == nil {
		return r, err
	}
	a, err := b.appointments(ctx, q)
	if err != nil {
		return nil, err
	}
	if a.Booked > 0 {
		r.Appointments = a
	}
	return r, nil
}

// appointments counts the bookings of q's sites and days by what became of them (Booked 0
// when there were none: bookings live retention_days after their day, so a report further
// back has none).
func (b *Builder) appointments(ctx context.Context, q Query) (*Appointments, error) {
	org := b.Org()
	var ids []string
	if q.Site == "" {
		for _, s := range org.Sites {
			ids = append(ids, s.ID)
		}
	} else {
		for _, s := range Scope(org, q.Site) {
			ids = append(ids, s.ID)
		}
	}
	out := &Appointments{}
	for _, site := range ids {
		for _, day := range q.Days() {
			list, err := b.Bookings.DayBookings(ctx, site, day)
			if err != nil {
				return nil, err
			}
			for _, bk := range list {
				out.Count(bk.Status)
			}
		}
	}
	return out, nil
}

// Appointments are the bookings of a report's sites and period by what became of them, and
// the appointments' no-show rate: of the appointments due (checked in or missed), the share
// nobody came to. Bookings are kept retention_days after their day, so a report further back
// has none (Appointments is then absent).
type Appointments struct {
	Booked    int `json:"booked"` // all made for the period, whatever became of them
	CheckedIn int `json:"checked_in"`
	Missed    int `json:"missed"`
	Cancelled int `json:"cancelled"`
	// NoShowPct is Missed of CheckedIn + Missed, in percent; null while none was due.
	NoShowPct *float64 `json:"no_show_pct"`
}

// Count counts one booking of a status (booked, checked_in, missed, cancelled).
func (a *Appointments) Count(status string) {
	a.Booked++
	switch status {
	case "checked_in":
		a.CheckedIn++
	case "missed":
		a.Missed++
	case "cancelled":
		a.Cancelled++
	}
	if due := a.CheckedIn + a.Missed; due > 0 {
		pct := float64(a.Missed) * 100 / float64(due)
		a.NoShowPct = &pct
	}
}

// cells is the appointments' line of the CSV: its label, then booked, checked in, missed,
// cancelled and the no-show rate, padded to the table's width.
func (l labels) appointmentCells(a *Appointments, width int) []string {
	rate := none
	if a.NoShowPct != nil {
		rate = num(*a.NoShowPct)
	}
	c := []string{"appointments", l.apptLine, strconv.Itoa(a.Booked), strconv.Itoa(a.CheckedIn), strconv.Itoa(a.Missed),
		strconv.Itoa(a.Cancelled), rate}
	for len(c) < width {
		c = append(c, "")
	}
	return c
}

// appointmentText is the appointments in one sentence, for the PDF and the workbook.
func (l labels) appointmentText(a *Appointments) string {
	rate := none
	if a.NoShowPct != nil {
		rate = num(*a.NoShowPct) + " %"
	}
	return fmt.Sprintf(l.apptFmt, a.Booked, a.CheckedIn, a.Missed, a.Cancelled, rate)
}
