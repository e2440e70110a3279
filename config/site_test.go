package config

import (
	"testing"
	"time"
)

// openDoc: the default week is Mon–Fri with two sessions; site "c" adds Saturday morning and
// a holiday of its own; site "n" is open day and night, to test dates near midnight.
const openDoc = `
name: Test
holidays: ["2026-09-02"]
hours:
  mon: ["07:30-11:30", "13:30-17:00"]
  tue: ["07:30-11:30", "13:30-17:00"]
  wed: ["07:30-11:30", "13:30-17:00"]
  thu: ["07:30-11:30", "13:30-17:00"]
  fri: ["07:30-11:30", "13:30-17:00"]
services: [{id: a, name: A, prefix: A, minutes: 10}]
sites:
  - {id: p, name: P, kind: point, services: [a], counters: [{id: q1, number: 1, services: [a]}]}
  - id: c
    name: C
    kind: centre
    holidays: ["2026-11-30"]
    hours: {mon: ["07:30-11:30", "13:30-17:00"], sat: ["07:30-11:30"]}
    services: [a]
    counters: [{id: q1, number: 1, services: [a]}]
  - id: n
    name: N
    kind: point
    hours: {sun: ["00:00-24:00"], mon: ["00:00-24:00"], tue: ["00:00-24:00"], wed: ["00:00-24:00"],
            thu: ["00:00-24:00"], fri: ["00:00-24:00"], sat: ["00:00-24:00"]}
    services: [a]
    counters: [{id: q1, number: 1, services: [a]}]
`

func TestOpenAt(t *testing.T) {
	o := mustParse(t, []byte(openDoc))
	tests := []struct {
		site string
		at   string // RFC 3339, mostly UTC: the site reads it at +07:00
		want bool
	}{
		{"p", "2026-11-23T00:29:00Z", false}, // Monday 07:29
		{"p", "2026-11-23T00:30:00Z", true},  // Monday 07:30
		{"p", "2026-11-23T04:29:59Z", true},  // 11:29:59
		{"p", "2026-11-23T04:30:00Z", false}, // 11:30, lunch
		{"p", "2026-11-23T06:30:00Z", true},  // 13:30
		{"p", "2026-11-23T09:59:00Z", true},  // 16:59
		{"p", "2026-11-23T10:00:00Z", false}, // 17:00
		{"p", "2026-11-23T08:00:00+07:00", true},
		{"p", "2026-11-23T08:00:00+09:00", false}, // 06:00 in Vietnam
		{"p", "2026-11-22T01:00:00Z", false},      // Sunday 08:00
		{"p", "2026-11-28T01:00:00Z", false},      // Saturday 08:00
		{"c", "2026-11-28T01:00:00Z", true},       // the centre opens on Saturday morning
		{"c", "2026-11-28T07:00:00Z", false},      // but not Saturday afternoon
		{"c", "2026-11-24T01:00:00Z", false},      // nor on Tuesday: its own week replaces the default
		{"p", "2026-11-27T23:30:00Z", false},      // Friday in UTC, Saturday 06:30 in Vietnam
		{"p", "2026-11-23T23:30:00Z", false},      // Monday in UTC, Tuesday 06:30 in Vietnam
		{"p", "2026-11-24T00:30:00Z", true},       // Tuesday 07:30
		{"p", "2026-09-02T01:00:00Z", false},      // a holiday of the Org
		{"c", "2026-09-02T01:00:00Z", false},      // at every site
		{"c", "2026-11-30T01:00:00Z", false},      // a holiday of the site (Monday)
		{"p", "2026-11-30T01:00:00Z", true},       // not of the others
		{"n", "2026-09-01T16:59:00Z", true},       // 1 September 23:59 in Vietnam
		{"n", "2026-09-01T17:00:00Z", false},      // 2 September 00:00 in Vietnam, a holiday
		{"n", "2026-09-02T16:59:00Z", false},      // 23:59 of the holiday
		{"n", "2026-09-02T17:00:00Z", true},       // 3 September 00:00 in Vietnam
	}
	for _, tt := range tests {
		at, err := time.Parse(time.RFC3339, tt.at)
		if err != nil {
			t.Fatal(err)
		}
		if got := o.Site(tt.site).OpenAt(at); got != tt.want {
			t.Errorf("site %s open at %s: got %v, want %v", tt.site, tt.at, got, tt.want)
		}
	}
}

func TestSiteAccessors(t *testing.T) {
	o := mustParse(t, doc(map[int]string{19: "    services: [ho-tich]\n    quota: {ho-tich: 50}"}))
	p := o.Site("p")
	if got := p.Location().String(); got != "Asia/Ho_Chi_Minh" {
		t.Errorf("location: got %s, want Asia/Ho_Chi_Minh", got)
	}
	if got, want := p.HoursOn(time.Monday), []Session{{450, 690}, {810, 1020}}; len(got) != 2 || got[0] != want[0] || got[1] != want[1] {
		t.Errorf("hours on Monday: got %v, want %v (copied from the Org)", got, want)
	}
	if got := p.HoursOn(time.Tuesday); got != nil {
		t.Errorf("hours on Tuesday: got %v, want none", got)
	}
	if got := p.HoursOn(9); got != nil {
		t.Errorf("hours on weekday 9: got %v, want none", got)
	}
	if got := p.Quotas("ho-tich"); got != 50 {
		t.Errorf("quota of ho-tich: got %d, want 50", got)
	}
	if got := o.Site("c").Quotas("dat-dai"); got != 0 {
		t.Errorf("quota of dat-dai at c: got %d, want 0 (unlimited)", got)
	}
	if !p.Offers("ho-tich") || p.Offers("dat-dai") {
		t.Errorf("offers: got ho-tich %v, dat-dai %v; want true, false", p.Offers("ho-tich"), p.Offers("dat-dai"))
	}
	c := o.Site("c").Counter("q2")
	if c == nil || c.Number != 2 || c.Name != "Quầy 2" || len(c.Services) != 2 || c.Services[0] != "ho-tich" {
		t.Errorf("counter q2: got %+v, want number 2, name Quầy 2, services [ho-tich dat-dai]", c)
	}
	if got := o.Site("c").Counter("q9"); got != nil {
		t.Errorf("counter q9: got %+v, want nil", got)
	}
	if p.WaitTargetMin != 30 {
		t.Errorf("wait target: got %d, want 30", p.WaitTargetMin)
	}
}

// TestHandBuiltSite keeps a Site literal (as other packages' tests build) usable.
func TestHandBuiltSite(t *testing.T) {
	var s Site
	s.Hours[time.Monday] = []Session{{From: 8 * 60, To: 9 * 60}}
	s.Holidays = []string{"2026-11-30"}
	if got := s.Location().String(); got != "ICT" {
		t.Errorf("location: got %s, want ICT (+07:00)", got)
	}
	mon := time.Date(2026, 11, 23, 1, 30, 0, 0, time.UTC) // 08:30 in Vietnam
	if !s.OpenAt(mon) || s.OpenAt(mon.AddDate(0, 0, 7)) {
		t.Errorf("open: got %v on the 23rd and %v on the 30th (holiday), want true, false",
			s.OpenAt(mon), s.OpenAt(mon.AddDate(0, 0, 7)))
	}
}
