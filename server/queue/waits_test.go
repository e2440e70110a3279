package queue

import (
	"testing"
	"time"
)

// TestWaitsAndServiceTime: the one definition of a wait and of a service time.
func TestWaitsAndServiceTime(t *testing.T) {
	at := func(min int) *time.Time {
		v := time.Date(2026, 11, 23, 9, min, 0, 0, time.UTC)
		return &v
	}
	if got := Wait(*at(10), *at(4)); got != 0 {
		t.Errorf("a call before the issue (clocks): got %v, want 0", got)
	}
	if got := WaitMinutes(*at(0), at(7).Add(59*time.Second)); got != 7 {
		t.Errorf("WaitMinutes: got %d, want 7 (whole minutes)", got)
	}
	cases := []struct {
		name string
		tk   Ticket
		want time.Duration
		ok   bool
	}{
		{"started", Ticket{Status: Done, CalledAt: at(1), StartedAt: at(2), FinishedAt: at(9)}, 7 * time.Minute, true},
		{"never started: from the call", Ticket{Status: Done, CalledAt: at(1), FinishedAt: at(9)}, 8 * time.Minute, true},
		{"no show", Ticket{Status: NoShow, CalledAt: at(1), FinishedAt: at(9)}, 0, false},
		{"done without a finish", Ticket{Status: Done, CalledAt: at(1)}, 0, false},
	}
	for _, c := range cases {
		got, ok := c.tk.ServiceTime()
		if got != c.want || ok != c.ok {
			t.Errorf("%s: got %v %v, want %v %v", c.name, got, ok, c.want, c.ok)
		}
	}
}
