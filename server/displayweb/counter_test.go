package displayweb_test

import (
	"testing"
	"time"
)

// TestCounterDisplayContrast: the small screen above counter 5 of the real centre, in every
// state it shows — free, a call (its pill blinking), serving, paused — has every text at least
// 4.5:1 against its background, blinks included.
func TestCounterDisplayContrast(t *testing.T) {
	h := centre(t, 16)
	h.open(t, 5)
	ctx := display(t, h, 1280, 720, "/display/counter/q05?site="+site)
	check := func(state string) {
		t.Helper()
		if bad := lowContrast(t, ctx); len(bad) > 0 {
			t.Errorf("%s: texts under 4.5:1:\n%v", state, bad)
		}
		if l := measure(t, ctx); l.Scroll {
			t.Errorf("%s: the page scrolls", state)
		}
	}
	until(t, ctx, 10*time.Second, `document.getElementById("cd-num").textContent === "5" && document.getElementById("cd-ticket").textContent === "—"`, "counter 5, free")
	check("free")
	n := h.act(t, "q05", "next", nil)
	until(t, ctx, 5*time.Second, `document.getElementById("cd-ticket").textContent === "`+n+`" && document.getElementById("cd-status").classList.contains("called")`, "the call")
	check("called")
	shot(t, ctx, "display-counter-centre")
	h.act(t, "q05", "start", nil)
	until(t, ctx, 5*time.Second, `document.getElementById("cd-status").classList.contains("serving")`, "serving")
	check("serving")
	h.Do(t, h.officers["q05"], "POST", "/api/v1/sites/"+site+"/counters/q05/pause", map[string]string{"reason": "break"}, 200, nil)
	until(t, ctx, 5*time.Second, `document.getElementById("cd-status").classList.contains("paused")`, "paused")
	check("paused")
}
