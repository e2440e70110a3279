package api_test

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"luot/server/queue"
)

type apptTicket struct {
	ticket
	Channel string `json:"channel"`
	Booking string `json:"booking"`
	Slot    string `json:"slot"`
	Ahead   *int   `json:"ahead"`
}

func (h *bookingHarness) checkin(tb testing.TB, token, site, code string) *resp {
	tb.Helper()
	return h.do(tb, req{method: "POST", path: "/api/v1/sites/" + site + "/checkin", token: token, body: map[string]string{"code": code}})
}

// callOrder has officer open counter and call next n times; it returns the numbers called.
func (h *bookingHarness) callOrder(tb testing.TB, officer, counter string, n int) []string {
	tb.Helper()
	h.act(tb, officer, "centre", counter, "open", nil)
	var out []string
	for range n {
		var a struct{ Ticket *ticket }
		h.act(tb, officer, "centre", counter, "next", nil).decode(tb, &a)
		if a.Ticket == nil {
			break
		}
		out = append(out, a.Ticket.Number)
	}
	return out
}

func TestCheckinAnswersAndOrder(t *testing.T) {
	h := newBookingHarness(t, nil)
	admin := h.user(t, "quantri", queue.RoleAdmin)
	officer := h.user(t, "canbo", queue.RoleOfficer, "centre")
	_, kiosk := h.device(t, admin, "centre", "kiosk", "")
	_, pointKiosk := h.device(t, admin, "point", "kiosk", "")
	a := h.book(t, "centre", "dat-dai", "2026-11-23", "10:00", "0901111111")
	b := h.book(t, "centre", "dat-dai", "2026-11-23", "10:00", "0902222222")
	c := h.book(t, "centre", "dat-dai", "2026-11-23", "10:30", "0903333333")
	tomorrow := h.book(t, "centre", "dat-dai", "2026-11-24", "10:00", "0904444444")

	r := h.checkin(t, kiosk, "centre", a.Code)
	r.wantError(t, 409, "too_early") // 09:00: check-in opens at 09:30
	if r.header.Get("Retry-After") != "1800" {
		t.Errorf("too_early: Retry-After %q, want 1800", r.header.Get("Retry-After"))
	}
	h.checkin(t, kiosk, "centre", tomorrow.Code).wantError(t, 404, "not_found")
	h.checkin(t, pointKiosk, "point", a.Code).wantError(t, 404, "not_found")
	h.checkin(t, pointKiosk, "centre", a.Code).wantError(t, 403, "forbidden")
	h.checkin(t, "", "centre", a.Code).wantError(t, 401, "unauthorized")
	h.checkin(t, kiosk, "centre", "ZZZZZZ").wantError(t, 404, "not_found")
	h.checkin(t, kiosk, "centre", "0O1IL!").wantError(t, 404, "not_found")

	h.env.Clock.Set(time.Date(2026, 11, 23, 9, 55, 0, 0, testenvLoc))
	w1 := h.issue(t, kiosk, "centre", "dat-dai")
	h.env.Clock.Set(time.Date(2026, 11, 23, 10, 5, 0, 0, testenvLoc))
	w2 := h.issue(t, kiosk, "centre", "dat-dai")
	h.env.Clock.Set(time.Date(2026, 11, 23, 10, 10, 0, 0, testenvLoc))
	var elderly apptTicket
	h.do(t, req{method: "POST", path: "/api/v1/sites/centre/tickets", token: kiosk,
		body: map[string]string{"service": "dat-dai", "priority": "elderly"}}).want(t, 201).decode(t, &elderly)

	var at apptTicket
	r = h.checkin(t, kiosk, "centre", " "+lower(a.Code)+" ").want(t, 201)
	r.decode(t, &at)
	if at.Channel != "appointment" || at.Booking != a.ID || at.Slot != "10:00" || at.Status != "waiting" ||
		at.Number != "A004" || at.Ahead == nil || *at.Ahead != 2 {
		t.Errorf("checked-in ticket: got %s, want A004 of the booking, slot 10:00, behind the priority and the 09:55 walk-in", r.body)
	}
	var bk booking
	h.do(t, req{method: "GET", path: "/api/v1/bookings/" + a.ID}).want(t, 200).decode(t, &bk)
	if bk.Status != "checked_in" || bk.Ticket == nil || *bk.Ticket != at.ID {
		t.Errorf("booking after check-in: got %+v", bk)
	}
	h.checkin(t, kiosk, "centre", a.Code).wantError(t, 409, "checked_in")
	h.do(t, req{method: "DELETE", path: "/api/v1/bookings/" + c.ID}).want(t, 204)
	h.checkin(t, kiosk, "centre", c.Code).wantError(t, 409, "cancelled")
	h.env.Clock.Set(time.Date(2026, 11, 23, 10, 15, 1, 0, testenvLoc))
	h.checkin(t, officer, "centre", b.Code).wantError(t, 409, "too_late")

	got := h.callOrder(t, officer, "q1", 10)
	want := []string{elderly.Number, w1.Number, at.Number, w2.Number}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("calling order: got %v, want %v (priority, walk-in before the slot, the appointment, walk-in after)", got, want)
	}
}

// TestCheckinUnderConcurrencyWithWalkIns: while walk-ins are issued at several kiosks, the
// appointments of the 10:00 slot check in late; every number is issued once without gaps,
// and the appointments are called right after the walk-ins issued before 10:00, in the
// order they checked in, before every walk-in issued after.
func TestCheckinUnderConcurrencyWithWalkIns(t *testing.T) {
	h := newBookingHarness(t, nil)
	admin := h.user(t, "quantri", queue.RoleAdmin)
	officer := h.user(t, "canbo", queue.RoleOfficer, "centre")
	var kiosks []string
	for range 3 {
		_, k := h.device(t, admin, "centre", "kiosk", "")
		kiosks = append(kiosks, k)
	}
	var codes []string
	for i := range 4 {
		codes = append(codes, h.book(t, "centre", "dat-dai", "2026-11-23", "10:00", fmt.Sprintf("09%08d", i+1)).Code)
	}
	h.env.Clock.Set(time.Date(2026, 11, 23, 9, 50, 0, 0, testenvLoc))
	for range 5 {
		h.issue(t, kiosks[0], "centre", "dat-dai")
	}
	h.env.Clock.Set(time.Date(2026, 11, 23, 10, 10, 0, 0, testenvLoc))
	var wg sync.WaitGroup
	var mu sync.Mutex
	appt := map[string]bool{}
	start := make(chan struct{})
	for i := range 30 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			r, err := h.send(req{method: "POST", path: "/api/v1/sites/centre/tickets", token: kiosks[i%3], body: map[string]string{"service": "dat-dai"}})
			if err != nil || r.status != 201 {
				t.Errorf("walk-in: %v %v", err, r)
			}
		}()
	}
	for _, code := range codes {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			r, err := h.send(req{method: "POST", path: "/api/v1/sites/centre/checkin", token: kiosks[1], body: map[string]string{"code": code}})
			if err != nil || r.status != 201 {
				t.Errorf("check-in: %v %v", err, r)
				return
			}
			var tk apptTicket
			r.decode(t, &tk)
			mu.Lock()
			appt[tk.Number] = true
			mu.Unlock()
		}()
	}
	close(start)
	wg.Wait()
	got := h.callOrder(t, officer, "q1", 50)
	if len(got) != 39 {
		t.Fatalf("called %d tickets, want 39", len(got))
	}
	seen := map[string]bool{}
	for _, n := range got {
		seen[n] = true
	}
	for i := 1; i <= 39; i++ {
		if n := fmt.Sprintf("A%03d", i); !seen[n] {
			t.Errorf("number %s never issued or called (got %v)", n, got)
		}
	}
	for i, n := range got {
		if (i >= 5 && i < 9) != appt[n] {
			t.Errorf("call %d is %s (appointment %v): want the 4 appointments right after the 5 walk-ins of 09:50; order %v", i, n, appt[n], got)
			break
		}
	}
}

func TestPostponeOnce(t *testing.T) {
	h := newBookingHarness(t, nil)
	officer := h.user(t, "canbo", queue.RoleOfficer, "centre")
	var ts []ticket
	for range 6 {
		ts = append(ts, h.issue(t, officer, "centre", "dat-dai"))
	}
	var p apptTicket
	h.do(t, req{method: "POST", path: "/api/v1/tickets/" + ts[0].ID + "/postpone"}).want(t, 200).decode(t, &p)
	if p.Ahead == nil || *p.Ahead != 3 {
		t.Errorf("postponed: %d ahead, want 3", p.Ahead)
	}
	h.do(t, req{method: "POST", path: "/api/v1/tickets/" + ts[0].ID + "/postpone"}).wantError(t, 409, "invalid_state")
	// the last of the queue moves to the end, once
	h.do(t, req{method: "POST", path: "/api/v1/tickets/" + ts[5].ID + "/postpone"}).want(t, 200)
	got := h.callOrder(t, officer, "q1", 10)
	want := []string{ts[1].Number, ts[2].Number, ts[3].Number, ts[0].Number, ts[4].Number, ts[5].Number}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("order: got %v, want %v", got, want)
	}
	h.do(t, req{method: "POST", path: "/api/v1/tickets/" + ts[1].ID + "/postpone"}).wantError(t, 409, "invalid_state") // done
	h.do(t, req{method: "POST", path: "/api/v1/tickets/centre.aaaaaaaaaaaaaaaaaaaaaaaa/postpone"}).wantError(t, 404, "not_found")
}

// TestEarlyCheckinRanksAtTheSlotsStart: checked in at 09:40 for 10:00, an appointment waits
// behind the walk-ins issued until 10:00, and from 10:00 ahead of those issued after — from the
// first walk-in issued after the start on, whatever the minute's sweep has done.
func TestEarlyCheckinRanksAtTheSlotsStart(t *testing.T) {
	h := newBookingHarness(t, nil)
	officer := h.user(t, "canbo", queue.RoleOfficer, "centre")
	a := h.book(t, "centre", "dat-dai", "2026-11-23", "10:00", "0901111111")
	b := h.book(t, "centre", "dat-dai", "2026-11-23", "10:00", "0902222222")
	w0 := h.issue(t, officer, "centre", "dat-dai") // 09:00
	h.env.Clock.Set(time.Date(2026, 11, 23, 9, 40, 0, 0, testenvLoc))
	var ta, tb apptTicket
	h.checkin(t, officer, "centre", a.Code).want(t, 201).decode(t, &ta)
	h.checkin(t, officer, "centre", b.Code).want(t, 201).decode(t, &tb)
	if ta.Ahead == nil || *ta.Ahead != 1 {
		t.Errorf("early check-in: %v ahead, want 1", ta.Ahead)
	}
	h.env.Clock.Set(time.Date(2026, 11, 23, 9, 50, 0, 0, testenvLoc))
	w1 := h.issue(t, officer, "centre", "dat-dai") // before the start: ahead of the appointments
	h.bookings.Sweep(context.Background())         // 09:50: nothing to place yet
	h.env.Clock.Set(time.Date(2026, 11, 23, 10, 0, 30, 0, testenvLoc))
	// after the start: behind them — placed by the issue itself, with no sweep or event between
	// (a call right after this walk-in's issue must not find it ahead of the appointments)
	w2 := h.issue(t, officer, "centre", "dat-dai")
	got := h.callOrder(t, officer, "q1", 10)
	want := []string{w0.Number, w1.Number, ta.Number, tb.Number, w2.Number}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("order: got %v, want %v", got, want)
	}
}
