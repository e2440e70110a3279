package kioskweb_test

import (
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"luot/server/internal/browser"
	"luot/server/internal/testenv"
)

// TestKioskAxe: axe-core finds no WCAG 2.0–2.2 A/AA violation on the kiosk of the real
// organisation's centre in any of its states — services, the ticket, idle, closed,
// unavailable — in landscape and portrait, in Vietnamese and English.
func TestKioskAxe(t *testing.T) {
	for _, v := range []struct {
		name string
		w, h int
	}{{"landscape", landscapeW, landscapeH}, {"portrait", portraitW, portraitH}} {
		t.Run(v.name, func(t *testing.T) {
			s := realOrg(t)
			ctx := kiosk(t, s, "ttpvhcc", v.w, v.h, "?print=off&idle=6&refresh=2")
			browser.Axe(t, ctx, "kiosk services "+v.name)
			run(t, ctx, chromedp.Click(`.chip[data-id="elderly"]`, chromedp.ByQuery))
			browser.Axe(t, ctx, "kiosk services with a priority chosen "+v.name)

			run(t, ctx, chromedp.Click("#lang", chromedp.ByQuery))
			until(t, ctx, wait, `document.documentElement.lang === "en"`, "English")
			browser.Axe(t, ctx, "kiosk services in English "+v.name)
			run(t, ctx, chromedp.Click("#lang", chromedp.ByQuery))

			run(t, ctx, chromedp.Click(`.svc[data-service="dat-dai"]`, chromedp.ByQuery))
			visible(t, ctx, "#tk-number")
			until(t, ctx, wait, `document.getElementById("tk-qr").complete`, "the QR code loads")
			browser.Axe(t, ctx, "kiosk ticket "+v.name)
			run(t, ctx, chromedp.Click("#tk-done", chromedp.ByQuery))

			until(t, ctx, wait, `!document.getElementById("idle").classList.contains("hidden")`, "the idle screen")
			browser.Axe(t, ctx, "kiosk idle "+v.name)
			run(t, ctx, chromedp.Click("#idle", chromedp.ByQuery))

			s.Redis.Stop()
			visible(t, ctx, "#down")
			browser.Axe(t, ctx, "kiosk unavailable "+v.name)
			s.Redis.Restart()
			until(t, ctx, 20*time.Second, `document.getElementById("down").classList.contains("hidden")`, "the kiosk recovers")

			s.Clock.Set(time.Date(2026, 11, 29, 14, 0, 0, 0, testenv.Loc())) // Sunday afternoon
			visible(t, ctx, "#closed")
			browser.Axe(t, ctx, "kiosk closed "+v.name)
		})
	}
}
