package api_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"luot/server/internal/browser"
	"luot/server/internal/testserver"
	"luot/server/queue"
)

// The workstation's screen in these tests: the smallest desktop it is made for.
const (
	deskWidth, deskHeight = 1366, 768
	deskStep              = 20 * time.Second // the longest a step of a test may take
)

// deskOfficer creates an officer of the centre and returns a browser signed in at the counter
// page, on the choice of counters.
func deskOfficer(t *testing.T, s *testserver.Server, name string) context.Context {
	t.Helper()
	return signedIn(t, s, name, queue.RoleOfficer, []string{"centre"}, deskWidth, deskHeight, deskStep, deskLogin(s, name))
}

// deskLogin opens the counter page and signs in as a user made by testserver.Server.User,
// up to the choice of counters.
func deskLogin(s *testserver.Server, name string) chromedp.Tasks {
	return logIn(s.URL+"/counter/", name, "#login-go", chromedp.WaitVisible(`#pick-list .counter-card`, chromedp.ByQuery))
}

// centreWithKiosk starts the whole server (testserver.Start) and registers a kiosk of the
// centre, whose token it returns.
func centreWithKiosk(t *testing.T) (*testserver.Server, string) {
	t.Helper()
	s := testserver.Start(t)
	return s, s.Device(t, "centre", "kiosk", "")
}

// deskAt signs a new officer of the centre in at the counter page and takes counter.
func deskAt(t *testing.T, s *testserver.Server, name, counter string) context.Context {
	t.Helper()
	ctx := deskOfficer(t, s, name)
	deskTake(t, ctx, counter)
	return ctx
}

// deskTake opens a counter from the choice of counters and waits for the desk.
func deskTake(t *testing.T, ctx context.Context, counter string) {
	t.Helper()
	deskRun(t, ctx, "take "+counter,
		chromedp.Click(fmt.Sprintf(`#pick-list [data-counter=%q]`, counter), chromedp.ByQuery),
		chromedp.WaitVisible("#screen-desk", chromedp.ByQuery),
		chromedp.WaitVisible("#queues .queue", chromedp.ByQuery),
	)
}

// deskRun runs browser actions within one step's time, failing the test with what was tried.
func deskRun(t *testing.T, ctx context.Context, what string, actions ...chromedp.Action) {
	t.Helper()
	browser.Step(t, ctx, deskStep, what, actions...)
}

// deskUntil waits until a JavaScript expression is true on the page.
func deskUntil(expr string) chromedp.Action { return browser.Poll(expr, deskStep) }

// deskTextIs waits until the element of a selector shows exactly text.
func deskTextIs(sel, text string) chromedp.Action {
	return deskUntil(fmt.Sprintf(`(document.querySelector(%s)?.textContent || "").trim() === %s`, browser.Quote(sel), browser.Quote(text)))
}

// deskTextHas waits until the element of a selector shows text somewhere in it.
func deskTextHas(sel, text string) chromedp.Action {
	return deskUntil(fmt.Sprintf(`(document.querySelector(%s)?.textContent || "").includes(%s)`, browser.Quote(sel), browser.Quote(text)))
}

// deskKey presses keys on the page as a keyboard does: one keyDown that carries the text,
// then keyUp. (chromedp.KeyEvent sends the text as a separate "char" event, which a page's
// preventDefault on keydown cannot stop, unlike a real keyboard's.)
func deskKey(keys string) chromedp.Action {
	return chromedp.ActionFunc(func(ctx context.Context) error {
		for _, r := range keys {
			evs := kb.Encode(r)
			down, up := *evs[0], evs[len(evs)-1]
			if len(evs) == 3 {
				down.Text, down.UnmodifiedText = evs[1].Text, evs[1].UnmodifiedText
			}
			if err := down.Do(ctx); err != nil {
				return err
			}
			if err := up.Do(ctx); err != nil {
				return err
			}
		}
		return nil
	})
}

// deskIssue takes a ticket at the centre's kiosk.
func deskIssue(t *testing.T, s *testserver.Server, kiosk, service, priority string) queue.Ticket {
	t.Helper()
	var tk queue.Ticket
	s.Do(t, kiosk, "POST", "/api/v1/sites/centre/tickets", map[string]string{"service": service, "priority": priority}, 201, &tk)
	return tk
}

// deskQuiet waits until the last message (the toast) has gone, for a clean screenshot.
func deskQuiet() chromedp.Action {
	return deskUntil(`document.querySelector("#toast").classList.contains("hidden")`)
}

// awaitPromise makes chromedp.Evaluate wait for a promise's value.
func awaitPromise(p *runtime.EvaluateParams) *runtime.EvaluateParams { return p.WithAwaitPromise(true) }
