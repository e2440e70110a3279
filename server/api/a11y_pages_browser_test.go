package api_test

import (
	"context"
	"testing"

	"github.com/chromedp/chromedp"

	"luot/server/internal/browser"
	"luot/server/queue"
)

// TestAdminAxe: on the real organisation the admin area has no WCAG 2.0–2.2 A/AA violation
// signed out, on the province board, a site's detail, a report with its charts, the users and
// the devices (and their dialogs, which keep the focus and give it back on Escape), and the
// organisation.
func TestAdminAxe(t *testing.T) {
	s := admBinhDuong(t)
	kiosk := s.Device(t, "ttpvhcc", "kiosk", "")
	for i := 0; i < 4; i++ {
		s.Do(t, kiosk, "POST", "/api/v1/sites/ttpvhcc/tickets", map[string]string{"service": "dat-dai"}, 201, nil)
	}
	ctx := browser.New(t, 1440, 900)
	admRun(t, ctx, "the sign-in", chromedp.Navigate(s.URL+"/admin/"), chromedp.WaitVisible("#login-user", chromedp.ByQuery))
	browser.Axe(t, ctx, "admin sign-in")
	var live string
	admRun(t, ctx, "the messages' live region", chromedp.Evaluate(`(document.getElementById("toast") || {getAttribute: () => "none"}).getAttribute("aria-live")`, &live))
	if live != "polite" {
		t.Errorf("the admin area's message region has aria-live=%q from the start, want polite", live)
	}
	s.User(t, "quantri", queue.RoleAdmin)
	admRun(t, ctx, "sign in", admLogin(s, "quantri"))
	admRun(t, ctx, "the board", chromedp.WaitVisible(".groups .group", chromedp.ByQuery), admUntil(`document.querySelectorAll(".tile[data-site]").length === 101`))
	browser.Axe(t, ctx, "admin board")
	admRun(t, ctx, "the centre", chromedp.Navigate(s.URL+"/admin/#/site/ttpvhcc"), chromedp.WaitVisible(".ctr", chromedp.ByQuery))
	browser.Axe(t, ctx, "admin site")
	admRun(t, ctx, "a report",
		chromedp.Navigate(s.URL+"/admin/#/reports"),
		chromedp.WaitVisible("#r-show", chromedp.ByQuery),
		chromedp.SetValue("#r-site", "ttpvhcc", chromedp.ByQuery),
		chromedp.Click("#r-show", chromedp.ByQuery),
		admUntil(`document.querySelector("#report-table tr.total") && window.Chart && Chart.getChart("chart-arrivals") !== undefined`))
	browser.Axe(t, ctx, "admin report")
	admRun(t, ctx, "the users", chromedp.Navigate(s.URL+"/admin/#/users"), chromedp.WaitVisible(`tr[data-user="quantri"]`, chromedp.ByQuery))
	browser.Axe(t, ctx, "admin users")
	admDialog(t, ctx, "#add-user", "#u-username")
	admRun(t, ctx, "a refused user",
		chromedp.Click("#add-user", chromedp.ByQuery),
		chromedp.WaitVisible("#u-username", chromedp.ByQuery),
		chromedp.SendKeys("#u-username", "an", chromedp.ByQuery),
		chromedp.Click(dialogOK, chromedp.ByQuery),
		chromedp.WaitVisible(".dialog-error", chromedp.ByQuery))
	browser.Axe(t, ctx, "admin user dialog with an error")
	var announced bool
	admRun(t, ctx, "the error is announced", chromedp.Evaluate(`(() => { const e = document.querySelector(".dialog-error"); return e.getAttribute("role") === "alert" && e.textContent.trim() !== ""; })()`, &announced))
	if !announced {
		t.Errorf("the dialog's error is not in a role=alert region")
	}
	admRun(t, ctx, "cancel", chromedp.KeyEvent("\x1b"), chromedp.WaitNotPresent(".dialog", chromedp.ByQuery))
	admRun(t, ctx, "the devices", chromedp.Navigate(s.URL+"/admin/#/devices"), chromedp.WaitVisible("#add-device", chromedp.ByQuery), chromedp.WaitVisible(`#devices tr[data-device]`, chromedp.ByQuery))
	browser.Axe(t, ctx, "admin devices")
	admDialog(t, ctx, "#add-device", "#d-name")
	admRun(t, ctx, "the organisation", chromedp.Navigate(s.URL+"/admin/#/org"), admUntil(`document.body.innerText.includes("Bình Dương")`))
	browser.Axe(t, ctx, "admin organisation")
}

// admDialog opens a dialog of the admin area from its button by the keyboard, checks it with
// axe, tabs around it (the focus must stay inside), closes it with Escape and checks that the
// focus is back on the button.
func admDialog(t *testing.T, ctx context.Context, opener, field string) {
	t.Helper()
	admRun(t, ctx, "open "+opener, chromedp.Focus(opener, chromedp.ByQuery), chromedp.KeyEvent("\r"), chromedp.WaitVisible(field, chromedp.ByQuery))
	browser.Axe(t, ctx, "admin dialog of "+opener)
	for i := 0; i < 15; i++ {
		var inside bool
		admRun(t, ctx, "tab", chromedp.KeyEvent("\t"), chromedp.Evaluate(`!!document.activeElement.closest(".dialog")`, &inside))
		if !inside {
			t.Fatalf("dialog of %s: Tab %d took the focus out of the dialog", opener, i+1)
		}
	}
	admRun(t, ctx, "Escape", chromedp.KeyEvent("\x1b"), chromedp.WaitNotPresent(".dialog", chromedp.ByQuery))
	if !focusComesBack(ctx, opener) {
		t.Errorf("after Escape the focus is not back on %s", opener)
	}
}

// TestRatingPanelAxe: the rating panel of a counter of the real centre has no WCAG 2.0–2.2
// A/AA violation idle, asking and thanking.
func TestRatingPanelAxe(t *testing.T) {
	s := admBinhDuong(t)
	kiosk := s.Device(t, "ttpvhcc", "kiosk", "")
	s.Do(t, kiosk, "POST", "/api/v1/sites/ttpvhcc/tickets", map[string]string{"service": "dat-dai"}, 201, nil)
	officer := s.User(t, "thu", queue.RoleOfficer, "ttpvhcc")
	token := s.Device(t, "ttpvhcc", "rating", "q01")
	ctx := browser.New(t, panelWidth, panelHeight)
	deskRun(t, ctx, "open the rating panel", chromedp.Navigate(s.URL+"/rate/#pair="+token), chromedp.WaitVisible("#screen-idle", chromedp.ByQuery))
	for _, a := range []string{"open", "next"} {
		s.Do(t, officer, "POST", "/api/v1/sites/ttpvhcc/counters/q01/"+a, nil, 200, nil)
	}
	deskRun(t, ctx, "idle, serving", deskTextHas("#idle-serving", "A001"))
	browser.Axe(t, ctx, "rating panel idle")
	s.Do(t, officer, "POST", "/api/v1/sites/ttpvhcc/counters/q01/finish", nil, 200, nil)
	deskRun(t, ctx, "asking", chromedp.WaitVisible("#screen-ask", chromedp.ByQuery), deskTextIs("#ask-number", "A001"))
	browser.Axe(t, ctx, "rating panel asking")
	deskRun(t, ctx, "rate", chromedp.Click(`.level[data-level="very_satisfied"]`, chromedp.ByQuery), chromedp.WaitVisible("#screen-thanks", chromedp.ByQuery))
	browser.Axe(t, ctx, "rating panel thanks")
}

// TestPublicAxe: the public transparency page of the real organisation has no WCAG
// 2.0–2.2 A/AA violation on a desktop and on a phone.
func TestPublicAxe(t *testing.T) {
	s := admBinhDuong(t)
	for _, v := range []struct {
		name string
		w, h int
	}{{"desktop", 1440, 1000}, {"phone", 390, 844}} {
		ctx := browser.New(t, v.w, v.h)
		admRun(t, ctx, "the page", chromedp.Navigate(s.URL+"/public/"), admUntil(`document.querySelectorAll("article.site").length === 101`))
		browser.Axe(t, ctx, "public "+v.name)
	}
}

// TestAdminKeyboard: on every view of the admin area, Tab reaches its main action and every
// element that takes the focus shows a ring.
func TestAdminKeyboard(t *testing.T) {
	s := admBinhDuong(t)
	ctx := admSignIn(t, s, "quantri", queue.RoleAdmin, 1440, 900)
	for _, v := range []struct{ route, ready, action string }{
		{"board", ".tile[data-site]", "A"},
		{"site/ttpvhcc", ".ctr", "A"},
		{"reports", "#r-show", "r-show"},
		{"users", "#add-user", "add-user"},
		{"devices", "#add-device", "add-device"},
	} {
		var reached map[string]bool
		admRun(t, ctx, "tab through "+v.route,
			chromedp.Navigate(s.URL+"/admin/#/"+v.route),
			chromedp.WaitVisible(v.ready, chromedp.ByQuery),
			chromedp.Evaluate(`document.activeElement.blur()`, nil),
			tabThrough(40, &reached))
		if !reached[v.action] {
			t.Errorf("%s: Tab never reaches %s; reached %v", v.route, v.action, reached)
		}
		for k := range reached {
			if len(k) > 6 && k[:6] == "!ring:" {
				t.Errorf("%s: %s takes the focus without a visible ring", v.route, k[6:])
			}
		}
	}
}
