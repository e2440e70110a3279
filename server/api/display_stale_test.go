package api_test

import (
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"luot/server/internal/browser"
)

// TestHallDisplayStaleCall: a call that reaches the display more than a minute after it was
// made (replayed after an outage) is shown on the board but not spoken; a younger call
// replayed with it is announced. The server's clock moves two minutes during the outage, and
// the display learns the server's time again when it reconnects, before it judges the
// replayed calls' age.
func TestHallDisplayStaleCall(t *testing.T) {
	h := startHall(t)
	display := h.Device(t, "centre", "display", "")
	for _, s := range []string{"dat-dai", "ho-tich", "ho-tich"} {
		h.issue(t, s, "")
	}
	p := startProxy(t, h.URL[len("http://"):])

	ctx := browser.New(t, 1920, 1080)
	ctx, cancel := browser.Timeout(ctx, 2*time.Minute)
	defer cancel()
	if err := chromedp.Run(ctx,
		chromedp.Navigate("http://"+p.addr+"/display/#pair="+display),
		chromedp.WaitVisible("#sound", chromedp.ByQuery),
		chromedp.Click("#sound", chromedp.ByQuery),
	); err != nil {
		t.Fatalf("open the display and enable its sound: %v", err)
	}
	waitJS(t, ctx, `window.__display.state === "live" && document.getElementById("sound").classList.contains("hidden")`, 10*time.Second)
	before := h.act(t, "q1", "next")
	waitJS(t, ctx, `window.__played.length === 1`, 30*time.Second)

	p.cut()
	if err := chromedp.Run(ctx, chromedp.WaitVisible("#offline", chromedp.ByQuery)); err != nil {
		t.Fatalf("no offline marker: %v", err)
	}
	stale := h.act(t, "q2", "next") // made at 09:00:00
	h.Clock.Advance(2 * time.Minute)
	fresh := h.act(t, "q3", "next") // made at 09:02:00: the stale call is now two minutes old
	p.restore(t)

	// The replay brings the stale call first: had it been queued, it would play before the
	// fresh one, so once the fresh one has played the log is complete.
	waitJS(t, ctx, `window.__played.some((e) => e.number === "`+fresh+`")`, 60*time.Second)
	log := playedLog(t, ctx)
	want := []struct {
		number  string
		counter int
	}{{before, 1}, {fresh, 3}}
	if len(log) != len(want) {
		var ages string
		chromedp.Run(ctx, chromedp.Evaluate(`JSON.stringify(window.__display.board.calls.map((c) => [c.number, c.at, window.__display.clock.age(c.at)]))`, &ages))
		t.Fatalf("played %s, want %s→1 %s→3 and not %s (calls, their time and age on the page: %s)", playedList(log), before, fresh, stale, ages)
	}
	for i, w := range want {
		if log[i].Number != w.number || log[i].Counter != w.counter {
			t.Errorf("announcement %d: got %s→%d, want %s→%d (all: %s)", i, log[i].Number, log[i].Counter, w.number, w.counter, playedList(log))
		}
		if log[i].Audio != "played" {
			t.Errorf("announcement %d (%s): audio %q, want played", i, log[i].Number, log[i].Audio)
		}
	}

	// the stale call is on the board all the same: first of the last calls, under the fresh
	// call in the hero, and on its counter's tile
	waitJS(t, ctx, `document.getElementById("hero-number").textContent === "`+fresh+`"`, 5*time.Second)
	if err := chromedp.Run(ctx, chromedp.WaitNotVisible("#offline", chromedp.ByQuery)); err != nil {
		t.Fatalf("offline marker stays: %v", err)
	}
	var last, tiles string
	if err := chromedp.Run(ctx,
		chromedp.Text("#recent li:first-child b", &last, chromedp.ByQuery),
		chromedp.Text("#serving", &tiles, chromedp.ByQuery),
	); err != nil {
		t.Fatal(err)
	}
	if last != stale {
		t.Errorf("latest of the last calls: got %q, want the stale call %s", last, stale)
	}
	for _, n := range []string{stale, fresh} {
		if !strings.Contains(tiles, n) {
			t.Errorf("call %s not on its counter's tile: serving %q", n, tiles)
		}
	}
	browser.Screenshot(t, ctx, "display-stale-call")
}
