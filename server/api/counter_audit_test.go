package api_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"luot/server/queue"
)

// TestCounterAudit: every counter action on a ticket, its out-of-order call, its priority
// change, its transfers and its rating are in the ticket's history with who, when and from
// which counter (issue 4, point 3).
func TestCounterAudit(t *testing.T) {
	s, kiosk := centreWithKiosk(t)
	lan := s.User(t, "lan", queue.RoleOfficer, "centre")
	mai := s.User(t, "mai", queue.RoleOfficer, "centre")
	sup := s.User(t, "sup", queue.RoleSupervisor, "centre")
	rating := s.Device(t, "centre", "rating", "q3")
	issue := func(svc, prio string) queue.Ticket { return deskIssue(t, s, kiosk, svc, prio) }
	a1, a2, b1 := issue("dat-dai", "elderly"), issue("dat-dai", ""), issue("ho-tich", "")
	at := func(who, counter, action string, body any) {
		t.Helper()
		s.Clock.Advance(time.Minute)
		s.Do(t, who, "POST", "/api/v1/sites/centre/counters/"+counter+"/"+action, body, 200, nil)
	}
	at(lan, "q2", "open", nil)
	at(mai, "q3", "open", nil)
	at(lan, "q2", "next", nil) // A001, priority first
	at(lan, "q2", "recall", nil)
	s.Do(t, lan, "POST", "/api/v1/tickets/"+a1.ID+"/priority", map[string]string{"priority": ""}, 200, nil)
	at(lan, "q2", "start", nil)
	at(lan, "q2", "transfer", map[string]string{"service": "ho-tich"})
	at(mai, "q3", "next", nil) // A001 keeps its place before B001
	at(mai, "q3", "finish", nil)
	s.Do(t, rating, "POST", "/api/v1/tickets/"+a1.ID+"/rating", map[string]string{"level": "satisfied"}, 201, nil)
	at(lan, "q2", "call", map[string]string{"ticket": b1.ID})
	at(lan, "q2", "no-show", nil)
	at(lan, "q2", "next", nil) // A002
	at(lan, "q2", "transfer", map[string]string{"counter": "q3"})
	at(mai, "q3", "next", nil) // A002, reserved for q3
	at(mai, "q3", "close", nil)

	cases := []struct {
		ticket queue.Ticket
		want   []string // type by counter detail
	}{
		{a1, []string{
			"ticket.issued kiosk - -",
			"ticket.called lan q2 -",
			"ticket.recalled lan q2 1",
			"ticket.priority lan q2 removed:elderly",
			"ticket.serving lan q2 -",
			"ticket.transferred lan q2 service:dat-dai>ho-tich",
			"ticket.called mai q3 -",
			"ticket.done mai q3 -",
			"ticket.rated rating q3 satisfied",
		}},
		{b1, []string{
			"ticket.issued kiosk - -",
			"ticket.called lan q2 out_of_order",
			"ticket.no_show lan q2 -",
		}},
		{a2, []string{
			"ticket.issued kiosk - -",
			"ticket.called lan q2 -",
			"ticket.transferred lan q2 counter:q3",
			"ticket.called mai q3 -",
			"ticket.transferred mai q3 returned",
		}},
	}
	for _, c := range cases {
		var h struct {
			Ticket  queue.Ticket
			History []queue.HistoryEntry
		}
		s.Do(t, sup, "GET", "/api/v1/tickets/"+c.ticket.ID+"/history", nil, 200, &h)
		var got []string
		var last time.Time
		for _, e := range h.History {
			by := e.By
			switch {
			case strings.HasPrefix(by, "device:"):
				by = "device"
			}
			got = append(got, fmt.Sprintf("%s %s %s %s", e.Type, orDash(by), orDash(e.Counter), orDash(e.Detail)))
			if e.At.IsZero() || e.At.Before(last) {
				t.Errorf("%s: %s at %v, after %v: want a time, in order", c.ticket.Number, e.Type, e.At, last)
			}
			last = e.At
		}
		want := make([]string, len(c.want))
		for i, w := range c.want {
			want[i] = strings.Replace(strings.Replace(w, " kiosk ", " device ", 1), " rating ", " device ", 1)
		}
		if strings.Join(got, "\n") != strings.Join(want, "\n") {
			t.Errorf("history of %s:\ngot\n  %s\nwant\n  %s", c.ticket.Number, strings.Join(got, "\n  "), strings.Join(want, "\n  "))
		}
	}

	// an officer may not read a history; a supervisor of another site neither
	other := s.User(t, "sup2", queue.RoleSupervisor, "point")
	s.Do(t, lan, "GET", "/api/v1/tickets/"+a1.ID+"/history", nil, 403, nil)
	s.Do(t, other, "GET", "/api/v1/tickets/"+a1.ID+"/history", nil, 403, nil)
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}
