package api_test

import (
	"context"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"luot/server/internal/browser"
	"luot/server/internal/testserver"
	"luot/server/queue"
)

// cspRecorder runs in every document and frame before the page's own scripts: it keeps every
// Content-Security-Policy violation the browser reports (securitypolicyviolation events).
const cspRecorder = `window.__csp = [];
document.addEventListener("securitypolicyviolation", (e) => window.__csp.push(
  e.effectiveDirective + " blocked " + (e.blockedURI || "inline") + " at " + e.sourceFile + ":" + e.lineNumber));`

// cspBrowser is a fresh Chromium that records CSP violations on every page it opens.
func cspBrowser(t *testing.T, w, h int) context.Context {
	t.Helper()
	ctx := browser.New(t, w, h)
	admRun(t, ctx, "install the CSP recorder", chromedp.ActionFunc(func(ctx context.Context) error {
		_, err := page.AddScriptToEvaluateOnNewDocument(cspRecorder).Do(ctx)
		return err
	}))
	return ctx
}

// noViolations fails the test with the violations the page (and its frames) reported.
func noViolations(t *testing.T, ctx context.Context, where string) {
	t.Helper()
	var got []string
	admRun(t, ctx, "read the violations of "+where, chromedp.Evaluate(`[...(window.__csp || []),
		...[...document.querySelectorAll("iframe")].flatMap((f) => { try { return f.contentWindow.__csp || []; } catch (e) { return []; } })]`, &got))
	if len(got) > 0 {
		t.Errorf("%s: %d CSP violations:\n%s", where, len(got), strings.Join(got, "\n"))
	}
	// and the policy is in force: an inline script does not run
	var ran bool
	admRun(t, ctx, "probe the policy of "+where, chromedp.Evaluate(`(() => {
		const s = document.createElement("script"); s.textContent = "window.__probe = true"; document.body.append(s);
		return window.__probe === true; })()`, &ran))
	if ran {
		t.Errorf("%s: an inline script ran: no Content-Security-Policy in force", where)
	}
}

// TestPagesSatisfyCSP opens every page on the shipped organisation, with its policy (no
// inline script or style, nothing of another origin), does what each page's user does, and
// finds no violation: the kiosk issues and prints a ticket through its iframe, the tracking
// page follows it, the hall and counter displays show its call, the officer serves it, the
// rating panel asks, and the admin area goes through every view, a dialog and the report's
// charts.
func TestPagesSatisfyCSP(t *testing.T) {
	s := admBinhDuong(t)
	kioskTok := s.Device(t, "ttpvhcc", queue.DeviceKiosk, "")
	displayTok := s.Device(t, "ttpvhcc", queue.DeviceDisplay, "")
	rateTok := s.Device(t, "ttpvhcc", queue.DeviceRating, "q01")
	s.User(t, "can-bo-csp", queue.RoleOfficer, "ttpvhcc")

	kiosk := cspBrowser(t, 1920, 1080)
	var ticketURL string
	admRun(t, kiosk, "the kiosk issues and prints",
		chromedp.Navigate(s.URL+"/kiosk/#pair="+kioskTok),
		chromedp.WaitVisible(`.svc[data-service="dat-dai"]`, chromedp.ByQuery),
		chromedp.Click(`.svc[data-service="dat-dai"]`, chromedp.ByQuery),
		chromedp.WaitVisible("#tk-number", chromedp.ByQuery),
		admUntil(`document.getElementById("tk-qr").complete && document.getElementById("tk-qr").naturalWidth > 0`),
		admUntil(`document.body.dataset.printed === "A001"`),
		chromedp.Evaluate(`document.getElementById("print-frame").src`, &ticketURL),
	)
	noViolations(t, kiosk, "kiosk")
	id := ticketURL[strings.Index(ticketURL, "/tickets/")+len("/tickets/"):]
	id = strings.TrimSuffix(id[:strings.Index(id, "/")], "/")

	track := cspBrowser(t, 390, 844)
	admRun(t, track, "the tracking page",
		chromedp.Navigate(s.URL+"/t/"+id),
		admUntil(`document.getElementById("number").textContent.includes("A001")`))

	hall := cspBrowser(t, 1920, 1080)
	admRun(t, hall, "the hall display",
		chromedp.Navigate(s.URL+"/display/#pair="+displayTok),
		admUntil(`document.getElementById("site-name").textContent.length > 0`))
	small := cspBrowser(t, 1280, 720)
	admRun(t, small, "the counter display",
		chromedp.Navigate(s.URL+"/display/counter/q01?site=ttpvhcc"),
		admUntil(`document.getElementById("cd-num").textContent.trim() === "1"`))
	panel := cspBrowser(t, 1280, 800)
	admRun(t, panel, "the rating panel",
		chromedp.Navigate(s.URL+"/rate/#pair="+rateTok),
		chromedp.WaitVisible("#screen-idle", chromedp.ByQuery))

	desk := cspBrowser(t, deskWidth, deskHeight)
	admRun(t, desk, "the officer takes a counter",
		deskLogin(s, "can-bo-csp"),
		chromedp.Click(`#pick-list [data-counter="q01"]`, chromedp.ByQuery),
		chromedp.WaitVisible("#queues .queue", chromedp.ByQuery),
	)
	admRun(t, desk, "call (N)", deskKey("n"), deskTextHas("#screen-desk", "A001"))
	admRun(t, hall, "the call on the hall display", admUntil(`document.getElementById("hero-number").textContent.includes("A001")`))
	admRun(t, track, "the call on the phone", admUntil(`!document.getElementById("called").classList.contains("hidden")`))
	admRun(t, desk, "finish (F)", deskKey("f"))
	admRun(t, panel, "the panel asks", chromedp.WaitVisible("#screen-ask", chromedp.ByQuery))
	for ctx, where := range map[context.Context]string{track: "tracking page", hall: "hall display", small: "counter display", panel: "rating panel", desk: "counter workstation"} {
		noViolations(t, ctx, where)
	}

	admin := cspBrowser(t, 1920, 1080)
	s.User(t, "quan-tri-csp", queue.RoleAdmin)
	admRun(t, admin, "sign in", admLogin(s, "quan-tri-csp"),
		admUntil(`document.querySelectorAll(".tile[data-site]").length === 101`))
	for _, v := range []struct{ route, ready string }{
		{"#/site/ttpvhcc", `document.querySelectorAll(".ctr").length === 16`},
		{"#/users", `document.querySelector("#users tr[data-user]") !== null`},
		{"#/devices", `document.querySelector("#devices tr[data-device]") !== null`},
		{"#/org", `document.body.innerText.includes("Chi nhánh TP Thủ Dầu Một")`},
	} {
		admRun(t, admin, "admin "+v.route, chromedp.Navigate(s.URL+"/admin/"+v.route), admUntil(v.ready))
	}
	admRun(t, admin, "a dialog of the site's detail",
		chromedp.Navigate(s.URL+"/admin/#/site/ttpvhcc"),
		admUntil(`document.querySelectorAll(".ctr").length === 16`),
		// found and clicked in one step: the detail redraws its counters as events come in,
		// and a node found before a redraw is gone by the click
		chromedp.Evaluate(`document.querySelector('.ctr[data-counter="q02"] .btn').click()`, nil),
		chromedp.WaitVisible(".dialog", chromedp.ByQuery),
		chromedp.Click(".dialog-buttons .btn.secondary", chromedp.ByQuery))
	admRun(t, admin, "the report and its charts",
		admView(s, "reports", "#r-show"),
		chromedp.SetValue("#r-site", "ttpvhcc", chromedp.ByQuery),
		chromedp.SetValue("#r-from", "2026-11-23", chromedp.ByQuery),
		chromedp.SetValue("#r-to", "2026-11-23", chromedp.ByQuery),
		chromedp.Click("#r-show", chromedp.ByQuery),
		admUntil(`document.querySelector("#report-table tr.total") !== null && window.Chart && Chart.getChart("chart-arrivals") !== undefined`))
	noViolations(t, admin, "admin area")

	public := cspBrowser(t, 1920, 1080)
	admRun(t, public, "the transparency page",
		chromedp.Navigate(s.URL+"/public/"),
		admUntil(`document.querySelectorAll("article.site").length === 101`))
	noViolations(t, public, "public page")
}

// TestCSPRecorderSeesViolations proves the recorder above can fail: an inline script and a
// style attribute, which the policy forbids, are reported.
func TestCSPRecorderSeesViolations(t *testing.T) {
	s := testserver.Start(t)
	ctx := cspBrowser(t, 800, 600)
	var n int
	admRun(t, ctx, "violate",
		chromedp.Navigate(s.URL+"/public/"),
		chromedp.WaitReady("body", chromedp.ByQuery),
		chromedp.Evaluate(`(() => {
			const s = document.createElement("script"); s.textContent = "window.x = 1"; document.body.append(s);
			document.body.setAttribute("style", "color: red");
		})()`, nil),
		admUntil(`window.__csp.length >= 2`),
		chromedp.Evaluate(`window.__csp.length`, &n))
	if n < 2 {
		t.Errorf("got %d violations, want the inline script and the style attribute", n)
	}
}
