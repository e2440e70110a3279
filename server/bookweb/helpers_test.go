package bookweb_test

import (
	"context"
	"testing"

	"github.com/chromedp/chromedp"

	"luot/server/internal/browser"
	"luot/server/internal/testenv"
	"luot/server/internal/testserver"
)

const (
	phoneW, phoneH = 390, 844
	wait           = browser.Wait
)

// realOrg starts the server with bookings on config/binhduong.yaml, Monday 09:00.
func realOrg(t *testing.T) (*testserver.Server, *testserver.Gateway) {
	t.Helper()
	return testserver.StartBooking(t, testenv.NewWith(t, testserver.ShippedOrg(t)))
}

// page opens a fresh Chromium of w×h at url and reports the page's uncaught errors.
func page(t *testing.T, w, h int, url string) context.Context {
	t.Helper()
	return browser.Open(t, w, h, url, wait)
}

func run(t *testing.T, ctx context.Context, actions ...chromedp.Action) {
	t.Helper()
	browser.Run(t, ctx, wait, actions...)
}

func visible(t *testing.T, ctx context.Context, sel string) {
	t.Helper()
	run(t, ctx, chromedp.WaitVisible(sel, chromedp.ByQuery))
}

func click(t *testing.T, ctx context.Context, sel string) {
	t.Helper()
	run(t, ctx, chromedp.WaitVisible(sel, chromedp.ByQuery), chromedp.Click(sel, chromedp.ByQuery))
}

func typeIn(t *testing.T, ctx context.Context, sel, s string) {
	t.Helper()
	run(t, ctx, chromedp.WaitVisible(sel, chromedp.ByQuery), chromedp.SendKeys(sel, s, chromedp.ByQuery))
}

func js(t *testing.T, ctx context.Context, expr string, out any) {
	t.Helper()
	run(t, ctx, chromedp.Evaluate(expr, out))
}

// until polls a boolean expression until it holds.
func until(t *testing.T, ctx context.Context, expr, what string) {
	t.Helper()
	browser.Until(t, ctx, wait, expr, what)
}

// text returns the text of the first element matching sel, spaces collapsed.
func text(t *testing.T, ctx context.Context, sel string) string {
	t.Helper()
	return browser.Text(t, ctx, sel)
}

// shot waits for fonts and images, saves a screenshot under test-output/screenshots, and
// measures the state with axe (WCAG 2.0–2.2 A and AA, issue 16): every state these tests
// photograph — the booking pages, the kiosk's check-in, the tracking page of an appointment,
// the marked workstation and hall, the supervisor's day — must pass it.
func shot(t *testing.T, ctx context.Context, name string) {
	t.Helper()
	until(t, ctx, `document.fonts.status === "loaded" && [...document.images].every((i) => i.complete)`, "fonts and images loaded")
	browser.Screenshot(t, ctx, name)
	browser.Axe(t, ctx, name)
}
