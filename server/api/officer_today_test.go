package api

import (
	"testing"
	"time"

	"luot/server/queue"
)

func TestDayOf(t *testing.T) {
	at := time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)
	min := func(m float64) *time.Time { x := at.Add(time.Duration(m * float64(time.Minute))); return &x }
	str := func(s string) *string { return &s }
	tickets := []*queue.Ticket{
		// served: waited 10, started 2 after the call, 8 minutes of service, rated
		{Officer: str("lan"), Status: queue.Done, IssuedAt: at, CalledAt: min(10), StartedAt: min(12), FinishedAt: min(20), Rating: str("satisfied")},
		// served without a start: 4 minutes from the call
		{Officer: str("LAN"), Status: queue.Done, IssuedAt: at, CalledAt: min(20), FinishedAt: min(24)},
		{Officer: str("lan"), Status: queue.NoShow, IssuedAt: at, CalledAt: min(30), FinishedAt: min(33)},
		{Officer: str("lan"), Status: queue.Serving, IssuedAt: at, CalledAt: min(40), StartedAt: min(41)},
		{Officer: str("mai"), Status: queue.Done, IssuedAt: at, CalledAt: min(1), FinishedAt: min(50)},
		{Status: queue.Waiting, IssuedAt: at},
		// a clock that went backwards is not a negative service time
		{Officer: str("lan"), Status: queue.Done, IssuedAt: at, CalledAt: min(50), StartedAt: min(55), FinishedAt: min(54)},
	}
	got := dayOf(tickets, "lan")
	if got.Called != 5 || got.Served != 3 || got.NoShow != 1 {
		t.Fatalf("got called %d served %d no-show %d, want 5 3 1", got.Called, got.Served, got.NoShow)
	}
	if got.ServiceAvgSec != 360 || got.ServiceAvgMin != 6 {
		t.Fatalf("got service avg %ds (%.1f min), want 360s (6.0)", got.ServiceAvgSec, got.ServiceAvgMin)
	}
	if got.WaitAvgSec != 30*60 {
		t.Fatalf("got wait avg %ds, want %ds", got.WaitAvgSec, 30*60)
	}
	if got.Ratings["satisfied"] != 1 || len(got.Ratings) != 1 {
		t.Fatalf("got ratings %v, want satisfied: 1", got.Ratings)
	}
	if empty := dayOf(nil, "lan"); empty.Called != 0 || empty.ServiceAvgSec != 0 || empty.Ratings == nil {
		t.Fatalf("no tickets: got %+v, want zeros and an empty ratings map", empty)
	}
}
