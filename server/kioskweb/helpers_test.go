package kioskweb_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"

	"luot/server/internal/browser"
	"luot/server/internal/testenv"
	"luot/server/internal/testserver"
)

// The viewports the pages are made for.
const (
	landscapeW, landscapeH = 1920, 1080
	portraitW, portraitH   = 1080, 1920
	phoneW, phoneH         = 390, 844
)

// wait is how long a page may take to show something; polling stops as soon as it does.
const wait = browser.Wait

// realOrg starts the server on the real Bình Dương organisation (config/binhduong.yaml).
func realOrg(t *testing.T) *testserver.Server {
	t.Helper()
	return testserver.StartWith(t, testenv.NewWith(t, testserver.ShippedOrg(t)))
}

// page opens a fresh Chromium of w×h at url and reports the page's uncaught errors.
func page(t *testing.T, w, h int, url string) context.Context {
	t.Helper()
	return browser.Open(t, w, h, url, wait)
}

// kiosk opens the kiosk page paired with a new kiosk device of site, and waits for its buttons.
func kiosk(t *testing.T, s *testserver.Server, site string, w, h int, query string) context.Context {
	t.Helper()
	tok := s.Device(t, site, "kiosk", "")
	ctx := page(t, w, h, s.URL+"/kiosk/"+query+"#pair="+tok)
	visible(t, ctx, ".svc")
	return ctx
}

// run runs chromedp actions with a deadline.
func run(t *testing.T, ctx context.Context, actions ...chromedp.Action) {
	t.Helper()
	browser.Run(t, ctx, wait, actions...)
}

// visible waits until the element is visible.
func visible(t *testing.T, ctx context.Context, sel string) {
	t.Helper()
	run(t, ctx, chromedp.WaitVisible(sel, chromedp.ByQuery))
}

// js evaluates an expression in the page.
func js(t *testing.T, ctx context.Context, expr string, out any) {
	t.Helper()
	run(t, ctx, chromedp.Evaluate(expr, out))
}

// until polls a boolean expression until it holds, or fails with what it last saw.
func until(t *testing.T, ctx context.Context, limit time.Duration, expr, what string) time.Duration {
	t.Helper()
	return browser.Until(t, ctx, limit, expr, what)
}

// text returns the trimmed text of the first element matching sel ("" if none).
func text(t *testing.T, ctx context.Context, sel string) string {
	t.Helper()
	return browser.Text(t, ctx, sel)
}

// textIs checks the trimmed text of the first element matching sel; what names it in the
// failure.
func textIs(t *testing.T, ctx context.Context, sel, want, what string) {
	t.Helper()
	if got := text(t, ctx, sel); got != want {
		t.Errorf("%s: %q, want %q", what, got, want)
	}
}

// shown reports whether the element is displayed.
func shown(t *testing.T, ctx context.Context, sel string) bool {
	t.Helper()
	var ok bool
	js(t, ctx, fmt.Sprintf(`(() => { const e = document.querySelector(%q); return !!e && e.getClientRects().length > 0 && getComputedStyle(e).visibility !== "hidden"; })()`, sel), &ok)
	return ok
}

// shot saves a screenshot under test-output/screenshots once fonts and images are loaded.
func shot(t *testing.T, ctx context.Context, name string) string {
	t.Helper()
	c, cancel := context.WithTimeout(ctx, wait)
	defer cancel()
	var ok bool
	_ = chromedp.Run(c, chromedp.Evaluate(`document.fonts.ready.then(() => true)`, &ok, func(p *runtime.EvaluateParams) *runtime.EvaluateParams {
		return p.WithAwaitPromise(true)
	}))
	return browser.Screenshot(t, ctx, name)
}
