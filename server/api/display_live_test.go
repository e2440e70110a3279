package api_test

import (
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"luot/server/internal/browser"
	"luot/server/voice"
)

// TestHallDisplayCalls: a paired hall display shows a call within one second of next; three
// calls in quick succession are announced one after another, in order, never over each
// other; a recall is announced again.
func TestHallDisplayCalls(t *testing.T) {
	h := startHall(t)
	display := h.Device(t, "centre", "display", "")
	for _, s := range []string{"dat-dai", "ho-tich", "dat-dai", "doanh-nghiep", "ho-tich", "dat-dai"} {
		h.issue(t, s, "")
	}
	h.issue(t, "dat-dai", "elderly")

	ctx := browser.New(t, 1920, 1080)
	ctx, cancel := browser.Timeout(ctx, 3*time.Minute)
	defer cancel()
	if err := chromedp.Run(ctx,
		chromedp.Navigate(h.URL+"/display/#pair="+display),
		chromedp.WaitVisible("#sound", chromedp.ByQuery),
	); err != nil {
		t.Fatalf("open the display: %v", err)
	}
	waitJS(t, ctx, `window.__display.state === "live"`, 10*time.Second)
	var href string
	chromedp.Run(ctx, chromedp.Evaluate(`location.href`, &href))
	if want := h.URL + "/display/"; href != want {
		t.Errorf("after pairing the address is %s, want %s (the token removed)", href, want)
	}
	var site string
	chromedp.Run(ctx, chromedp.Text("#site-name", &site, chromedp.ByQuery))
	if site != "Trung tâm Thử Nghiệm" {
		t.Errorf("site name: got %q", site)
	}
	// the one click: enable sound; it is remembered
	if err := chromedp.Run(ctx, chromedp.Click("#sound", chromedp.ByQuery)); err != nil {
		t.Fatal(err)
	}
	waitJS(t, ctx, `document.getElementById("sound").classList.contains("hidden") && localStorage.getItem("luot.display.sound") === "on"`, 5*time.Second)

	// a call appears within a second
	start := time.Now()
	first := h.act(t, "q1", "next")
	waitJS(t, ctx, `document.getElementById("hero-number").textContent === "`+first+`"`, time.Second)
	t.Logf("call %s on screen %v after next", first, time.Since(start).Round(time.Millisecond))

	// three calls in quick succession, then a recall of the first
	calls := []string{h.act(t, "q2", "next"), h.act(t, "q3", "next"), h.act(t, "q4", "next")}
	h.act(t, "q1", "recall")
	waitJS(t, ctx, `window.__played.length >= 5`, 100*time.Second)
	log := playedLog(t, ctx)
	want := []struct {
		number  string
		counter int
		recall  bool
	}{{first, 1, false}, {calls[0], 2, false}, {calls[1], 3, false}, {calls[2], 4, false}, {first, 1, true}}
	if len(log) != len(want) {
		t.Fatalf("played %d announcements (%s), want %d", len(log), playedList(log), len(want))
	}
	for i, w := range want {
		p := log[i]
		if p.Number != w.number || p.Counter != w.counter || p.Recall != w.recall {
			t.Errorf("announcement %d: got %s→%d recall %v, want %s→%d recall %v (all: %s)",
				i, p.Number, p.Counter, p.Recall, w.number, w.counter, w.recall, playedList(log))
		}
		if p.Audio != "played" {
			t.Errorf("announcement %d (%s): audio %q, want played", i, p.Number, p.Audio)
		}
		if i > 0 && p.Started < log[i-1].Ended {
			t.Errorf("announcement %d started %d ms before %d ended: they overlap", i, log[i-1].Ended-p.Started, i-1)
		}
	}
	say, err := voice.Say(h.Org.Announcement, first, 1, voice.Options{Dialect: voice.South})
	if err != nil {
		t.Fatal(err)
	}
	if got := log[0].Text; got != say.Text || !strings.HasPrefix(got, "Mời công dân có số thứ tự A không trăm") {
		t.Errorf("spoken text: got %q, want %q", got, say.Text)
	}
	noScroll(t, ctx)
	browser.Screenshot(t, ctx, "display-landscape")
}
