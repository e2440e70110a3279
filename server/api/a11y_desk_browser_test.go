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
