package api_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"luot/server/internal/browser"
	"luot/server/queue"
)

// minFont checks that the computed font size of the first element matching sel is at least
// px: readable from 10 metres.
func minFont(t *testing.T, ctx context.Context, sel string, px float64) {
	t.Helper()
	var size float64
	if err := chromedp.Run(ctx, chromedp.Evaluate(`parseFloat(getComputedStyle(document.querySelector(`+"`"+sel+"`"+`)).fontSize)`, &size)); err != nil {
		t.Fatalf("font size of %s: %v", sel, err)
	}
	if size < px {
		t.Errorf("%s: font size %.0f px, want at least %.0f px", sel, size, px)
	}
}

// TestHallDisplayPortrait: a portrait TV shows the same board, readable and without scrolling.
func TestHallDisplayPortrait(t *testing.T) {
	h := startHall(t)
	for _, s := range []string{"dat-dai", "ho-tich", "ho-tich", "doanh-nghiep", "dat-dai", "dat-dai", "ho-tich", "doanh-nghiep"} {
		h.issue(t, s, "")
	}
	h.issue(t, "ho-tich", "disability")
	ctx := browser.New(t, 1080, 1920)
	ctx, cancel := browser.Timeout(ctx, time.Minute)
	defer cancel()
	if err := chromedp.Run(ctx, chromedp.Navigate(h.URL+"/display/?site=centre")); err != nil {
		t.Fatal(err)
	}
	waitJS(t, ctx, `(window.__display||{}).state === "live"`, 10*time.Second)
	var last string
	for _, c := range []string{"q4", "q1", "q2", "q3"} {
		last = h.act(t, c, "next")
	}
	waitJS(t, ctx, `document.getElementById("hero-number").textContent === "`+last+`"`, 20*time.Second)
	// the one-time button, clicked, is gone for good
	if err := chromedp.Run(ctx, chromedp.Click("#sound", chromedp.ByQuery)); err != nil {
		t.Fatal(err)
	}
	waitJS(t, ctx, `document.getElementById("sound").classList.contains("hidden")`, 5*time.Second)
	noScroll(t, ctx)
	minFont(t, ctx, "#hero-number", 200)
	minFont(t, ctx, ".tile .tn", 60)
	minFont(t, ctx, ".recent li b", 45)
	// a counter serving a ticket shows its number alone, not also the dash of a counter without one
	waitJS(t, ctx, `document.querySelectorAll(".tile .tn:not(.none)").length === 4 && [...document.querySelectorAll(".tile")].every((t) => t.querySelectorAll(".tn").length === 1)`, 5*time.Second)
	browser.Screenshot(t, ctx, "display-portrait")

	// English on request (?lang=en or the L key)
	if err := chromedp.Run(ctx, chromedp.KeyEvent("l")); err != nil {
		t.Fatal(err)
	}
	var heading string
	chromedp.Run(ctx, chromedp.Text(".serving h2 span", &heading, chromedp.ByQuery))
	if !strings.EqualFold(heading, "Now serving") {
		t.Errorf("after L: heading %q, want Now serving", heading)
	}
}

// TestCounterDisplay: /display/counter/{counter} shows the counter's number and its current
// ticket, huge, and follows the calls live.
func TestCounterDisplay(t *testing.T) {
	h := startHall(t)
	h.issue(t, "ho-tich", "")
	h.issue(t, "ho-tich", "elderly")
	ctx := browser.New(t, 1280, 720)
	ctx, cancel := browser.Timeout(ctx, time.Minute)
	defer cancel()
	if err := chromedp.Run(ctx, chromedp.Navigate(h.URL+"/display/counter/q3?site=centre")); err != nil {
		t.Fatal(err)
	}
	waitJS(t, ctx, `(window.__display||{}).state === "live" && document.getElementById("cd-num").textContent === "3"`, 10*time.Second)
	start := time.Now()
	n := h.act(t, "q3", "next")
	waitJS(t, ctx, `document.getElementById("cd-ticket").textContent === "`+n+`"`, time.Second)
	t.Logf("counter display showed %s after %v", n, time.Since(start).Round(time.Millisecond))
	var status string
	chromedp.Run(ctx, chromedp.Text("#cd-status", &status, chromedp.ByQuery))
	if !strings.HasPrefix(status, "Mời công dân") || !strings.Contains(status, "Ưu tiên") {
		t.Errorf("status: got %q, want Mời công dân … Ưu tiên", status)
	}
	noScroll(t, ctx)
	minFont(t, ctx, "#cd-ticket", 250)
	browser.Screenshot(t, ctx, "display-counter")

	h.act(t, "q3", "start")
	waitJS(t, ctx, `document.getElementById("cd-status").textContent.startsWith("Đang phục vụ")`, 2*time.Second)
	h.Do(t, h.officers["q3"], "POST", "/api/v1/sites/centre/counters/q3/pause", map[string]string{"reason": "break"}, 200, nil)
	waitJS(t, ctx, `document.getElementById("cd-status").textContent.startsWith("Tạm dừng")`, 2*time.Second)
}

// TestDisplayScreens: a display that is not paired, whose token was revoked, or that names
// an unknown site or counter says so calmly in Vietnamese; it never stays blank. An unpaired
// one pairs by the code of the admin page, typed with the remote's digits, without reloading.
func TestDisplayScreens(t *testing.T) {
	h := startHall(t)
	ctx := browser.New(t, 1920, 1080)
	ctx, cancel := browser.Timeout(ctx, time.Minute)
	defer cancel()
	for _, tt := range []struct{ path, title string }{
		{"/display/", "Màn hình chưa được ghép nối"},
		{"/display/#pair=not-a-token", "Màn hình cần được ghép nối lại"},
		{"/display/?site=nowhere", "Không tìm thấy điểm phục vụ"},
		{"/display/counter/q9?site=centre", "Không tìm thấy quầy"},
		{"/display/counter/q1?site=nowhere", "Không tìm thấy điểm phục vụ"},
	} {
		var title string
		if err := chromedp.Run(ctx,
			chromedp.Navigate(h.URL+tt.path),
			chromedp.Reload(), // a new hash alone does not reload the page
			chromedp.WaitVisible("#screen", chromedp.ByQuery),
			chromedp.Text("#screen-title", &title, chromedp.ByQuery),
		); err != nil {
			t.Fatalf("%s: %v", tt.path, err)
		}
		t.Logf("%s: %q", tt.path, title)
		if title != tt.title {
			t.Errorf("%s: got %q, want %q", tt.path, title, tt.title)
		}
		if tt.path == "/display/" {
			browser.Screenshot(t, ctx, "display-unpaired")
		}
	}
	// pairing by the code of the admin page, typed with the digit keys of the remote
	var dev struct {
		PairCode struct{ Code string } `json:"pair_code"`
	}
	h.Do(t, h.User(t, "quantri-tv", queue.RoleAdmin), "POST", "/api/v1/admin/devices", map[string]string{"site": "centre", "kind": "display", "name": "TV"}, 201, &dev)
	keys := []chromedp.Action{chromedp.Navigate(h.URL + "/display/"), chromedp.WaitVisible("#pair-pad .pp-key", chromedp.ByQuery)}
	for _, d := range dev.PairCode.Code {
		keys = append(keys, chromedp.KeyEvent(string(d)))
	}
	if err := chromedp.Run(ctx, keys...); err != nil {
		t.Fatal(err)
	}
	waitJS(t, ctx, `document.getElementById("site-name").textContent === "Trung tâm Thử Nghiệm" && document.getElementById("screen").classList.contains("hidden")`, 10*time.Second)
}
