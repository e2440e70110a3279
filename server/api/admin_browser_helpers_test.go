package api_test

import (
	"context"
	"encoding/json"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"luot/config"
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
	org, err := config.Load(filepath.Join(browser.Root(), "config", "binhduong.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	env := testenv.NewWith(t, org)
	env.Clock.Set(time.Date(2026, 11, 23, 7, 30, 0, 0, testenv.Loc()))
	return testserver.StartWith(t, env)
}

// admSignIn opens the admin area in a fresh browser and signs in as a new user of role.
func admSignIn(t *testing.T, s *testserver.Server, name string, role queue.Role, w, h int, sites ...string) context.Context {
	t.Helper()
	s.User(t, name, role, sites...)
	ctx := browser.New(t, w, h)
	admRun(t, ctx, "sign in as "+name, admLogin(s, name))
	return ctx
}

// admLogin opens the admin area and signs in as a user made by testserver.Server.User.
func admLogin(s *testserver.Server, name string) chromedp.Tasks {
	return chromedp.Tasks{
		chromedp.Navigate(s.URL + "/admin/"),
		chromedp.WaitVisible("#login-user", chromedp.ByQuery),
		chromedp.SendKeys("#login-user", name, chromedp.ByQuery),
		chromedp.SendKeys("#login-pass", name+"-pass", chromedp.ByQuery),
		chromedp.Click(`#login-form button[type=submit]`, chromedp.ByQuery),
		chromedp.WaitNotVisible("#login", chromedp.ByQuery),
	}
}

// admRun runs browser actions within one step's time, failing with what was tried and what the
// page showed.
func admRun(t *testing.T, ctx context.Context, what string, actions ...chromedp.Action) {
	t.Helper()
	tctx, cancel := context.WithTimeout(ctx, admStep)
	defer cancel()
	if err := chromedp.Run(tctx, actions...); err != nil {
		var page string
		_ = chromedp.Run(ctx, chromedp.Evaluate(`document.body ? document.body.innerText.slice(0, 2000) : ""`, &page))
		t.Fatalf("%s: %v\npage text:\n%s", what, err, page)
	}
}

// admUntil waits until a JavaScript expression is true on the page.
func admUntil(expr string) chromedp.Action {
	return chromedp.Poll(expr, nil, chromedp.WithPollingTimeout(admStep), chromedp.WithPollingInterval(50*time.Millisecond))
}

// admJS quotes a string for JavaScript.
func admJS(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

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
