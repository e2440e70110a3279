package kioskweb_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"

	"luot/config"
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
const wait = 10 * time.Second

// realOrg starts the server on the real Bình Dương organisation (config/binhduong.yaml).
func realOrg(t *testing.T) *testserver.Server {
	t.Helper()
	org, err := config.Load(filepath.Join(browser.Root(), "config", "binhduong.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	return testserver.StartWith(t, testenv.NewWith(t, org))
}

// profileTB gives browser.New a profile directory that is removed patiently: Chromium's
// helper processes may still write into it for a moment after the browser has exited, which
// makes testing's own TempDir cleanup fail now and then ("directory not empty").
type profileTB struct{ testing.TB }

func (p profileTB) TempDir() string {
	dir, err := os.MkdirTemp("", "kioskweb-chromium-")
	if err != nil {
		p.Fatal(err)
	}
	p.Cleanup(func() {
		for i := 0; i < 50 && os.RemoveAll(dir) != nil; i++ {
			time.Sleep(100 * time.Millisecond)
		}
	})
	return dir
}

// page opens a fresh Chromium of w×h at url and reports the page's uncaught errors.
func page(t *testing.T, w, h int, url string) context.Context {
	t.Helper()
	ctx := browser.New(profileTB{t}, w, h)
	chromedp.ListenTarget(ctx, func(ev any) {
		if e, ok := ev.(*runtime.EventExceptionThrown); ok {
			t.Errorf("page error: %s", e.ExceptionDetails.Error())
		}
	})
	run(t, ctx, chromedp.Navigate(url))
	return ctx
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
	c, cancel := context.WithTimeout(ctx, wait)
	defer cancel()
	if err := chromedp.Run(c, actions...); err != nil {
		shot(t, ctx, "failed-"+safe(t.Name()))
		t.Fatalf("browser: %v", err)
	}
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
	start := time.Now()
	for {
		var ok bool
		js(t, ctx, expr, &ok)
		if ok {
			return time.Since(start)
		}
		if time.Since(start) > limit {
			shot(t, ctx, "failed-"+safe(t.Name()))
			t.Fatalf("after %v: %s never happened (%s)", limit, what, expr)
		}
		time.Sleep(25 * time.Millisecond)
	}
}

// text returns the trimmed text of the first element matching sel ("" if none).
func text(t *testing.T, ctx context.Context, sel string) string {
	t.Helper()
	var s string
	js(t, ctx, fmt.Sprintf(`(document.querySelector(%q) || {innerText: ""}).innerText.trim()`, sel), &s)
	return strings.Join(strings.Fields(s), " ")
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

func safe(s string) string { return strings.NewReplacer("/", "-", " ", "-").Replace(s) }
