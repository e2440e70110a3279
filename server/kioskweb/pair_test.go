package kioskweb_test

import (
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"luot/server/internal/testserver"
	"luot/server/queue"
)

// TestKioskPairing: an unpaired kiosk asks for pairing; a wrong code typed on its pad is
// refused calmly; a display's code is not a kiosk's; a supervisor's sign-in registers the
// kiosk at their site.
func TestKioskPairing(t *testing.T) {
	s := testserver.Start(t)
	ctx := page(t, landscapeW, landscapeH, s.URL+"/kiosk/?print=off")
	visible(t, ctx, "#pair")
	textIs(t, ctx, "#pair-title", "Ghép nối máy lấy số", "title")
	shot(t, ctx, "kiosk-pair")

	typeCode := func(code string) {
		t.Helper()
		for _, d := range code {
			run(t, ctx, chromedp.Click(`#pair-pad .pp-key[data-key="`+string(d)+`"]`, chromedp.ByQuery))
		}
	}
	typeCode("000000")
	until(t, ctx, wait, `document.querySelector("#pair-pad .pp-msg").textContent.startsWith("Mã ghép nối không đúng")`, "a wrong code is refused")

	var display struct {
		PairCode struct{ Code string } `json:"pair_code"`
	}
	s.Do(t, s.User(t, "quantri-tv", queue.RoleAdmin), "POST", "/api/v1/admin/devices", map[string]string{"site": "centre", "kind": "display", "name": "TV"}, 201, &display)
	typeCode(display.PairCode.Code)
	until(t, ctx, wait, `document.querySelector("#pair-pad .pp-msg").textContent.startsWith("Mã ghép nối này dành cho loại thiết bị khác")`, "a display's code is refused")

	s.User(t, "giamsat", queue.RoleSupervisor, "point")
	run(t, ctx,
		chromedp.SendKeys(`#pair-login input[name="username"]`, "giamsat", chromedp.ByQuery),
		chromedp.SendKeys(`#pair-login input[name="password"]`, "giamsat-pass", chromedp.ByQuery),
		chromedp.Click(`#pair-login button`, chromedp.ByQuery))
	visible(t, ctx, ".svc")
	textIs(t, ctx, "#site-name", "Điểm tiếp nhận phường Một", "paired to")
	var devices []struct{ Site, Kind string }
	s.Do(t, s.User(t, "quantri", queue.RoleAdmin), "GET", "/api/v1/admin/devices", nil, 200, &devices)
	kiosks := 0
	for _, d := range devices {
		if d.Site == "point" && d.Kind == "kiosk" {
			kiosks++
		}
	}
	if kiosks != 1 {
		t.Errorf("got %d kiosks of the point registered, want 1: %+v", kiosks, devices)
	}

	run(t, ctx, chromedp.Click("#lang", chromedp.ByQuery))
	until(t, ctx, wait, `document.querySelector(".hint").textContent === "Touch the service you need to take a queue number"`, "English")
	textIs(t, ctx, `.svc[data-service="ho-tich"] .name`, "Civil status", "English service name")
	shot(t, ctx, "kiosk-english")
}

// TestKioskRevoked: revoking the kiosk's device on the admin side sends it back to pairing.
func TestKioskRevoked(t *testing.T) {
	s := testserver.Start(t)
	ctx := kiosk(t, s, "point", landscapeW, landscapeH, "?print=off&refresh=2")
	admin := s.User(t, "quantri", queue.RoleAdmin)
	var devices []struct{ ID, Site, Kind string }
	s.Do(t, admin, "GET", "/api/v1/admin/devices", nil, 200, &devices)
	for _, d := range devices {
		if d.Site == "point" && d.Kind == "kiosk" {
			s.Do(t, admin, "DELETE", "/api/v1/admin/devices/"+d.ID, nil, 204, nil)
		}
	}
	visible(t, ctx, "#pair")
	until(t, ctx, wait, `document.getElementById("pair-msg").textContent.startsWith("Máy này đã bị thu hồi")`, "the reason")
	var stored string
	js(t, ctx, `localStorage.getItem("luot.kiosk.token") || ""`, &stored)
	if stored != "" {
		t.Errorf("the revoked token is still stored")
	}
}

// TestKioskPairingWhileDown: a code typed while Redis is down is not lost: the pad keeps it,
// says calmly that it is trying again, and pairs by itself once Redis is back (the one
// pairing module of the kiosk, the displays and the rating panel, assets/js/pairing.js).
func TestKioskPairingWhileDown(t *testing.T) {
	s := testserver.Start(t)
	ctx := page(t, landscapeW, landscapeH, s.URL+"/kiosk/?print=off")
	visible(t, ctx, "#pair-pad .pp-key")
	var dev struct {
		PairCode struct{ Code string } `json:"pair_code"`
	}
	s.Do(t, s.User(t, "quantri", queue.RoleAdmin), "POST", "/api/v1/admin/devices", map[string]string{"site": "point", "kind": "kiosk", "name": "Máy lấy số"}, 201, &dev)
	code := dev.PairCode.Code
	s.Redis.Stop()
	for _, d := range code {
		run(t, ctx, chromedp.Click(`#pair-pad .pp-key[data-key="`+string(d)+`"]`, chromedp.ByQuery))
	}
	until(t, ctx, wait, `!!document.querySelector("#pair-pad .pp-msg.wait:not(.hidden)") && document.querySelector("#pair-pad .pp-msg").textContent.startsWith("Chưa kết nối được tới máy chủ; tự thử lại sau")`, "the pad says it tries again")
	var kept string
	js(t, ctx, `document.querySelector("#pair-pad .pairpad").dataset.code`, &kept)
	if kept != code {
		t.Errorf("the pad holds %q while it tries again, want the code typed %q", kept, code)
	}
	shot(t, ctx, "kiosk-pair-retry")
	s.Redis.Restart()
	until(t, ctx, 30*time.Second, `!!document.querySelector(".svc")`, "the kiosk pairs by itself once Redis is back")
	textIs(t, ctx, "#site-name", "Điểm tiếp nhận phường Một", "paired to")
}
