package api_test

import (
	"encoding/json"
	"testing"

	"luot/server/queue"
)

// TestCancelWaiting: a supervisor of the site (or of its branch) or an admin cancels the
// waiting tickets of a site, or of one service, in one request: each ticket is cancelled with
// its own ticket.cancelled event, recorded in its history with who did it; called tickets
// stay; officers, kiosks and strangers may not; the reports count them.
func TestCancelWaiting(t *testing.T) {
	t.Parallel()
	h, admin, kiosk := newCentre(t)
	_, pointKiosk := h.device(t, admin, "point", "kiosk", "")
	centreSup := h.user(t, "giam-sat", queue.RoleSupervisor, "centre") // the point's parent
	pointSup := h.user(t, "giam-sat-diem", queue.RoleSupervisor, "point")
	officer := h.user(t, "can-bo", queue.RoleOfficer, "centre")

	var land, civil []ticket
	for range 4 {
		land = append(land, h.issue(t, kiosk, "centre", "dat-dai"))
		civil = append(civil, h.issue(t, kiosk, "centre", "ho-tich"))
	}
	h.act(t, officer, "centre", "q1", "open", nil)
	h.act(t, officer, "centre", "q1", "next", nil) // land[0] is called: it stays
	path := "/api/v1/admin/sites/centre/cancel-waiting"
	for _, who := range []string{"", officer, kiosk, pointSup} {
		r := h.do(t, req{method: "POST", path: path, token: who, body: map[string]string{"service": "dat-dai"}})
		if r.status != 401 && r.status != 403 {
			t.Fatalf("cancel by %q: got %d, want 401 or 403: %s", who, r.status, r.body)
		}
	}
	h.do(t, req{method: "POST", path: path, token: admin, body: map[string]string{"service": "khong-co"}}).wantError(t, 404, "not_found")
	h.do(t, req{method: "POST", path: "/api/v1/admin/sites/khong-co/cancel-waiting", token: admin}).wantError(t, 404, "not_found")

	var got struct {
		Cancelled int `json:"cancelled"`
	}
	h.do(t, req{method: "POST", path: path, token: centreSup, body: map[string]string{"service": "dat-dai"}}).want(t, 200).decode(t, &got)
	if got.Cancelled != 3 {
		t.Errorf("cancel dat-dai: got %d cancelled, want 3 (one was called)", got.Cancelled)
	}
	v := h.site(t, "centre")
	if v.waiting("dat-dai") != 0 || v.waiting("ho-tich") != 4 {
		t.Errorf("waiting after cancelling dat-dai: got %d and %d, want 0 and 4", v.waiting("dat-dai"), v.waiting("ho-tich"))
	}
	for i, tk := range land {
		var t2 ticket
		h.do(t, req{method: "GET", path: "/api/v1/tickets/" + tk.ID}).want(t, 200).decode(t, &t2)
		want := "cancelled"
		if i == 0 {
			want = "called"
		}
		if t2.Status != want {
			t.Errorf("%s: got %s, want %s", tk.Number, t2.Status, want)
		}
	}
	var hist struct {
		History []struct{ Type, By, Detail string } `json:"history"`
	}
	h.do(t, req{method: "GET", path: "/api/v1/tickets/" + land[1].ID + "/history", token: admin}).want(t, 200).decode(t, &hist)
	last := hist.History[len(hist.History)-1]
	if last.Type != "ticket.cancelled" || last.By != "giam-sat" {
		t.Errorf("history: got %+v, want ticket.cancelled by giam-sat", last)
	}

	// the point: its own supervisor, and a whole site at once
	h.issue(t, pointKiosk, "point", "ho-tich")
	h.issue(t, pointKiosk, "point", "dat-dai")
	h.do(t, req{method: "POST", path: "/api/v1/admin/sites/point/cancel-waiting", token: pointSup}).want(t, 200).decode(t, &got)
	if got.Cancelled != 2 {
		t.Errorf("cancel the point: got %d, want 2", got.Cancelled)
	}
	h.do(t, req{method: "POST", path: path, token: admin, body: map[string]any{}}).want(t, 200).decode(t, &got)
	if got.Cancelled != 4 {
		t.Errorf("cancel the centre: got %d, want the 4 of ho-tich", got.Cancelled)
	}

	// one event per ticket, in the site's log
	events, _, err := h.env.Store.Replay(t.Context(), "centre", "0-0", 1000)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, e := range events {
		if e.Type == queue.EvCancelled {
			n++
		}
	}
	if n != 7 {
		t.Errorf("ticket.cancelled events at the centre: got %d, want 7", n)
	}

	var rep struct {
		Total struct{ Cancelled int } `json:"total"`
	}
	r := h.do(t, req{method: "GET", path: "/api/v1/reports?site=centre&from=2026-11-23&to=2026-11-23&by=service", token: admin}).want(t, 200)
	if err := json.Unmarshal(r.body, &rep); err != nil || rep.Total.Cancelled != 7 {
		t.Errorf("report: got %d cancelled (%v), want 7", rep.Total.Cancelled, err)
	}
}
