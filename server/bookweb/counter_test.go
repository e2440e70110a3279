package bookweb_test

import (
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"luot/server/internal/testenv"
	"luot/server/queue"
)

// TestCounterAndDisplayMarkAppointments: the appointment checked in at 10:05 for its 10:00
// slot is called before the walk-in of 10:02; the workstation marks it with the slot's time
// and the hall display marks it as an appointment, as it does a remote number.
func TestCounterAndDisplayMarkAppointments(t *testing.T) {
	s, gw := realOrg(t)
	_, code := bookToday(t, s, gw, "0901234567", "10:00")
	officer := s.User(t, "canbo", queue.RoleOfficer, "ttpvhcc")
	kiosk := s.Device(t, "ttpvhcc", "kiosk", "")
	s.Clock.Set(time.Date(2026, 11, 23, 10, 2, 0, 0, testenv.Loc()))
	s.Do(t, kiosk, "POST", "/api/v1/sites/ttpvhcc/tickets", map[string]string{"service": "dat-dai"}, 201, nil)
	s.Clock.Set(time.Date(2026, 11, 23, 10, 5, 0, 0, testenv.Loc()))
	var appt struct{ Number string }
	s.Do(t, kiosk, "POST", "/api/v1/sites/ttpvhcc/checkin", map[string]string{"code": code}, 201, &appt)
	s.Do(t, "", "POST", "/api/v1/otp", map[string]string{"phone": "0912345678"}, 202, nil)
	s.Do(t, "", "POST", "/api/v1/sites/ttpvhcc/tickets", map[string]string{"service": "dat-dai", "channel": "online",
		"phone": "0912345678", "code": gw.Last(t, "0912345678", "otp").Vars["code"]}, 201, nil)

	hall := page(t, 1920, 1080, s.URL+"/display/?site=ttpvhcc")
	desk := page(t, 1366, 768, s.URL+"/counter/")
	run(t, desk, chromedp.WaitVisible("#login-user", chromedp.ByQuery),
		chromedp.SendKeys("#login-user", "canbo", chromedp.ByQuery),
		chromedp.SendKeys("#login-pass", "canbo-pass", chromedp.ByQuery),
		chromedp.Click("#login-go", chromedp.ByQuery),
		chromedp.WaitVisible(`#pick-list [data-counter="q01"]`, chromedp.ByQuery),
		chromedp.Click(`#pick-list [data-counter="q01"]`, chromedp.ByQuery),
		chromedp.WaitVisible("#screen-desk", chromedp.ByQuery))
	s.Do(t, officer, "POST", "/api/v1/sites/ttpvhcc/counters/q01/next", nil, 200, nil)
	until(t, desk, `!!document.querySelector(".meta.remote.appointment")`, "the appointment marked on the workstation")
	if got := text(t, desk, ".meta.remote"); !strings.Contains(got, "Lịch hẹn 10:00") {
		t.Errorf("workstation mark: %q", got)
	}
	if got := text(t, desk, ".cur-main .number"); got != appt.Number {
		t.Errorf("called first: %s, want the appointment %s (before the walk-in of 10:02)", got, appt.Number)
	}
	shot(t, desk, "counter-appointment")
	until(t, hall, `[...document.querySelectorAll(".tile .mark")].some((m) => m.innerText.trim() === "Lịch hẹn")`, "the hall marks the appointment")
	shot(t, hall, "display-appointment")
}
