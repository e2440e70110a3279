package bookweb_test

import (
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"luot/server/internal/testenv"
	"luot/server/internal/testserver"
	"luot/server/notify"
	"luot/server/queue"
)

// bookToday books today's 10:00 land slot at the provincial centre for phone, through the API.
func bookToday(t *testing.T, s *testserver.Server, gw *testserver.Gateway, phone, start string) (id, code string) {
	t.Helper()
	s.Do(t, "", "POST", "/api/v1/otp", map[string]string{"phone": phone}, 202, nil)
	otp := gw.Last(t, phone, notify.OTP).Vars["code"]
	var b struct{ ID, Code string }
	s.Do(t, "", "POST", "/api/v1/sites/ttpvhcc/bookings", map[string]string{"service": "dat-dai", "date": "2026-11-23",
		"start": start, "phone": phone, "code": otp}, 201, &b)
	return b.ID, b.Code
}

// TestKioskCheckinAndTracking: at the kiosk (1920×1080) a citizen opens "Tôi đã đặt lịch",
// types a wrong code and is told so, then holds the booking's QR to the USB reader (keys
// typed fast, then Enter) and gets the appointment's ticket; on the phone the tracking page
// marks it as an appointment of 10:00, ahead of the walk-ins issued after 10:00, and
// postpones it once, behind three of them.
func TestKioskCheckinAndTracking(t *testing.T) {
	s, gw := realOrg(t)
	_, code := bookToday(t, s, gw, "0901234567", "10:00")
	_, early := bookToday(t, s, gw, "0912345678", "11:00")
	_, byCamera := bookToday(t, s, gw, "0923456789", "10:00")
	officer := s.User(t, "canbo", queue.RoleOfficer, "ttpvhcc")
	for range 4 {
		s.Do(t, officer, "POST", "/api/v1/sites/ttpvhcc/tickets", map[string]string{"service": "dat-dai"}, 201, nil)
	}
	s.Clock.Set(time.Date(2026, 11, 23, 9, 45, 0, 0, testenv.Loc()))

	tok := s.Device(t, "ttpvhcc", "kiosk", "")
	ctx := page(t, 1920, 1080, s.URL+"/kiosk/#pair="+tok)
	visible(t, ctx, ".svc")
	click(t, ctx, "#checkin-open")
	visible(t, ctx, "#ci-keys .ci-key")
	var cameraShown bool
	js(t, ctx, `!document.getElementById("ci-camera").classList.contains("hidden")`, &cameraShown)
	if cameraShown {
		t.Error("the camera button shows where the browser has no barcode detector")
	}
	for _, c := range "ZZZZZZ" {
		click(t, ctx, `#ci-keys .ci-key:nth-child(`+strconv.Itoa(strings.IndexRune("23456789ABCDEFGHJKMNPQRSTUVWXYZ", c)+1)+`)`)
	}
	click(t, ctx, "#ci-ok")
	until(t, ctx, `!document.getElementById("ci-msg").classList.contains("hidden")`, "the answer to a wrong code")
	if got := text(t, ctx, "#ci-msg"); !strings.HasPrefix(got, "Không tìm thấy lịch hẹn hôm nay") {
		t.Errorf("wrong code: %q", got)
	}
	shot(t, ctx, "kiosk-checkin-wrong")
	// too early for the 11:00 appointment, typed on the field
	js(t, ctx, `document.getElementById("ci-code").value = ""`, nil)
	run(t, ctx, chromedp.SendKeys("#ci-code", strings.ToLower(early)+"\r", chromedp.ByQuery))
	until(t, ctx, `document.getElementById("ci-msg").innerText.includes("đến sớm")`, "too early said")
	click(t, ctx, "#ci-close")

	// the USB reader types the code and Enter while the services are shown
	run(t, ctx, chromedp.KeyEvent(code+"\r"))
	visible(t, ctx, "#ticket")
	until(t, ctx, `document.getElementById("tk-number").innerText.trim() === "A005"`, "the appointment's ticket A005 shown")
	if got := text(t, ctx, "#tk-appt"); got != "Theo lịch hẹn 10:00" {
		t.Errorf("the ticket's mark: %q, want Theo lịch hẹn 10:00", got)
	}
	var id string
	js(t, ctx, `document.getElementById("ticket").dataset.id`, &id)
	if got := text(t, ctx, "#tk-ahead"); got != "4" {
		t.Errorf("ahead of the appointment: %q, want the 4 walk-ins issued before", got)
	}
	// three walk-ins after the slot's start: the appointment, placed at 10:00, stays ahead of them
	s.Clock.Set(time.Date(2026, 11, 23, 10, 1, 0, 0, testenv.Loc()))
	for range 3 {
		s.Do(t, officer, "POST", "/api/v1/sites/ttpvhcc/tickets", map[string]string{"service": "dat-dai"}, 201, nil)
	}
	shot(t, ctx, "kiosk-checkin-ticket")
	// done with the kiosk's ticket now: the screen closes by itself after its seconds, which
	// the phone's part below (a second browser, axe on each shot) can outlast
	click(t, ctx, "#tk-done")

	phone := page(t, phoneW, phoneH, s.URL+"/t/"+id)
	until(t, phone, `document.getElementById("kind").innerText.trim() === "Lịch hẹn 10:00"`, "the appointment marked")
	until(t, phone, `document.getElementById("ahead").innerText.trim() === "4"`, "4 ahead: the walk-ins after 10:00 are behind")
	visible(t, phone, "#postpone-btn")
	shot(t, phone, "track-appointment")
	click(t, phone, "#postpone-btn")
	until(t, phone, `!document.getElementById("postponed").classList.contains("hidden") && document.getElementById("postpone").classList.contains("hidden")`, "postponed once")
	if got := text(t, phone, "#ahead"); got != "7" {
		t.Errorf("ahead after postponing: %q, want 7 (behind the next 3)", got)
	}
	shot(t, phone, "track-postponed")

	// the camera, where the browser has a barcode detector (stubbed here: Chromium on Linux
	// has none, and the test machine no camera): the QR's code gives the ticket
	js(t, ctx, `(() => {
		window.BarcodeDetector = class { async detect() { return [{ rawValue: "`+byCamera+`" }]; } };
		const c = document.createElement("canvas"); c.width = 64; c.height = 48; c.getContext("2d").fillRect(0, 0, 64, 48);
		navigator.mediaDevices.getUserMedia = async () => c.captureStream(5);
	})()`, nil)
	click(t, ctx, "#checkin-open")
	click(t, ctx, "#ci-camera")
	until(t, ctx, `!document.getElementById("ticket").classList.contains("hidden") && document.getElementById("tk-number").innerText.trim() === "A009"`, "the camera's code gives ticket A009")
}
