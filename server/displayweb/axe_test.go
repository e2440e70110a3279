package displayweb_test

import (
	"fmt"
	"testing"
	"time"

	"luot/server/internal/browser"
)

// TestDisplayAxe: axe-core finds no WCAG 2.0–2.2 A/AA violation on the hall display of the
// real centre, idle and calling (the latest call blinking), on a landscape 1920×1080 TV and
// a portrait 1080×1920 one, nor on the small display above a counter, free and calling.
func TestDisplayAxe(t *testing.T) {
	h := centre(t, 16)
	h.open(t, 3)
	for _, v := range []struct {
		name string
		w, h int
	}{{"landscape", 1920, 1080}, {"portrait", 1080, 1920}} {
		ctx := display(t, h, v.w, v.h, "/display/?site="+site)
		browser.Axe(t, ctx, "hall display "+v.name+" before any call")
		n := h.act(t, h.counters[0].ID, "next", nil)
		until(t, ctx, 10*time.Second, fmt.Sprintf(`document.body.innerText.includes(%q)`, n), "the call on the display")
		browser.Axe(t, ctx, "hall display "+v.name+" calling "+n)
		h.act(t, h.counters[0].ID, "finish", nil)
	}
	ctx := display(t, h, 1280, 720, "/display/counter/q02?site="+site)
	until(t, ctx, 10*time.Second, `document.getElementById("cd-ticket").textContent === "—"`, "counter 2, free")
	browser.Axe(t, ctx, "counter display free")
	n := h.act(t, "q02", "next", nil)
	until(t, ctx, 5*time.Second, `document.getElementById("cd-ticket").textContent === "`+n+`"`, "the call")
	browser.Axe(t, ctx, "counter display calling")
}
