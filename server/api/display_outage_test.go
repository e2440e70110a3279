package api_test

import (
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"luot/server/internal/browser"
)

// TestHallDisplayOutage: the network between a display and the server is cut; calls are made
// meanwhile; when it is restored the display reconnects by itself with since, shows the calls
// and announces them in order. While cut, it shows a small marker.
func TestHallDisplayOutage(t *testing.T) {
	h := startHall(t)
	for _, s := range []string{"dat-dai", "ho-tich", "ho-tich", "dat-dai"} {
		h.issue(t, s, "")
	}
	p := startProxy(t, h.URL[len("http://"):])

	ctx := browser.New(t, 1920, 1080)
	ctx, cancel := browser.Timeout(ctx, 2*time.Minute)
	defer cancel()
	if err := chromedp.Run(ctx, chromedp.Navigate("http://"+p.addr+"/display/?site=centre")); err != nil {
		t.Fatal(err)
	}
	waitJS(t, ctx, `(window.__display||{}).state === "live"`, 10*time.Second)
	before := h.act(t, "q1", "next")
	waitJS(t, ctx, `window.__played.length === 1`, 10*time.Second)

	p.cut()
	if err := chromedp.Run(ctx, chromedp.WaitVisible("#offline", chromedp.ByQuery)); err != nil {
		t.Fatalf("no offline marker: %v", err)
	}
	var marker string
	chromedp.Run(ctx, chromedp.Text("#offline", &marker, chromedp.ByQuery))
	if marker != "Đang kết nối lại…" {
		t.Errorf("offline marker: got %q", marker)
	}
	during := []string{h.act(t, "q2", "next"), h.act(t, "q3", "next"), h.act(t, "q1", "next")}
	p.restore(t)

	waitJS(t, ctx, `window.__played.length >= 4`, 30*time.Second)
	if err := chromedp.Run(ctx, chromedp.WaitNotVisible("#offline", chromedp.ByQuery)); err != nil {
		t.Fatalf("offline marker stays: %v", err)
	}
	log := playedLog(t, ctx)
	want := []string{before, during[0], during[1], during[2]}
	counters := []int{1, 2, 3, 1}
	if len(log) != len(want) {
		t.Fatalf("played %s, want %v", playedList(log), want)
	}
	for i := range want {
		if log[i].Number != want[i] || log[i].Counter != counters[i] {
			t.Errorf("announcement %d: got %s→%d, want %s→%d (all: %s)", i, log[i].Number, log[i].Counter, want[i], counters[i], playedList(log))
		}
	}
	// every call made during the outage is on screen: the latest in the hero, the others in
	// the list, and the counters show their tickets
	waitJS(t, ctx, `document.getElementById("hero-number").textContent === "`+during[2]+`"`, 5*time.Second)
	var recent, tiles string
	chromedp.Run(ctx,
		chromedp.Text("#recent", &recent, chromedp.ByQuery),
		chromedp.Text("#serving", &tiles, chromedp.ByQuery))
	for _, n := range during[:2] {
		if !strings.Contains(recent, n) || !strings.Contains(tiles, n) {
			t.Errorf("call %s missing: recent %q, serving %q", n, recent, tiles)
		}
	}
}
