package api_test

import (
	"context"
	"testing"

	"github.com/chromedp/chromedp"

	"luot/server/internal/browser"
	"luot/server/internal/testserver"
	"luot/server/queue"
)

// The rating panel's screen in these tests: a 10-inch tablet, landscape.
const panelWidth, panelHeight = 1280, 800

// ratingPanel registers a rating panel of a counter of the centre and opens it with its
// pairing link, as `bin/luot demo` prints it; query is added to the page's URL (e.g. "?ask=2").
func ratingPanel(t *testing.T, s *testserver.Server, counter, query string) context.Context {
	t.Helper()
	token := s.Device(t, "centre", "rating", counter)
	ctx := browser.New(t, panelWidth, panelHeight)
	deskRun(t, ctx, "open the rating panel",
		chromedp.Navigate(s.URL+"/rate/"+query+"#pair="+token),
		chromedp.WaitVisible("#screen-idle", chromedp.ByQuery),
	)
	return ctx
}

// TestRatingPanelTimesOut: a finished ticket the citizen does not rate goes back to idle by
// itself (here after 2 s instead of 30, with ?ask=2), and nothing is recorded; the panel
// then asks about the next finished ticket, in portrait too.
func TestRatingPanelTimesOut(t *testing.T) {
	s, kiosk := centreWithKiosk(t)
	lan := s.User(t, "lan", queue.RoleOfficer, "centre")
	panel := ratingPanel(t, s, "q1", "?ask=2")
	s.Do(t, lan, "POST", "/api/v1/sites/centre/counters/q1/open", nil, 200, nil)
	a1 := deskIssue(t, s, kiosk, "dat-dai", "")
	a2 := deskIssue(t, s, kiosk, "dat-dai", "")
	s.Do(t, lan, "POST", "/api/v1/sites/centre/counters/q1/next", nil, 200, nil)
	deskRun(t, panel, "idle shows the number being served", deskTextHas("#idle-serving", "Đang phục vụ số A001"))
	browser.Screenshot(t, panel, "rate-idle")
	s.Do(t, lan, "POST", "/api/v1/sites/centre/counters/q1/next", nil, 200, nil) // finishes A001, calls A002
	deskRun(t, panel, "the panel asks about A001", deskTextIs("#ask-number", a1.Number))
	deskRun(t, panel, "and goes back to idle without a tap", chromedp.WaitVisible("#screen-idle", chromedp.ByQuery), deskTextHas("#idle-serving", "A002"))
	var got queue.Ticket
	s.Do(t, "", "GET", "/api/v1/tickets/"+a1.ID, nil, 200, &got)
	if got.Rating != nil {
		t.Fatalf("got rating %q, want none", *got.Rating)
	}
	// a tablet held upright: the faces stack, each still a large target
	deskRun(t, panel, "portrait", chromedp.EmulateViewport(800, 1280))
	s.Do(t, lan, "POST", "/api/v1/sites/centre/counters/q1/finish", nil, 200, nil)
	deskRun(t, panel, "the panel asks about A002", deskTextIs("#ask-number", a2.Number))
	var sizes []float64
	deskRun(t, panel, "measure", chromedp.Evaluate(`[...document.querySelectorAll(".level")].map((b) => Math.min(b.getBoundingClientRect().width, b.getBoundingClientRect().height))`, &sizes))
	if len(sizes) != 3 {
		t.Fatalf("got %d level buttons, want 3", len(sizes))
	}
	for _, px := range sizes {
		if px < 150 {
			t.Fatalf("a level button is %.0f px across, want at least 150", px)
		}
	}
	var scrolls bool
	deskRun(t, panel, "no scrolling", chromedp.Evaluate(`document.documentElement.scrollHeight > innerHeight + 1`, &scrolls))
	if scrolls {
		t.Fatal("the portrait panel scrolls")
	}
	browser.Screenshot(t, panel, "rate-ask-portrait")
}

// TestRatingPanelPairing: an unpaired panel shows the pairing form; a supervisor signs in,
// picks the counter, and the panel works for that counter; a revoked token brings the form
// back, saying why.
func TestRatingPanelPairing(t *testing.T) {
	s := testserver.Start(t)
	sup := s.User(t, "sup", queue.RoleSupervisor, "centre")
	ctx := browser.New(t, panelWidth, panelHeight)
	deskRun(t, ctx, "the form shows on an unpaired panel",
		chromedp.Navigate(s.URL+"/rate/"),
		chromedp.WaitVisible("#screen-pair", chromedp.ByQuery),
		chromedp.SendKeys("#pair-user", "sup", chromedp.ByQuery),
		chromedp.SendKeys("#pair-pass", "sup-pass", chromedp.ByQuery),
		chromedp.Click("#pair-go", chromedp.ByQuery),
		chromedp.WaitVisible("#pair-where", chromedp.ByQuery),
		deskUntil(`document.querySelectorAll("#pair-counter option").length === 4`),
		chromedp.SetValue("#pair-counter", "q3", chromedp.ByQuery),
		chromedp.Click("#pair-go", chromedp.ByQuery),
		chromedp.WaitVisible("#screen-idle", chromedp.ByQuery),
		deskTextIs("#idle-number", "3"),
	)
	var devices []struct{ ID, Kind, Counter string }
	s.Do(t, sup, "GET", "/api/v1/admin/devices", nil, 200, &devices)
	if len(devices) != 1 || devices[0].Kind != "rating" || devices[0].Counter != "q3" {
		t.Fatalf("got devices %+v, want one rating panel of q3", devices)
	}
	s.Do(t, sup, "DELETE", "/api/v1/admin/devices/"+devices[0].ID, nil, 204, nil)
	deskRun(t, ctx, "a revoked panel asks to be paired again",
		chromedp.Reload(),
		chromedp.WaitVisible("#screen-pair", chromedp.ByQuery),
		deskTextHas("#pair-notice", "không còn hiệu lực"),
	)
}
