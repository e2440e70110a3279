package api_test

import (
	"context"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"luot/server/internal/browser"
	"luot/server/internal/testserver"
	"luot/server/queue"
)

// logIn opens a staff page at url and signs in on its login form as a user made by
// testserver.Server.User (password name-pass), pressing submit, until done.
func logIn(url, name, submit string, done chromedp.Action) chromedp.Tasks {
	return chromedp.Tasks{
		chromedp.Navigate(url),
		chromedp.WaitVisible("#login-user", chromedp.ByQuery),
		chromedp.SendKeys("#login-user", name, chromedp.ByQuery),
		chromedp.SendKeys("#login-pass", name+"-pass", chromedp.ByQuery),
		chromedp.Click(submit, chromedp.ByQuery),
		done,
	}
}

// signedIn creates a user of role and sites and returns a fresh w×h browser signed in by
// login within step.
func signedIn(t *testing.T, s *testserver.Server, name string, role queue.Role, sites []string, w, h int, step time.Duration, login chromedp.Tasks) context.Context {
	t.Helper()
	s.User(t, name, role, sites...)
	ctx := browser.New(t, w, h)
	browser.Step(t, ctx, step, "sign in as "+name, login)
	return ctx
}
