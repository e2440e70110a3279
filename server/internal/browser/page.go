package browser

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
)

// Wait is how long a page may take to show something in a test's step; polling stops as soon
// as it does.
const Wait = 10 * time.Second

// Open starts a fresh Chromium of width×height (New) that fails the test on any uncaught error
// of its pages, and opens url in it.
func Open(t testing.TB, width, height int, url string, limit time.Duration) context.Context {
	t.Helper()
	ctx := New(t, width, height)
	chromedp.ListenTarget(ctx, func(ev any) {
		if e, ok := ev.(*runtime.EventExceptionThrown); ok {
			t.Errorf("page error: %s", e.ExceptionDetails.Error())
		}
	})
	Run(t, ctx, limit, chromedp.Navigate(url))
	return ctx
}

// Run runs actions within limit; when they fail it saves a screenshot named after the test
// (failed-<test>) and fails the test.
func Run(t testing.TB, ctx context.Context, limit time.Duration, actions ...chromedp.Action) {
	t.Helper()
	c, cancel := context.WithTimeout(ctx, limit)
	defer cancel()
	if err := chromedp.Run(c, actions...); err != nil {
		Screenshot(t, ctx, "failed-"+safeName(t.Name()))
		t.Fatalf("browser: %v", err)
	}
}

// Until polls a boolean expression until it holds and returns how long that took, or saves a
// screenshot and fails the test after limit.
func Until(t testing.TB, ctx context.Context, limit time.Duration, expr, what string) time.Duration {
	t.Helper()
	start := time.Now()
	for {
		var ok bool
		Run(t, ctx, Wait, chromedp.Evaluate(expr, &ok))
		if ok {
			return time.Since(start)
		}
		if time.Since(start) > limit {
			Screenshot(t, ctx, "failed-"+safeName(t.Name()))
			t.Fatalf("after %v: %s never happened (%s)", limit, what, expr)
		}
		time.Sleep(25 * time.Millisecond)
	}
}

// Text returns the text of the first element matching sel, trimmed and with its spaces
// collapsed ("" when none matches).
func Text(t testing.TB, ctx context.Context, sel string) string {
	t.Helper()
	var s string
	Run(t, ctx, Wait, chromedp.Evaluate(fmt.Sprintf(`(document.querySelector(%s) || {innerText: ""}).innerText.trim()`, Quote(sel)), &s))
	return strings.Join(strings.Fields(s), " ")
}

// Step runs the actions of one step of a test within limit; when they fail, the test fails
// with what was tried and the start of the page's text.
func Step(t testing.TB, ctx context.Context, limit time.Duration, what string, actions ...chromedp.Action) {
	t.Helper()
	c, cancel := context.WithTimeout(ctx, limit)
	defer cancel()
	if err := chromedp.Run(c, actions...); err != nil {
		var page string
		_ = chromedp.Run(ctx, chromedp.Evaluate(`document.body ? document.body.innerText.slice(0, 2000) : ""`, &page))
		t.Fatalf("%s: %v\npage text:\n%s", what, err, page)
	}
}

// Poll is an action that waits up to limit until a JavaScript expression is true on the page.
func Poll(expr string, limit time.Duration) chromedp.Action {
	return chromedp.Poll(expr, nil, chromedp.WithPollingTimeout(limit), chromedp.WithPollingInterval(50*time.Millisecond))
}

// Quote writes s as a JavaScript string literal.
func Quote(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

// safeName makes a test's name a file name.
func safeName(s string) string { return strings.NewReplacer("/", "-", " ", "-").Replace(s) }
