package bookweb_test

import (
	"strings"
	"testing"

	"luot/server/notify"
)

// TestBookOnAPhone: on a 390×844 phone, a citizen finds the provincial centre by typing its
// name without accents, picks land matters, books Tuesday 08:30 with the code the gateway
// received, sees the check-in code with its QR, and cancels; then takes today's number.
func TestBookOnAPhone(t *testing.T) {
	s, gw := realOrg(t)
	ctx := page(t, phoneW, phoneH, s.URL+"/book/")
	visible(t, ctx, `[data-site="ttpvhcc"]`)
	until(t, ctx, `document.querySelector('[data-site="ttpvhcc"] .wait strong') !== null`, "today's waits on the sites")
	shot(t, ctx, "book-sites")
	typeIn(t, ctx, "#search", "trung tam tinh")
	until(t, ctx, `document.querySelectorAll("#sites .item").length === 1`, "the search keeping the centre only")
	click(t, ctx, `[data-site="ttpvhcc"]`)
	click(t, ctx, `[data-service="dat-dai"]`)
	visible(t, ctx, "#bookslot")
	if got := text(t, ctx, "#take-note"); !strings.Contains(got, "có giá trị như số lấy tại ki-ốt") {
		t.Errorf("take note: %q", got)
	}
	click(t, ctx, "#bookslot")
	click(t, ctx, `.day[data-date="2026-11-24"]`)
	visible(t, ctx, `.slot[data-start="08:30"]`)
	if got := text(t, ctx, `.slot[data-start="08:30"] small`); got != "còn 6 chỗ" {
		t.Errorf("places of the centre's land slot: %q, want còn 6 chỗ", got)
	}
	shot(t, ctx, "book-slots")
	click(t, ctx, `.slot[data-start="08:30"]`)
	typeIn(t, ctx, "#phone", "0901 234 567")
	click(t, ctx, "#send")
	visible(t, ctx, "#code")
	code := gw.Last(t, "0901234567", notify.OTP).Vars["code"]
	typeIn(t, ctx, "#code", code)
	shot(t, ctx, "book-code")
	click(t, ctx, "#confirm")
	visible(t, ctx, "#step-done")
	until(t, ctx, `/^[2-9A-HJKMNP-Z]{6}$/.test(document.getElementById("result-big").innerText.trim())`, "the check-in code shown")
	until(t, ctx, `document.getElementById("result-qr").naturalWidth > 0`, "the booking's QR code loaded")
	bookedCode := text(t, ctx, "#result-big")
	if m := gw.Last(t, "0901234567", notify.BookingConfirmed); m.Vars["code"] != bookedCode {
		t.Errorf("confirmation code %q, page shows %q", m.Vars["code"], bookedCode)
	}
	if got := text(t, ctx, "#result-when"); got != "08:30–09:00, 24/11/2026" {
		t.Errorf("when: %q", got)
	}
	var url string
	js(t, ctx, `location.pathname + location.search`, &url)
	if !strings.HasPrefix(url, "/book/?b=ttpvhcc.") {
		t.Errorf("the address keeps the booking: %q", url)
	}
	shot(t, ctx, "book-done")

	// the link of the booking opens it again, with cancel
	run2 := page(t, phoneW, phoneH, s.URL+url)
	visible(t, run2, "#cancel")
	js(t, run2, `window.confirm = () => true`, nil)
	click(t, run2, "#cancel")
	until(t, run2, `document.getElementById("result").dataset.status === "cancelled"`, "the booking cancelled")
	shot(t, run2, "book-cancelled")

	// today's number, in English
	ctx = page(t, phoneW, phoneH, s.URL+"/book/?lang=en")
	click(t, ctx, `[data-site="ttpvhcc"]`)
	click(t, ctx, `[data-service="dat-dai"]`)
	click(t, ctx, "#take")
	typeIn(t, ctx, "#phone", "+84912345678")
	click(t, ctx, "#send")
	visible(t, ctx, "#code")
	typeIn(t, ctx, "#code", gw.Last(t, "0912345678", notify.OTP).Vars["code"])
	click(t, ctx, "#confirm")
	until(t, ctx, `document.getElementById("result-big").innerText.trim() === "A001"`, "the remote number A001 shown")
	if got := text(t, ctx, "#result-link"); got != "Follow your turn" {
		t.Errorf("link: %q", got)
	}
	shot(t, ctx, "book-number-en")
}
