package api_test

import (
	"strings"
	"testing"
	"time"

	"luot/server/queue"
)

// TestReportByChannel: a day with a kiosk ticket, two remote numbers, an appointment and a
// ticket issued by staff reads by=channel as one row each, named, in every format.
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
	h.env.Clock.Set(time.Date(2026, 11, 23, 9, 45, 0, 0, testenvLoc))
	h.checkin(t, kiosk, "centre", b.Code).want(t, 201)

	var r struct {
		By   string `json:"by"`
		Rows []struct {
			Key    string `json:"key"`
			Name   string `json:"name"`
			Issued int    `json:"issued"`
		} `json:"rows"`
		Total struct{ Issued int } `json:"total"`
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
	for format, mime := range map[string]string{"csv": "text/csv", "xlsx": "spreadsheetml", "pdf": "application/pdf"} {
		res := h.do(t, req{method: "GET", path: "/api/v1/reports?site=centre&from=2026-11-23&to=2026-11-23&by=channel&format=" + format, token: admin}).want(t, 200)
		if !strings.Contains(res.header.Get("Content-Type"), mime) || len(res.body) < 100 {
			t.Errorf("%s: %s, %d bytes", format, res.header.Get("Content-Type"), len(res.body))
		}
		if format == "csv" && (!strings.Contains(string(res.body), "Lịch hẹn") || !strings.Contains(string(res.body), "appointment")) {
			t.Errorf("csv lacks the appointment row: %s", res.body)
		}
	}
}
