package report

import (
	"context"
	"math"
)

// OfficerDay is an officer's figures of one local day at one site, as the counter
// workstation shows them ("your day"): the officer's row of the day's report by officer —
// the same definitions, from the same figures — with the mean times also in seconds.
type OfficerDay struct {
	Officer string `json:"officer"`
	Site    string `json:"site"`
	Day     string `json:"day"` // YYYY-MM-DD, local
	// Called counts the tickets the officer last handled (the row's issued): a ticket
	// transferred away is no longer theirs, one transferred to them and called is.
	Called int `json:"called"`
	// ServiceAvgSec and WaitAvgSec are the row's mean service time and wait, in seconds.
	ServiceAvgSec int `json:"service_avg_sec"`
	WaitAvgSec    int `json:"wait_avg_sec"`
	Row
}

// OfficerDay reads an officer's figures of a site's local day (YYYY-MM-DD) whose tickets
// Redis still holds (LiveDay); an officer who handled nothing there gets zeros.
func (b *Builder) OfficerDay(ctx context.Context, site, day, officer string) (*OfficerDay, error) {
	d, err := b.LiveDay(ctx, site, day, []string{FieldOfficer})
	if err != nil {
		return nil, err
	}
	a := d.Officer[officer]
	if a == nil {
		a = &Agg{}
	}
	return &OfficerDay{
		Officer: officer, Site: site, Day: day, Called: a.Issued,
		ServiceAvgSec: int(math.Round(a.ServiceAvgMs() / 1000)), WaitAvgSec: int(math.Round(a.WaitAvgMs() / 1000)),
		Row: RowOf(officer, a, b.Org().Rating),
	}, nil
}
