package kioskweb_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/chromedp/chromedp"

	"luot/server/internal/browser"
	"luot/server/queue"
)

// TestTrackAccessible: on the real organisation's centre the tracking page has no WCAG
// 2.0–2.2 A/AA violation while waiting, called, asking for the rating and thanking; the call
// is said to screen readers by a live region (the number and the counter, once); and every
// state fits a phone at 200 % zoom (320 CSS px wide) without scrolling sideways.
func TestTrackAccessible(t *testing.T) {
	s := realOrg(t)
	kioskTok := s.Device(t, "ttpvhcc", "kiosk", "")
	var mine queue.Ticket
	for i := 0; i < 2; i++ {
		s.Do(t, kioskTok, "POST", "/api/v1/sites/ttpvhcc/tickets", map[string]string{"service": "dat-dai"}, 201, &mine)
	}
	officer := s.User(t, "hoa", queue.RoleOfficer, "ttpvhcc")
	act := func(action string) {
		s.Do(t, officer, "POST", "/api/v1/sites/ttpvhcc/counters/q02/"+action, map[string]any{}, 200, nil)
	}
	ctx := page(t, phoneW, phoneH, s.URL+"/t/"+mine.ID)
	check := func(state string) {
		t.Helper()
		browser.Axe(t, ctx, "tracking "+state)
		fitsAtDoubleZoom(t, ctx, "track-zoom-"+state)
	}

	until(t, ctx, wait, `document.getElementById("ahead").textContent === "1"`, "one ahead")
	textIs(t, ctx, "#announce", "", "the live region says")
	check("waiting")

	var live, atomic string
	js(t, ctx, `document.getElementById("announce").getAttribute("aria-live")`, &live)
	js(t, ctx, `document.getElementById("announce").getAttribute("aria-atomic")`, &atomic)
	if live != "assertive" || atomic != "true" {
		t.Errorf("the announcement region has aria-live=%q aria-atomic=%q, want assertive and true", live, atomic)
	}
	act("open")
	act("next") // A001
	act("finish")
	act("next") // mine, A002
	until(t, ctx, wait, `document.getElementById("called-counter").textContent === "2"`, "called to counter 2")
	want := fmt.Sprintf("Đến lượt quý vị: số %s. Mời quý vị đến quầy số 2.", mine.Number)
	if got := text(t, ctx, "#announce"); got != want {
		t.Errorf("the live region says %q, want %q", got, want)
	}
	check("called")
	act("recall")
	want = fmt.Sprintf("Mời lần 2: số %s, xin quý vị đến ngay quầy số 2.", mine.Number)
	until(t, ctx, wait, fmt.Sprintf(`document.getElementById("announce").textContent === %q`, want), "the recall said to screen readers")

	act("start")
	until(t, ctx, wait, `document.getElementById("announce").textContent === ""`, "the live region emptied once served")
	act("finish")
	visible(t, ctx, `#levels .level[data-level="satisfied"]`)
	check("rating")
	run(t, ctx, chromedp.Click(`#levels .level[data-level="satisfied"]`, chromedp.ByQuery))
	until(t, ctx, wait, `document.getElementById("rate-msg").textContent.startsWith("Cảm ơn quý vị")`, "thanks")
	check("thanks")
}

// fitsAtDoubleZoom shows the page as a 640 px phone at 200 % zoom would (320 CSS px wide,
// two device pixels per CSS pixel), fails if anything makes it scroll sideways, saves a
// screenshot, and puts the phone back.
func fitsAtDoubleZoom(t *testing.T, ctx context.Context, name string) {
	t.Helper()
	run(t, ctx, chromedp.EmulateViewport(320, 640, chromedp.EmulateScale(2)))
	defer run(t, ctx, chromedp.EmulateViewport(phoneW, phoneH))
	until(t, ctx, wait, `innerWidth === 320`, "the 320 px viewport")
	var wide []string
	js(t, ctx, `[...document.querySelectorAll("body *")].filter((e) => {
		const r = e.getBoundingClientRect();
		return r.width > 0 && (r.right > innerWidth + 0.5 || r.left < -0.5) && !e.closest(".sr-only");
	}).map((e) => e.id || e.className || e.tagName).slice(0, 10)`, &wide)
	var scroll, width int
	js(t, ctx, `document.documentElement.scrollWidth`, &scroll)
	js(t, ctx, `document.documentElement.clientWidth`, &width)
	if scroll > width || len(wide) > 0 {
		t.Errorf("%s: at 200 %% zoom the page is %d px wide in %d (sideways scrolling); too wide: %v", name, scroll, width, wide)
	}
	shot(t, ctx, name)
}
