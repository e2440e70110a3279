package api_test

import (
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"

	"luot/server/notify"
	"luot/server/queue"
)

type slotDays struct {
	Site    string `json:"site"`
	Service string `json:"service"`
	Days    []struct {
		Date  string `json:"date"`
		Slots []struct {
			Start    string `json:"start"`
			End      string `json:"end"`
			Capacity int    `json:"capacity"`
			Left     int    `json:"left"`
		} `json:"slots"`
	} `json:"days"`
}

func (h *bookingHarness) slots(tb testing.TB, query string) slotDays {
	tb.Helper()
	var d slotDays
	h.do(tb, req{method: "GET", path: "/api/v1/sites/centre/slots?" + query}).want(tb, 200).decode(tb, &d)
	return d
}

func TestSlotsWithinHorizonAndHours(t *testing.T) {
	h := newBookingHarness(t, nil)
	d := h.slots(t, "service=dat-dai")
	var dates []string
	for _, day := range d.Days {
		dates = append(dates, day.Date)
	}
	// Monday 09:00: today and the six days after it, Saturday and Sunday closed
	if got := strings.Join(dates, " "); got != "2026-11-23 2026-11-24 2026-11-25 2026-11-26 2026-11-27" {
		t.Errorf("days: got %s", got)
	}
	today, tue := d.Days[0].Slots, d.Days[1].Slots
	if today[0].Start != "09:30" || len(today) != 11 {
		t.Errorf("today: got %d slots from %s, want 11 from 09:30 (not started)", len(today), today[0].Start)
	}
	if len(tue) != 15 || tue[0].Start != "07:30" || tue[0].End != "08:00" || tue[7].Start != "11:00" || tue[8].Start != "13:30" ||
		tue[14].Start != "16:30" || tue[0].Capacity != 4 || tue[0].Left != 4 {
		t.Errorf("Tuesday: got %+v, want 07:30–11:30 and 13:30–17:00 in 30-minute slots of 4 places", tue)
	}
	d = h.slots(t, "service=dat-dai&from=2026-11-25&to=2026-12-31")
	if len(d.Days) != 3 || d.Days[0].Date != "2026-11-25" {
		t.Errorf("from Wednesday: got %d days from %v", len(d.Days), d.Days)
	}
	h.do(t, req{method: "GET", path: "/api/v1/sites/centre/slots?service=dat-dai&from=25-11-2026"}).wantError(t, 400, "bad_request")
	h.do(t, req{method: "GET", path: "/api/v1/sites/centre/slots?service=nope"}).wantError(t, 404, "not_found")
	h.do(t, req{method: "GET", path: "/api/v1/sites/nowhere/slots?service=dat-dai"}).wantError(t, 404, "not_found")
}

func TestBookingLifecycle(t *testing.T) {
	h := newBookingHarness(t, nil)
	b := h.book(t, "centre", "dat-dai", "2026-11-24", "08:30", "0901234567")
	if b.Status != "booked" || b.Phone != "090****567" || b.Start != "08:30" || b.End != "09:00" || b.Ticket != nil ||
		len(b.Code) != 6 || strings.ContainsAny(b.Code, "0O1IL") {
		t.Errorf("booking: got %+v", b)
	}
	m := h.gw.Find(t, "0901234567", notify.BookingConfirmed, 0)
	if m.Vars["code"] != b.Code || !strings.Contains(m.Text, "08:30") || m.Site != "centre" {
		t.Errorf("confirmation: got %+v", m)
	}
	var got booking
	h.do(t, req{method: "GET", path: "/api/v1/bookings/" + b.ID}).want(t, 200).decode(t, &got)
	if got != b {
		t.Errorf("GET: got %+v, want %+v", got, b)
	}
	left := func() int {
		for _, s := range h.slots(t, "service=dat-dai&from=2026-11-24&to=2026-11-24").Days[0].Slots {
			if s.Start == "08:30" {
				return s.Left
			}
		}
		return -1
	}
	if n := left(); n != 3 {
		t.Errorf("places left: got %d, want 3", n)
	}
	// the supervisor's day, phones masked
	sup := h.user(t, "giamsat", queue.RoleSupervisor, "centre")
	officer := h.user(t, "canbo", queue.RoleOfficer, "centre")
	h.do(t, req{method: "GET", path: "/api/v1/admin/sites/centre/bookings?date=2026-11-24", token: officer}).wantError(t, 403, "forbidden")
	h.do(t, req{method: "GET", path: "/api/v1/admin/sites/centre/bookings?date=2026-11-24"}).wantError(t, 401, "unauthorized")
	r := h.do(t, req{method: "GET", path: "/api/v1/admin/sites/centre/bookings?date=2026-11-24", token: sup}).want(t, 200)
	if strings.Contains(string(r.body), "0901234567") || !strings.Contains(string(r.body), "090****567") {
		t.Errorf("admin list shows the phone unmasked or not at all: %s", r.body)
	}
	// the citizen cancels: the place is free again, the person may book again
	h.do(t, req{method: "DELETE", path: "/api/v1/bookings/" + b.ID}).want(t, 204)
	if n := left(); n != 4 {
		t.Errorf("places left after cancelling: got %d, want 4", n)
	}
	h.do(t, req{method: "DELETE", path: "/api/v1/bookings/" + b.ID}).wantError(t, 409, "invalid_state")
	h.do(t, req{method: "GET", path: "/api/v1/bookings/" + b.ID}).want(t, 200).decode(t, &got)
	if got.Status != "cancelled" {
		t.Errorf("status after cancelling: got %q", got.Status)
	}
	h.book(t, "centre", "dat-dai", "2026-11-24", "08:30", "0901234567")
	h.do(t, req{method: "GET", path: "/api/v1/bookings/centre.aaaaaaaaaaaaaaaaaaaaaaaa"}).wantError(t, 404, "not_found")
}

func TestBookingRefusals(t *testing.T) {
	h := newBookingHarness(t, nil)
	h.bookings.OTP.Phone = 50
	try := func(date, start, phone string) *resp {
		code := h.code(t, phone)
		return h.do(t, req{method: "POST", path: "/api/v1/sites/centre/bookings", body: map[string]string{
			"service": "dat-dai", "date": date, "start": start, "phone": phone, "code": code}})
	}
	try("2026-11-30", "08:30", "0901234567").wantError(t, 409, "outside_horizon") // the 7th day after
	try("2026-11-22", "08:30", "0901234567").wantError(t, 409, "outside_horizon") // yesterday
	try("2026-11-28", "08:30", "0901234567").wantError(t, 409, "outside_horizon") // Saturday: closed
	try("2026-11-23", "08:30", "0901234567").wantError(t, 409, "outside_horizon") // today, started
	try("2026-11-24", "12:00", "0901234567").wantError(t, 409, "outside_horizon") // lunch
	try("2026-11-24", "08:15", "0901234567").wantError(t, 409, "outside_horizon") // not a slot
	h.do(t, req{method: "POST", path: "/api/v1/sites/centre/bookings", body: map[string]string{
		"service": "dat-dai", "date": "2026-11-24", "start": "08:30", "phone": "0901234567", "code": "123"}}).wantError(t, 400, "bad_code")
	h.do(t, req{method: "POST", path: "/api/v1/sites/centre/bookings", body: map[string]string{
		"service": "dat-dai", "date": "2026-11-24", "start": "08:30", "phone": "12", "code": "123456"}}).wantError(t, 400, "bad_phone")
	h.do(t, req{method: "POST", path: "/api/v1/sites/centre/bookings", body: `{"service": 3}`}).wantError(t, 400, "bad_request")
	// one appointment a service a day, and the day's remote numbers count too
	try("2026-11-24", "08:30", "0901234567").want(t, 201)
	try("2026-11-24", "09:30", "0901234567").wantError(t, 409, "limit_reached")
	try("2026-11-24", "09:30", "0901234567").wantError(t, 409, "limit_reached")
	h.remote(t, "centre", "ho-tich", "0901234567").want(t, 201)
	h.remote(t, "centre", "doanh-nghiep", "0901234567").want(t, 201) // today: another day's count
	try("2026-11-23", "10:00", "0901234567").wantError(t, 409, "limit_reached")
	// the same id number with another phone
	code := h.code(t, "0911111111")
	h.do(t, req{method: "POST", path: "/api/v1/sites/centre/bookings", body: map[string]string{"service": "ho-tich",
		"date": "2026-11-25", "start": "08:30", "phone": "0911111111", "code": code, "id_number": "012345678901"}}).want(t, 201)
	code = h.code(t, "0922222222")
	h.do(t, req{method: "POST", path: "/api/v1/sites/centre/bookings", body: map[string]string{"service": "ho-tich",
		"date": "2026-11-25", "start": "09:00", "phone": "0922222222", "code": code, "id_number": "012345678901"}}).wantError(t, 409, "limit_reached")
}

// TestFiftyBookingsForFourPlaces: 50 citizens book the same slot of 4 places at once; 4 get
// it, 46 hear slot_full, and the slot never holds more than 4.
func TestFiftyBookingsForFourPlaces(t *testing.T) {
	h := newBookingHarness(t, nil)
	h.bookings.OTP.Addr = 1000
	const n = 50
	bodies := make([]map[string]string, n)
	for i := range n {
		phone := fmt.Sprintf("09%08d", i+1)
		bodies[i] = map[string]string{"service": "dat-dai", "date": "2026-11-24", "start": "10:00", "phone": phone, "code": h.code(t, phone)}
	}
	var wg sync.WaitGroup
	status := make([]int, n)
	codes := make([]string, n)
	start := make(chan struct{})
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			r, err := h.send(req{method: "POST", path: "/api/v1/sites/centre/bookings", body: bodies[i]})
			if err != nil {
				t.Error(err)
				return
			}
			status[i] = r.status
			if r.status != http.StatusCreated {
				codes[i], _ = r.errorOf(t)
			}
		}()
	}
	close(start)
	wg.Wait()
	created, full := 0, 0
	for i := range n {
		switch {
		case status[i] == 201:
			created++
		case status[i] == 409 && codes[i] == "slot_full":
			full++
		default:
			t.Errorf("booking %d: got %d %s", i, status[i], codes[i])
		}
	}
	if created != 4 || full != 46 {
		t.Errorf("got %d booked and %d slot_full, want 4 and 46", created, full)
	}
	sup := h.user(t, "giamsat", queue.RoleSupervisor, "centre")
	var list []booking
	h.do(t, req{method: "GET", path: "/api/v1/admin/sites/centre/bookings?date=2026-11-24", token: sup}).want(t, 200).decode(t, &list)
	if len(list) != 4 {
		t.Errorf("the day holds %d bookings, want 4", len(list))
	}
	seen := map[string]bool{}
	for _, b := range list {
		if seen[b.Code] {
			t.Errorf("code %s given twice", b.Code)
		}
		seen[b.Code] = true
	}
	// the refused may book another slot: their count was given back
	code := h.code(t, bodies[0]["phone"])
	if status[0] == 201 {
		code = h.code(t, bodies[1]["phone"])
		bodies[0] = bodies[1]
	}
	b := bodies[0]
	b["start"], b["code"] = "10:30", code
	h.do(t, req{method: "POST", path: "/api/v1/sites/centre/bookings", body: b}).want(t, 201)
}

func TestCancelDayTellsEachCitizen(t *testing.T) {
	h := newBookingHarness(t, nil)
	a := h.book(t, "centre", "dat-dai", "2026-11-24", "08:30", "0901234567")
	h.book(t, "centre", "ho-tich", "2026-11-24", "14:00", "0912345678")
	h.book(t, "centre", "ho-tich", "2026-11-25", "14:00", "0923456789")
	h.do(t, req{method: "DELETE", path: "/api/v1/bookings/" + a.ID}).want(t, 204) // the citizen's own: not told
	sup := h.user(t, "giamsat", queue.RoleSupervisor, "centre")
	var res struct{ Cancelled int }
	h.do(t, req{method: "POST", path: "/api/v1/admin/sites/centre/bookings/cancel?date=2026-11-24", token: sup}).want(t, 200).decode(t, &res)
	if res.Cancelled != 1 {
		t.Errorf("cancelled %d, want 1 (one was cancelled already)", res.Cancelled)
	}
	m := h.gw.Find(t, "0912345678", notify.BookingCancelled, 0)
	if !strings.Contains(m.Text, "14:00") || !strings.Contains(m.Text, "2026-11-24") {
		t.Errorf("cancellation text: %q", m.Text)
	}
	if n := h.gw.Count(notify.BookingCancelled); n != 1 {
		t.Errorf("%d cancellation messages, want 1", n)
	}
	h.do(t, req{method: "POST", path: "/api/v1/admin/sites/centre/bookings/cancel?date=2026-11-24"}).wantError(t, 401, "unauthorized")
}
