package api_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"luot/server/internal/browser"
	"luot/server/queue"
)

// deskDialogs are the workstation's dialogs: the key that opens each from the desk, and the
// button that does the same (its opener, where focus must come back).
var deskDialogs = []struct{ id, key, opener string }{
	{"dlg-pause", "p", `[data-act="pause"]`},
	{"dlg-transfer", "t", `[data-act="transfer"]`},
	{"dlg-call", "g", `[data-act="call"]`},
	{"dlg-priority", "u", `[data-act="priority"]`},
	{"dlg-confirm", "q", `#btn-close`},
}

// TestDeskAxe: on the real organisation's centre the counter workstation has no WCAG
// 2.0–2.2 A/AA violation signed out, choosing a counter, idle at the desk, serving a citizen,
// and with each of its dialogs open.
func TestDeskAxe(t *testing.T) {
	s := admBinhDuong(t)
	kiosk := s.Device(t, "ttpvhcc", "kiosk", "")
	for i := 0; i < 3; i++ {
		s.Do(t, kiosk, "POST", "/api/v1/sites/ttpvhcc/tickets", map[string]string{"service": "dat-dai", "priority": []string{"", "elderly", ""}[i]}, 201, nil)
	}
	s.User(t, "thu", queue.RoleOfficer, "ttpvhcc")
	ctx := browser.New(t, deskWidth, deskHeight)
	deskRun(t, ctx, "the sign-in screen", chromedp.Navigate(s.URL+"/counter/"), chromedp.WaitVisible("#login-user", chromedp.ByQuery))
	browser.Axe(t, ctx, "desk sign-in")
	deskRun(t, ctx, "a wrong password",
		chromedp.SendKeys("#login-user", "thu", chromedp.ByQuery),
		chromedp.SendKeys("#login-pass", "sai", chromedp.ByQuery),
		chromedp.Click("#login-go", chromedp.ByQuery),
		chromedp.WaitVisible("#login-error", chromedp.ByQuery))
	browser.Axe(t, ctx, "desk sign-in refused")
	var role string
	deskRun(t, ctx, "the refusal is announced", chromedp.Evaluate(`document.getElementById("login-error").getAttribute("role")`, &role))
	if role != "alert" {
		t.Errorf("the sign-in error has role %q, want alert", role)
	}
	deskRun(t, ctx, "sign in", deskLogin(s, "thu"))
	browser.Axe(t, ctx, "desk counter choice")
	deskTake(t, ctx, "q01")
	deskRun(t, ctx, "the queues", deskTextHas("#queues", "3"))
	browser.Axe(t, ctx, "desk idle")
	deskRun(t, ctx, "call and start", deskKey("n"), deskUntil(`document.querySelector("#current").classList.contains("is-called")`))
	browser.Axe(t, ctx, "desk calling")
	deskRun(t, ctx, "start", deskKey("s"), deskUntil(`document.querySelector("#current").classList.contains("is-serving")`))
	browser.Axe(t, ctx, "desk serving")
	for _, d := range deskDialogs {
		deskRun(t, ctx, "open "+d.id, deskKey(d.key), chromedp.WaitVisible("#"+d.id, chromedp.ByQuery))
		browser.Axe(t, ctx, "desk dialog "+d.id)
		deskRun(t, ctx, "close "+d.id, chromedp.KeyEvent("\x1b"), chromedp.WaitNotVisible("#"+d.id, chromedp.ByQuery),
			deskUntil(`!document.querySelector("dialog[open]") && !document.activeElement.closest("dialog")`))
	}
}

// TestDeskKeyboard: every action of the desk is a button reached by Tab with a visible focus
// ring, and each dialog opened from its button by the keyboard keeps Tab inside itself and
// gives the focus back to its button on Escape.
func TestDeskKeyboard(t *testing.T) {
	s := admBinhDuong(t)
	kiosk := s.Device(t, "ttpvhcc", "kiosk", "")
	s.Do(t, kiosk, "POST", "/api/v1/sites/ttpvhcc/tickets", map[string]string{"service": "dat-dai"}, 201, nil)
	s.User(t, "thu", queue.RoleOfficer, "ttpvhcc")
	ctx := browser.New(t, deskWidth, deskHeight)
	deskRun(t, ctx, "sign in", deskLogin(s, "thu"))
	deskTake(t, ctx, "q01")
	deskRun(t, ctx, "call and start", deskKey("n"), deskUntil(`document.querySelector("#current").classList.contains("is-called")`),
		deskKey("s"), deskUntil(`document.querySelector("#current").classList.contains("is-serving")`))

	// Tab through the page from the top: every action button comes, each with a focus ring.
	var reached map[string]bool
	var actions []string
	deskRun(t, ctx, "the actions of a citizen being served", chromedp.Evaluate(`[...document.querySelectorAll("#actions [data-act]:not(:disabled)")].map((b) => b.dataset.act)`, &actions))
	if len(actions) < 6 {
		t.Fatalf("only %v can be done while serving", actions)
	}
	deskRun(t, ctx, "tab through the desk", chromedp.Evaluate(`document.activeElement.blur()`, nil), tabThrough(60, &reached))
	for _, want := range append(actions, "close") {
		if !reached[want] {
			t.Errorf("Tab never reaches the %q button; reached %v", want, reached)
		}
	}
	if reached["!ring"] {
		t.Errorf("an element took the focus without a visible focus ring")
	}

	for _, d := range deskDialogs {
		deskRun(t, ctx, "focus the opener of "+d.id, chromedp.Focus(d.opener, chromedp.ByQuery))
		deskRun(t, ctx, "open "+d.id+" with Enter", chromedp.KeyEvent("\r"), chromedp.WaitVisible("#"+d.id, chromedp.ByQuery))
		for i := 0; i < 12; i++ {
			var inside bool
			deskRun(t, ctx, "tab in "+d.id, chromedp.KeyEvent("\t"),
				chromedp.Evaluate(fmt.Sprintf(`document.getElementById(%q).contains(document.activeElement)`, d.id), &inside))
			if !inside {
				var where string
				deskRun(t, ctx, "where", chromedp.Evaluate(`document.activeElement ? document.activeElement.outerHTML.slice(0, 120) : "none"`, &where))
				t.Fatalf("%s: Tab %d left the dialog for %s", d.id, i+1, where)
			}
		}
		deskRun(t, ctx, "close "+d.id+" with Escape", chromedp.KeyEvent("\x1b"), chromedp.WaitNotVisible("#"+d.id, chromedp.ByQuery))
		back := focusComesBack(ctx, d.opener)
		if !back {
			var where string
			deskRun(t, ctx, "where", chromedp.Evaluate(`document.activeElement ? document.activeElement.outerHTML.slice(0, 120) : "none"`, &where))
			t.Errorf("%s: after Escape the focus is on %s, want its opener %s", d.id, where, d.opener)
		}
	}
}

// tabThrough presses Tab n times and records what took the focus: each button's data-act (or
// id), and "!ring" if a focused element showed no focus ring (no outline and no box-shadow).
func tabThrough(n int, reached *map[string]bool) chromedp.Action {
	return chromedp.ActionFunc(func(ctx context.Context) error {
		got := map[string]bool{}
		for i := 0; i < n; i++ {
			if err := chromedp.KeyEvent("\t").Do(ctx); err != nil {
				return err
			}
			var r struct {
				Name string
				Ring bool
			}
			if err := chromedp.Evaluate(`(() => {
				const e = document.activeElement;
				if (!e || e === document.body) return {name: "", ring: true};
				const s = getComputedStyle(e);
				const ring = (s.outlineStyle !== "none" && parseFloat(s.outlineWidth) >= 2) || s.boxShadow !== "none";
				return {name: e.dataset.act || (e.id === "btn-close" ? "close" : e.id || e.tagName), ring};
			})()`, &r).Do(ctx); err != nil {
				return err
			}
			got[r.Name] = true
			if !r.Ring {
				got["!ring"] = true
				got["!ring:"+r.Name] = true
			}
		}
		*reached = got
		return nil
	})
}

// focusComesBack waits up to two seconds for the focus to be on the element of sel.
func focusComesBack(ctx context.Context, sel string) bool {
	c, cancel := context.WithTimeout(ctx, 2*time.Second)
	defer cancel()
	return chromedp.Run(c, chromedp.Poll(fmt.Sprintf(`document.activeElement === document.querySelector(%q)`, sel), nil, chromedp.WithPollingInterval(20*time.Millisecond))) == nil
}

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
	admRun(t, ctx, "the centre", admView(s, "site/ttpvhcc", ".ctr"))
	browser.Axe(t, ctx, "admin site")
	admRun(t, ctx, "a report",
		admView(s, "reports", "#r-show"),
		chromedp.SetValue("#r-site", "ttpvhcc", chromedp.ByQuery),
		chromedp.Click("#r-show", chromedp.ByQuery),
		admUntil(`document.querySelector("#report-table tr.total") && window.Chart && Chart.getChart("chart-arrivals") !== undefined`))
	browser.Axe(t, ctx, "admin report")
	admRun(t, ctx, "the users", admView(s, "users", `tr[data-user="quantri"]`))
	browser.Axe(t, ctx, "admin users")
	admDialog(t, ctx, "#add-user", "#u-username")
	admRun(t, ctx, "a refused user",
		admOpens("#add-user", "#u-username"),
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
	admRun(t, ctx, "the devices", admView(s, "devices", "#add-device"), chromedp.WaitVisible(`#devices tr[data-device]`, chromedp.ByQuery))
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
			admView(s, v.route, v.ready),
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
