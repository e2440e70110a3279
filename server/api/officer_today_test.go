package api_test

import (
	"math"
	"testing"

	"luot/server/internal/testserver"
	"luot/server/queue"
	"luot/server/report"
	"luot/server/report/reporttest"
)

// officerDayAnswer is what the tests read of GET /sites/{site}/officers/{officer}/today.
type officerDayAnswer struct {
	report.Row
	Officer       string
	Site          string
	Day           string
	Called        int
	ServiceAvgSec int `json:"service_avg_sec"`
	WaitAvgSec    int `json:"wait_avg_sec"`
}

// TestOfficerTodayAgreesWithReports: the officer's day on the workstation has the figures of
// the officer's row in the day's report, with the same definitions — t5 of the scripted day
// was called at q3 by o3, transferred, and served at q1 by o1: it is o1's, and its wait runs
// from its issue to its first call (4 minutes), not to o1's call (15).
func TestOfficerTodayAgreesWithReports(t *testing.T) {
	s := testserver.Start(t)
	reporttest.Scripted(t, s.Env)
	sup := s.User(t, "sup", queue.RoleSupervisor, "centre", "point")
	for _, site := range []string{"centre", "point"} {
		var r report.Report
		s.Do(t, sup, "GET", "/api/v1/reports?site="+site+"&by=officer&from="+reporttest.Day+"&to="+reporttest.Day, nil, 200, &r)
		for _, row := range r.Rows {
			if row.Key == "" {
				continue
			}
			var got officerDayAnswer
			s.Do(t, sup, "GET", "/api/v1/sites/"+site+"/officers/"+row.Key+"/today", nil, 200, &got)
			if got.Called != row.Issued || got.Served != row.Served || got.NoShow != row.NoShow ||
				got.ServiceAvgMin != row.ServiceAvgMin || got.WaitAvgMin != row.WaitAvgMin ||
				got.WaitP90Min != row.WaitP90Min || got.Rated != row.Rated || got.SatisfactionPct != row.SatisfactionPct {
				t.Errorf("%s/%s: the officer's day\n %+v\ndiffers from the report's row\n %+v", site, row.Key, got, row)
			}
			if wait := math.Round(float64(got.WaitAvgSec)/6) / 10; wait != row.WaitAvgMin {
				t.Errorf("%s/%s: wait_avg_sec %d is %.1f minutes, the report says %.1f", site, row.Key, got.WaitAvgSec, wait, row.WaitAvgMin)
			}
			for level, n := range row.Ratings {
				if got.Ratings[level] != n {
					t.Errorf("%s/%s: %s ratings: got %d, want %d", site, row.Key, level, got.Ratings[level], n)
				}
			}
		}
	}
	// o1 handled t3 t1 t4 t5: waits 4 18 6 4 minutes (t5 from its issue to its first call)
	var o1 officerDayAnswer
	s.Do(t, sup, "GET", "/api/v1/sites/centre/officers/o1/today", nil, 200, &o1)
	if o1.Called != 4 || o1.WaitAvgSec != 8*60 || o1.Day != reporttest.Day || o1.Officer != "o1" {
		t.Errorf("o1: got %+v, want 4 called and an average wait of 480 s", o1)
	}
}
