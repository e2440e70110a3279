package api

import (
	"context"

	"luot/server/report"
)

// appointmentFigures counts the bookings of a report's sites and days by what became of them
// (report.Appointments; Booked 0 when there were none: bookings live retention_days after
// their day, so a report further back has none). One read of a day's bookings per site and day.
func (a *adminArea) appointmentFigures(ctx context.Context, q report.Query) (*report.Appointments, error) {
	org := a.Engine.Org()
	var ids []string
	if q.Site == "" {
		for _, s := range org.Sites {
			ids = append(ids, s.ID)
		}
	} else {
		for _, s := range report.Scope(org, q.Site) {
			ids = append(ids, s.ID)
		}
	}
	out := &report.Appointments{}
	for _, site := range ids {
		for _, day := range q.Days() {
			list, err := a.Store.DayBookings(ctx, site, day)
			if err != nil {
				return nil, err
			}
			for _, b := range list {
				out.Count(b.Status)
			}
		}
	}
	return out, nil
}
