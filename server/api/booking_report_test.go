package api_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"luot/server/internal/browser"
	"luot/server/queue"
)

// TestReportByChannel: a day with a kiosk ticket, two remote numbers, an appointment and a
// ticket issued by staff reads by=channel as one row each, named, in every format; with the
// appointments of the day (one checked in, one missed, one cancelled): a no-show rate of 50 %.
func TestReportByChannel(t *testing.T) {
	h := newBookingHarness(t, nil)
	admin := h.user(t, "quantri", queue.RoleAdmin)
	officer := h.user(t, "canbo", queue.RoleOfficer, "centre")
	_, kiosk := h.device(t, admin, "centre", "kiosk", "")
	b := h.book(t, "centre", "dat-dai", "2026-11-23", "10:00", "0901111111")
	h.issue(t, kiosk, "centre", "dat-dai")
	h.issue(t, officer, "centre", "ho-tich")
	h.remote(t, "centre", "ho-tich", "0902222222").want(t, 201)
	h.remote(t, "centre", "doanh-nghiep", "0903333333").want(t, 201)
	missed := h.book(t, "centre", "dat-dai", "2026-11-23", "09:30", "0904444444")
	cancelled := h.book(t, "centre", "ho-tich", "2026-11-23", "11:00", "0905555555")
	h.do(t, req{method: "DELETE", path: "/api/v1/bookings/" + cancelled.ID}).want(t, 204)
	h.env.Clock.Set(time.Date(2026, 11, 23, 9, 46, 0, 0, testenvLoc))
	h.checkin(t, kiosk, "centre", b.Code).want(t, 201)
	h.bookings.Sweep(context.Background()) // 09:30 + 15 min of grace have passed
	var m booking
	h.do(t, req{method: "GET", path: "/api/v1/bookings/" + missed.ID}).want(t, 200).decode(t, &m)
	if m.Status != "missed" {
		t.Fatalf("the 09:30 booking at 09:46: %q, want missed", m.Status)
	}

	var r struct {
		By   string `json:"by"`
		Rows []struct {
			Key    string `json:"key"`
			Name   string `json:"name"`
			Issued int    `json:"issued"`
		} `json:"rows"`
		Total        struct{ Issued int } `json:"total"`
		Appointments *struct {
			Booked, Missed, Cancelled int
			CheckedIn                 int      `json:"checked_in"`
			NoShowPct                 *float64 `json:"no_show_pct"`
		} `json:"appointments"`
	}
	h.do(t, req{method: "GET", path: "/api/v1/reports?site=centre&from=2026-11-23&to=2026-11-23&by=channel", token: admin}).want(t, 200).decode(t, &r)
	var got []string
	for _, row := range r.Rows {
		got = append(got, row.Key+"="+row.Name+":"+string(rune('0'+row.Issued)))
	}
	want := "kiosk=Lấy số tại ki-ốt:1 online=Lấy số từ xa (điện thoại):2 appointment=Lịch hẹn:1 staff=Cán bộ cấp tại quầy:1"
	if strings.Join(got, " ") != want || r.Total.Issued != 5 || r.By != "channel" {
		t.Errorf("by channel: got %v (total %d), want %s (total 5)", got, r.Total.Issued, want)
	}
	if a := r.Appointments; a == nil || a.Booked != 3 || a.CheckedIn != 1 || a.Missed != 1 || a.Cancelled != 1 ||
		a.NoShowPct == nil || *a.NoShowPct != 50 {
		t.Errorf("appointments: got %+v, want 3 booked, 1 checked in, 1 missed, 1 cancelled, no-show 50 %%", a)
	}
	for format, mime := range map[string]string{"csv": "text/csv", "xlsx": "spreadsheetml", "pdf": "application/pdf"} {
		res := h.do(t, req{method: "GET", path: "/api/v1/reports?site=centre&from=2026-11-23&to=2026-11-23&by=channel&format=" + format, token: admin}).want(t, 200)
		if !strings.Contains(res.header.Get("Content-Type"), mime) || len(res.body) < 100 {
			t.Errorf("%s: %s, %d bytes", format, res.header.Get("Content-Type"), len(res.body))
		}
		if format == "pdf" {
			// kept for a look: test-output/report-channel.pdf
			_ = os.MkdirAll(filepath.Join(browser.Root(), "test-output"), 0o755)
			_ = os.WriteFile(filepath.Join(browser.Root(), "test-output", "report-channel.pdf"), res.body, 0o644)
		}
		if format == "csv" && (!strings.Contains(string(res.body), "Lịch hẹn") || !strings.Contains(string(res.body), "\nappointments,\"Lịch hẹn: đã đặt, đã nhận số, không đến, đã hủy, tỷ lệ không đến (%)\",3,1,1,1,50,")) {
			t.Errorf("csv lacks the appointment row or the appointments' line: %s", res.body)
		}
	}
}
