package report_test

import (
	"context"
	"strings"
	"testing"

	"luot/server/internal/testenv"
	"luot/server/report"
	"luot/server/report/reporttest"
)

// TestScriptedDayLive checks every figure of the scripted day, read live from the tickets.
func TestScriptedDayLive(t *testing.T) {
	env := testenv.New(t)
	reporttest.Scripted(t, env)
	b := &report.Builder{Source: env.Store, Org: env.Engine.Org, Now: env.Clock.Now}
	reports := reporttest.Check(t, b)

	r := reports[0] // the centre by service
	wantHours := map[int]int{9: 3, 10: 3, 14: 1}
	if r.Arrivals[0].Hour != 7 || r.Arrivals[len(r.Arrivals)-1].Hour != 16 {
		t.Errorf("arrivals: got hours %d..%d, want 7..16", r.Arrivals[0].Hour, r.Arrivals[len(r.Arrivals)-1].Hour)
	}
	for _, h := range r.Arrivals {
		if h.Issued != wantHours[h.Hour] {
			t.Errorf("arrivals at %02d: got %d, want %d", h.Hour, h.Issued, wantHours[h.Hour])
		}
	}
	// waits in whole minutes rounded up: 18 4 6 10 4 4 → ≤5: 3, 6–10: 2, 16–20: 1
	wantWaits := []int{3, 2, 0, 1, 0, 0, 0, 0}
	for i, b := range r.Waits {
		if b.Tickets != wantWaits[i] {
			t.Errorf("wait bucket %d–%d: got %d, want %d", b.FromMin, b.ToMin, b.Tickets, wantWaits[i])
		}
	}
	if r.Rows[0].Name != "Đất đai" || r.Rows[0].NameEn != "Land" {
		t.Errorf("service name: got %q / %q", r.Rows[0].Name, r.Rows[0].NameEn)
	}
	if r.SiteName != "Trung tâm Thử Nghiệm" || r.Province == "" || r.From != "2026-11-20" || r.To != "2026-11-24" {
		t.Errorf("header: got %q %q %s..%s", r.SiteName, r.Province, r.From, r.To)
	}
	if len(r.Levels) != 3 || r.Levels[0].Name != "Rất hài lòng" {
		t.Errorf("levels: got %+v", r.Levels)
	}
}

// TestBranchScope: a branch's report covers the points under it; the centre's is the
// centre's alone; a point's is its own.
func TestBranchScope(t *testing.T) {
	env := testenv.NewWith(t, reporttest.BranchOrg(t))
	reporttest.Scripted(t, env)
	b := &report.Builder{Source: env.Store, Org: env.Engine.Org, Now: env.Clock.Now}
	for _, tc := range []struct {
		site  string
		rows  []string
		total reporttest.Figures
	}{
		{"branch", []string{"branch", "point"}, reporttest.PointDay},
		{"centre", []string{"centre"}, reporttest.CentreDay},
		{"point", []string{"point"}, reporttest.PointDay},
		{"", []string{"centre", "point", "branch"}, reporttest.Province},
	} {
		q, err := report.ParseQuery(tc.site, reporttest.Day, reporttest.Day, report.BySite, "", env.Clock.Now())
		if err != nil {
			t.Fatal(err)
		}
		r, err := b.Build(context.Background(), q)
		if err != nil {
			t.Fatal(err)
		}
		var keys []string
		for _, row := range r.Rows {
			keys = append(keys, row.Key)
		}
		if strings.Join(keys, ",") != strings.Join(tc.rows, ",") || reporttest.Of(r.Total) != tc.total || r.Sites != len(tc.rows) {
			t.Errorf("site %q: got rows %v, total %+v", tc.site, keys, reporttest.Of(r.Total))
		}
	}
	if _, err := b.Build(context.Background(), report.Query{Site: "nowhere", From: env.Clock.Now(), To: env.Clock.Now(), By: report.BySite}); err == nil {
		t.Error("an unknown site has a report")
	}
}
