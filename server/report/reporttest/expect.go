package reporttest

import (
	"context"
	"fmt"
	"testing"

	"luot/server/report"
)

// Figures are the numbers of a row the scripted day must give.
type Figures struct {
	Issued, Served, NoShow, Cancelled, Waited int
	WaitAvg, WaitP90, ServiceAvg              float64
	VerySatisfied, Satisfied, Dissatisfied    int
	Rated                                     int
	SatisfactionPct                           float64
}

// Of reads the figures of a row.
func Of(r report.Row) Figures {
	return Figures{
		Issued: r.Issued, Served: r.Served, NoShow: r.NoShow, Cancelled: r.Cancelled, Waited: r.Waited,
		WaitAvg: r.WaitAvgMin, WaitP90: r.WaitP90Min, ServiceAvg: r.ServiceAvgMin,
		VerySatisfied: r.Ratings["very_satisfied"], Satisfied: r.Ratings["satisfied"], Dissatisfied: r.Ratings["dissatisfied"],
		Rated: r.Rated, SatisfactionPct: r.SatisfactionPct,
	}
}

// Case is one report of the scripted day and the rows it must have, in order, then its total.
type Case struct {
	Site, By string
	Rows     []string  // keys, in order
	Want     []Figures // one per row
	Total    Figures
}

// Province is the whole day: waits 45.5 (centre) + 26 (point) = 71.5 over 8; in whole
// minutes 4 4 4 6 10 11 15 18, whose 90th percentile is the 8th; services 41 + 16 = 57 over 7;
// ratings 2 very satisfied, 2 satisfied, 1 dissatisfied.
var Province = Figures{Issued: 9, Served: 7, NoShow: 1, Waited: 8, WaitAvg: 8.9, WaitP90: 18, ServiceAvg: 8.1, VerySatisfied: 2, Satisfied: 2, Dissatisfied: 1, Rated: 5, SatisfactionPct: 80}

// CentreDay is the centre's day: waits 18 4 6 10 4 3.5 = 45.5 over 6 (the 90th percentile is
// the 6th of 4 4 4 6 10 18); services 10 10 8 6 7 = 41 over 5; 2 very satisfied, 1 satisfied,
// 1 dissatisfied.
var CentreDay = Figures{Issued: 7, Served: 5, NoShow: 1, Waited: 6, WaitAvg: 7.6, WaitP90: 18, ServiceAvg: 8.2, VerySatisfied: 2, Satisfied: 1, Dissatisfied: 1, Rated: 4, SatisfactionPct: 75}

// PointDay is the point's day: p1 waited 11 and was served in 4, p2 waited 15, was served in
// 12 and was satisfied.
var PointDay = Figures{Issued: 2, Served: 2, Waited: 2, WaitAvg: 13, WaitP90: 15, ServiceAvg: 8, Satisfied: 1, Rated: 1, SatisfactionPct: 100}

// the counters and officers of the centre: q1 (o1) handled t3 t1 t4 t5, waits 4 18 6 4 and
// services 10 10 6; q3 (o3) handled t2 t7, waits 10 3.5 and services 8 7
var (
	q1Day = Figures{Issued: 4, Served: 3, NoShow: 1, Waited: 4, WaitAvg: 8, WaitP90: 18, ServiceAvg: 8.7, VerySatisfied: 2, Dissatisfied: 1, Rated: 3, SatisfactionPct: 66.7}
	q3Day = Figures{Issued: 2, Served: 2, Waited: 2, WaitAvg: 6.8, WaitP90: 10, ServiceAvg: 7.5, Satisfied: 1, Rated: 1, SatisfactionPct: 100}
)

// Cases are the reports of the scripted day, worked out by hand from Scripted's table.
// Waits in whole minutes rounded up for the percentile: t7's 3.5 counts as 4. The centre's
// reports are the centre's alone; the province's cover both sites.
var Cases = []Case{
	{Site: "centre", By: report.ByService, Rows: []string{"dat-dai", "ho-tich", "doanh-nghiep"},
		Want: []Figures{
			// t1 no-show 18; t3 4/10 very; t4 6/10 dissatisfied
			{Issued: 3, Served: 2, NoShow: 1, Waited: 3, WaitAvg: 9.3, WaitP90: 18, ServiceAvg: 10, VerySatisfied: 1, Dissatisfied: 1, Rated: 2, SatisfactionPct: 50},
			// t2 10/8 satisfied; t5 4/6 very (issued for ho-tich); t7 3.5/7
			{Issued: 3, Served: 3, Waited: 3, WaitAvg: 5.8, WaitP90: 10, ServiceAvg: 7, VerySatisfied: 1, Satisfied: 1, Rated: 2, SatisfactionPct: 100},
			// t6 never called
			{Issued: 1},
		},
		Total: CentreDay,
	},
	{Site: "centre", By: report.ByCounter, Rows: []string{"q1", "q3", ""}, Want: []Figures{q1Day, q3Day, {Issued: 1}}, Total: CentreDay},
	{Site: "centre", By: report.ByHour, Rows: []string{"09", "10", "14"},
		Want: []Figures{
			// t1 t2 t3: waits 18 10 4, services 8 10
			{Issued: 3, Served: 2, NoShow: 1, Waited: 3, WaitAvg: 10.7, WaitP90: 18, ServiceAvg: 9, VerySatisfied: 1, Satisfied: 1, Rated: 2, SatisfactionPct: 100},
			// t4 t5 t6: waits 6 4, services 10 6
			{Issued: 3, Served: 2, Waited: 2, WaitAvg: 5, WaitP90: 6, ServiceAvg: 8, VerySatisfied: 1, Dissatisfied: 1, Rated: 2, SatisfactionPct: 50},
			// t7: 3.5 → 4 whole minutes
			{Issued: 1, Served: 1, Waited: 1, WaitAvg: 3.5, WaitP90: 4, ServiceAvg: 7},
		},
		Total: CentreDay,
	},
	{Site: "point", By: report.ByOfficer, Rows: []string{"op"}, Want: []Figures{PointDay}, Total: PointDay},
	{Site: "point", By: report.ByCounter, Rows: []string{"p1"}, Want: []Figures{PointDay}, Total: PointDay},
	// the whole province: by site, by service (t5 counts for ho-tich, where it was issued),
	// by counter (keys carry their site), by officer, by day
	{Site: "", By: report.BySite, Rows: []string{"centre", "point"}, Want: []Figures{CentreDay, PointDay}, Total: Province},
	{Site: "", By: report.ByService, Rows: []string{"dat-dai", "ho-tich", "doanh-nghiep"},
		Want: []Figures{
			// t1 t3 t4 and p2 15/12 satisfied
			{Issued: 4, Served: 3, NoShow: 1, Waited: 4, WaitAvg: 10.8, WaitP90: 18, ServiceAvg: 10.7, VerySatisfied: 1, Satisfied: 1, Dissatisfied: 1, Rated: 3, SatisfactionPct: 66.7},
			// t2 t5 t7 and p1 11/4
			{Issued: 4, Served: 4, Waited: 4, WaitAvg: 7.1, WaitP90: 11, ServiceAvg: 6.3, VerySatisfied: 1, Satisfied: 1, Rated: 2, SatisfactionPct: 100},
			{Issued: 1},
		},
		Total: Province,
	},
	{Site: "", By: report.ByCounter, Rows: []string{"centre/q1", "centre/q3", "point/p1", ""}, Want: []Figures{q1Day, q3Day, PointDay, {Issued: 1}}, Total: Province},
	{Site: "", By: report.ByOfficer, Rows: []string{"o1", "o3", "op", ""}, Want: []Figures{q1Day, q3Day, PointDay, {Issued: 1}}, Total: Province},
	{Site: "", By: report.ByDay, Rows: []string{Day}, Want: []Figures{Province}, Total: Province},
}

// Check builds every case with b over the scripted day (and the days around it, which are
// empty) and asserts every figure; it returns the reports, for comparing live and rolled up.
func Check(t testing.TB, b *report.Builder) []*report.Report {
	t.Helper()
	var out []*report.Report
	for _, c := range Cases {
		name := fmt.Sprintf("site=%q by=%s", c.Site, c.By)
		from, _ := report.ParseQuery(c.Site, "2026-11-20", "2026-11-24", c.By, "", b.Now())
		r, err := b.Build(context.Background(), from)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if len(r.Rows) != len(c.Rows) {
			t.Errorf("%s: got %d rows %v, want %v", name, len(r.Rows), keys(r.Rows), c.Rows)
			continue
		}
		for i, row := range r.Rows {
			if row.Key != c.Rows[i] {
				t.Errorf("%s: row %d: got key %q, want %q", name, i, row.Key, c.Rows[i])
			}
			if got := Of(row); got != c.Want[i] {
				t.Errorf("%s: row %q:\n got %+v\nwant %+v", name, row.Key, got, c.Want[i])
			}
		}
		if got := Of(r.Total); got != c.Total {
			t.Errorf("%s: total:\n got %+v\nwant %+v", name, got, c.Total)
		}
		out = append(out, r)
	}
	return out
}

func keys(rows []report.Row) []string {
	out := make([]string, len(rows))
	for i, r := range rows {
		out[i] = r.Key
	}
	return out
}
