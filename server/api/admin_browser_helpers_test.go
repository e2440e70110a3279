package api_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"luot/server/internal/browser"
	"luot/server/internal/testenv"
	"luot/server/internal/testserver"
	"luot/server/queue"
)

// The screen of the province board: a control room's 1920×1080.
const (
	admBoardW, admBoardH = 1920, 1080
	admStep              = 30 * time.Second // the longest one step of a test may take
)

// admBinhDuong starts the whole server on the shipped organisation (101 sites) at Monday 07:30.
func admBinhDuong(t *testing.T) *testserver.Server {
	t.Helper()
	env := testenv.NewWith(t, testserver.ShippedOrg(t))
	env.Clock.Set(time.Date(2026, 11, 23, 7, 30, 0, 0, testenv.Loc()))
	return testserver.StartWith(t, env)
}

// admSignIn opens the admin area in a fresh browser and signs in as a new user of role.
func admSignIn(t *testing.T, s *testserver.Server, name string, role queue.Role, w, h int, sites ...string) context.Context {
	t.Helper()
	return signedIn(t, s, name, role, sites, w, h, admStep, admLogin(s, name))
}

// admLogin opens the admin area and signs in as a user made by testserver.Server.User.
func admLogin(s *testserver.Server, name string) chromedp.Tasks {
	return logIn(s.URL+"/admin/", name, `#login-form button[type=submit]`, chromedp.WaitNotVisible("#login", chromedp.ByQuery))
}

// admRun runs browser actions within one step's time, failing with what was tried and what the
// page showed.
func admRun(t *testing.T, ctx context.Context, what string, actions ...chromedp.Action) {
	t.Helper()
	browser.Step(t, ctx, admStep, what, actions...)
}

// admUntil waits until a JavaScript expression is true on the page.
func admUntil(expr string) chromedp.Action { return browser.Poll(expr, admStep) }

// admJS quotes a string for JavaScript.
func admJS(s string) string { return browser.Quote(s) }

// admCount reads how many elements match a selector.
func admCount(t *testing.T, ctx context.Context, sel string) int {
	t.Helper()
	var n int
	admRun(t, ctx, "count "+sel, chromedp.Evaluate(fmt.Sprintf(`document.querySelectorAll(%s).length`, admJS(sel)), &n))
	return n
}

// admText reads the text of the first element matching a selector.
func admText(t *testing.T, ctx context.Context, sel string) string {
	t.Helper()
	var s string
	admRun(t, ctx, "read "+sel, chromedp.Evaluate(fmt.Sprintf(`(document.querySelector(%s)?.innerText || "")`, admJS(sel)), &s))
	return s
}
