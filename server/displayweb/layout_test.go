package displayweb_test

import (
	"context"
	"fmt"
	"math"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"luot/server/internal/browser"
)

// The screens a hall display is made for.
var screens = []struct {
	name string
	w, h int
}{
	{"landscape", 1920, 1080},
	{"portrait", 1080, 1920},
	{"small", 1366, 768},
}

// Page turns of the display (display/display.js): counters every 8 s, services every 6 s.
const turn = 8 * time.Second

// TestHallLayouts opens the hall display of the real centre with 4, 16, 40 and 70 counters
// open and each calling a citizen, on a 1080p TV in landscape and portrait and on a 1366×768
// screen. Nothing may scroll or stick out of the screen or of its panel, and no text may be
// cut; the serving list's numbers are at least 80 px on 1080 pixels (in proportion on a
// smaller screen); and every open counter and every service's waiting count is on screen,
// directly or when its page turns. The text of the page, a fresh call's highlight and
// blinks included, is at least 4.5:1 against its background.
func TestHallLayouts(t *testing.T) {
	for _, n := range []int{4, 16, 40, 70} {
		t.Run(fmt.Sprintf("%d-counters", n), func(t *testing.T) {
			h := centre(t, max(n, 16))
			h.open(t, n)
			h.callAll(t, n)
			services := h.Org.Site(site).Services
			var counters []int
			for _, c := range h.counters[:n] {
				counters = append(counters, c.Number)
			}
			for _, sc := range screens {
				t.Run(sc.name, func(t *testing.T) {
					ctx := withSound(t, h, sc.w, sc.h)
					until(t, ctx, 10*time.Second, fmt.Sprintf(`window.__display.board.serving().length === %d`, n), "every open counter on the board")
					// a live call: the hero highlights it (and its number blinks)
					recalled := h.act(t, h.counters[0].ID, "recall", nil)
					until(t, ctx, 10*time.Second, `document.getElementById("hero").classList.contains("fresh") && document.getElementById("hero-number").textContent === "`+recalled+`"`, "the recall in the hero")
					if bad := lowContrast(t, ctx); len(bad) > 0 {
						t.Errorf("texts under 4.5:1:\n%v", bad)
					}
					min := 80 * float64(min(sc.w, sc.h)) / 1080
					seenTiles, seenServices := map[int]bool{}, map[string]bool{}
					pages := 0
					for start := time.Now(); ; pages++ {
						if pages == 0 {
							shot(t, ctx, fmt.Sprintf("display-%d-%s", n, sc.name))
						}
						l := measure(t, ctx)
						if l.Scroll || len(l.Outside) > 0 || len(l.Cut) > 0 {
							t.Fatalf("page %d: scroll %v; outside the screen or its panel: %q; text cut: %q", pages, l.Scroll, l.Outside, l.Cut)
						}
						if l.MinNumber < min || math.IsInf(l.MinNumber, 0) {
							t.Fatalf("page %d: a ticket number of the serving list is %.0f px, want at least %.0f", pages, l.MinNumber, min)
						}
						for _, c := range l.Tiles {
							seenTiles[c] = true
						}
						for _, s := range l.Services {
							seenServices[s] = true
						}
						if pages == 0 {
							t.Logf("%d tiles and %d services on screen at once; numbers %.0f px, counters %.0f px", len(l.Tiles), len(l.Services), l.MinNumber, l.MinLabel)
						}
						if len(seenTiles) == n && len(seenServices) == len(services) {
							break
						}
						if time.Since(start) > time.Duration(l.Pages+2)*turn {
							t.Fatalf("after %v: counters never on screen: %s; services never on screen: %s",
								time.Since(start).Round(time.Second), missing(counters, seenTiles), missing(services, seenServices))
						}
						time.Sleep(time.Second)
					}
					// in English (the L key) too
					run(t, ctx, chromedp.KeyEvent("l"))
					until(t, ctx, 5*time.Second, `document.querySelector(".serving h2 span").textContent === "Now serving"`, "English")
					if l := measure(t, ctx); l.Scroll || len(l.Outside) > 0 || len(l.Cut) > 0 || l.MinNumber < min {
						t.Errorf("in English: scroll %v; outside: %q; cut: %q; numbers %.0f px", l.Scroll, l.Outside, l.Cut, l.MinNumber)
					}
					if n == 16 {
						shot(t, ctx, fmt.Sprintf("display-%d-%s-en", n, sc.name))
					}
				})
			}
		})
	}
}

// shot saves a screenshot under test-output/screenshots, with the blinks and highlights
// stopped at their start (a number gold, not caught mid-blink); the notice keeps scrolling.
func shot(t *testing.T, ctx context.Context, name string) {
	t.Helper()
	const anims = `document.getAnimations().filter((a) => !(a.effect && a.effect.target && a.effect.target.closest(".ticker")))`
	js(t, ctx, anims+`.forEach((a) => { a.pause(); a.currentTime = 0; })`, nil)
	browser.Screenshot(t, ctx, name)
	js(t, ctx, anims+`.forEach((a) => a.play())`, nil)
}
