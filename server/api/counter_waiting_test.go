package api_test

import (
	"net/url"
	"testing"
	"time"

	"luot/server/queue"
)

type waitingAnswer struct {
	Total   int
	Tickets []queue.Ticket
}

// TestSiteWaiting: the site's waiting tickets in calling order, reserved ones included; a
// search lists the number typed first, whatever its zeros and case.
func TestSiteWaiting(t *testing.T) {
	s, kiosk := centreWithKiosk(t)
	off := s.User(t, "lan", queue.RoleOfficer, "centre")
	var ts []queue.Ticket
	for i, svc := range []string{"dat-dai", "ho-tich", "dat-dai", "dat-dai", "ho-tich"} {
		prio := ""
		if i == 3 {
			prio = "disability"
		}
		var tk queue.Ticket
		s.Do(t, kiosk, "POST", "/api/v1/sites/centre/tickets", map[string]string{"service": svc, "priority": prio}, 201, &tk)
		ts = append(ts, tk)
	}
	// A003 (priority) is called at q1, then transferred to counter q3: it waits, reserved for q3.
	s.Do(t, off, "POST", "/api/v1/sites/centre/counters/q1/open", nil, 200, nil)
	s.Do(t, off, "POST", "/api/v1/sites/centre/counters/q1/next", nil, 200, nil)
	s.Do(t, off, "POST", "/api/v1/sites/centre/counters/q1/transfer", map[string]string{"counter": "q3"}, 200, nil)

	var all waitingAnswer
	s.Do(t, off, "GET", "/api/v1/sites/centre/waiting", nil, 200, &all)
	want := []string{"A003", "A001", "B001", "A002", "B002"}
	if got := ticketNumbers(all.Tickets); all.Total != 5 || !sameStrings(got, want) {
		t.Fatalf("got %d %v, want 5 %v", all.Total, got, want)
	}
	if all.Tickets[0].Reserved != "q3" || all.Tickets[0].Transfers != 1 {
		t.Fatalf("A003: got reserved %q transfers %d, want q3 and 1", all.Tickets[0].Reserved, all.Tickets[0].Transfers)
	}
	cases := []struct {
		q    string
		want []string
	}{
		{"a2", []string{"A002"}},
		{" A 002 ", []string{"A002"}},
		{"2", []string{"A002", "B002"}},
		{"b", []string{"B001", "B002"}},
		{"00", []string{"A003", "A001", "B001", "A002", "B002"}},
		{"A1", []string{"A001"}},
		{"C", []string{}},
		{"", want},
	}
	for _, c := range cases {
		var got waitingAnswer
		s.Do(t, off, "GET", "/api/v1/sites/centre/waiting?q="+url.QueryEscape(c.q), nil, 200, &got)
		if !sameStrings(ticketNumbers(got.Tickets), c.want) {
			t.Errorf("q=%q: got %v, want %v", c.q, ticketNumbers(got.Tickets), c.want)
		}
	}
	var one waitingAnswer
	s.Do(t, off, "GET", "/api/v1/sites/centre/waiting?limit=1", nil, 200, &one)
	if one.Total != 5 || len(one.Tickets) != 1 {
		t.Fatalf("limit=1: got total %d and %d tickets, want 5 and 1", one.Total, len(one.Tickets))
	}
	_ = ts
}

// TestOfficerToday: an officer's served, no-shows and average service time of the day; a
// supervisor reads any officer's, an officer only their own.
func TestOfficerToday(t *testing.T) {
	s, kiosk := centreWithKiosk(t)
	lan := s.User(t, "lan", queue.RoleOfficer, "centre")
	sup := s.User(t, "sup", queue.RoleSupervisor, "centre")
	for range 4 {
		s.Do(t, kiosk, "POST", "/api/v1/sites/centre/tickets", map[string]string{"service": "dat-dai"}, 201, nil)
	}
	act := func(a string) {
		t.Helper()
		s.Do(t, lan, "POST", "/api/v1/sites/centre/counters/q1/"+a, nil, 200, nil)
	}
	act("open")
	act("next")
	s.Clock.Advance(time.Minute)
	act("start")
	s.Clock.Advance(6 * time.Minute)
	act("finish") // 6 min
	act("next")
	s.Clock.Advance(30 * time.Second)
	act("no-show")
	act("next")
	s.Clock.Advance(4 * time.Minute)
	act("next") // finishes the third after 4 min (never started: from the call), calls the fourth

	type day struct {
		Officer       string
		Day           string
		Called        int
		Served        int
		NoShow        int     `json:"no_show"`
		ServiceAvgSec int     `json:"service_avg_sec"`
		ServiceAvgMin float64 `json:"service_avg_min"`
	}
	var got day
	s.Do(t, lan, "GET", "/api/v1/sites/centre/officers/me/today", nil, 200, &got)
	want := day{Officer: "lan", Day: "2026-11-23", Called: 4, Served: 2, NoShow: 1, ServiceAvgSec: 300, ServiceAvgMin: 5}
	if got != want {
		t.Fatalf("got %+v, want %+v", got, want)
	}
	var bySup day
	s.Do(t, sup, "GET", "/api/v1/sites/centre/officers/LAN/today", nil, 200, &bySup)
	if bySup != want {
		t.Fatalf("supervisor: got %+v, want %+v", bySup, want)
	}
	var none day
	s.Do(t, sup, "GET", "/api/v1/sites/centre/officers/me/today", nil, 200, &none)
	if none.Called != 0 || none.Officer != "sup" {
		t.Fatalf("supervisor's own day: got %+v, want nothing called", none)
	}
}

func sameStrings(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
