package api_test

import (
	"context"
	"testing"
	"time"

	"luot/server/notify"
	"luot/server/queue"
)

// TestTurnNearAndCalledReachTheGateway: a remote number hears "your turn is near" at 3 ahead
// (notify_ahead) and "called" with its counter, once each, through the fake gateway.
func TestTurnNearAndCalledReachTheGateway(t *testing.T) {
	h := newBookingHarness(t, nil)
	h.runFeed(t)
	officer := h.user(t, "canbo", queue.RoleOfficer, "centre")
	for range 5 {
		h.issue(t, officer, "centre", "dat-dai")
	}
	var mine ticket
	h.remote(t, "centre", "dat-dai", "0901234567").want(t, 201).decode(t, &mine)
	h.act(t, officer, "centre", "q1", "open", nil)
	h.act(t, officer, "centre", "q1", "next", nil) // 4 ahead
	time.Sleep(200 * time.Millisecond)             // the feed has passed the event on
	if n := h.gw.Count(notify.TurnNear); n != 0 {
		t.Fatalf("turn_near at 4 ahead: got %d messages, want none", n)
	}
	h.act(t, officer, "centre", "q1", "next", nil) // 3 ahead
	m := h.gw.Find(t, "0901234567", notify.TurnNear, 0)
	if m.Vars["number"] != mine.Number || m.Vars["ahead"] != "3" || m.Site != "centre" {
		t.Errorf("turn_near: got %+v", m)
	}
	for range 3 {
		h.act(t, officer, "centre", "q1", "next", nil)
	}
	var a struct{ Ticket *ticket }
	h.act(t, officer, "centre", "q1", "next", nil).decode(t, &a)
	if a.Ticket == nil || a.Ticket.ID != mine.ID {
		t.Fatalf("next: got %+v, want the remote number", a.Ticket)
	}
	m = h.gw.Find(t, "0901234567", notify.Called, 0)
	if m.Vars["number"] != mine.Number || m.Vars["counter"] != "1" || m.Text != "Lượt: mời quý vị có số "+mine.Number+" đến quầy số 1." {
		t.Errorf("called: got %+v", m)
	}
	h.act(t, officer, "centre", "q1", "recall", nil)
	h.gw.Find(t, "0901234567", notify.Called, 1) // the recall is called again
	time.Sleep(200 * time.Millisecond)
	if n := h.gw.Count(notify.TurnNear); n != 1 {
		t.Errorf("turn_near sent %d times, want once", n)
	}
	// a walk-in's phone is never known: only the remote number was told
	if n := h.gw.Count(notify.Called); n != 2 {
		t.Errorf("called sent %d times, want 2 (call and recall)", n)
	}
}

func TestReminderAndMissed(t *testing.T) {
	h := newBookingHarness(t, nil)
	b := h.book(t, "centre", "dat-dai", "2026-11-23", "10:30", "0901234567")
	h.book(t, "centre", "dat-dai", "2026-11-23", "11:00", "0912345678")
	ctx := context.Background()
	h.bookings.Sweep(ctx) // 09:00: 10:30 is more than an hour away
	time.Sleep(100 * time.Millisecond)
	if n := h.gw.Count(notify.BookingReminder); n != 0 {
		t.Errorf("reminders at 09:00: %d, want none", n)
	}
	h.env.Clock.Set(time.Date(2026, 11, 23, 9, 30, 0, 0, testenvLoc))
	h.bookings.Sweep(ctx)
	m := h.gw.Find(t, "0901234567", notify.BookingReminder, 0)
	if m.Vars["code"] != b.Code || m.Vars["start"] != "10:30" {
		t.Errorf("reminder: %+v", m)
	}
	h.env.Clock.Set(time.Date(2026, 11, 23, 10, 0, 0, 0, testenvLoc))
	h.bookings.Sweep(ctx)
	h.gw.Find(t, "0912345678", notify.BookingReminder, 0)
	time.Sleep(100 * time.Millisecond)
	if n := h.gw.Count(notify.BookingReminder); n != 2 {
		t.Errorf("reminders: %d, want one each", n)
	}
	h.env.Clock.Set(time.Date(2026, 11, 23, 10, 45, 1, 0, testenvLoc))
	h.bookings.Sweep(ctx)
	var got booking
	h.do(t, req{method: "GET", path: "/api/v1/bookings/" + b.ID}).want(t, 200).decode(t, &got)
	if got.Status != "missed" {
		t.Errorf("status past the grace: got %q, want missed", got.Status)
	}
}
