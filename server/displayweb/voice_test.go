package displayweb_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// played is one entry of the page's window.__played: an announcement, logged when the
// `ended` event of its last clip fired (times are the page's Date.now(), in ms).
type played struct {
	Number        string
	Counter       int
	Recall        bool
	Audio         string
	Level         string
	Chime         bool
	Said          string
	Started       int64
	NumberStarted int64
	Ended         int64
	Sentence      float64 // seconds of the full sentence, without pauses
	ChimeSeconds  float64
}

// dropped is one entry of window.__dropped: a queued call not said.
type dropped struct {
	Number  string
	Counter int
	Reason  string
}

// withSound opens the hall display of the centre at w×hgt and turns its sound on, as a
// technician does once.
func withSound(t *testing.T, h *hall, w, hgt int) context.Context {
	t.Helper()
	ctx := display(t, h, w, hgt, "/display/?site="+site)
	run(t, ctx, chromedp.Click("#sound", chromedp.ByQuery))
	until(t, ctx, 5*time.Second, `document.getElementById("sound").classList.contains("hidden") && window.__display.announcer.enabled`, "the sound on")
	return ctx
}

func voiceLog(t *testing.T, ctx context.Context) ([]played, []dropped) {
	t.Helper()
	var p []played
	var d []dropped
	js(t, ctx, `window.__played`, &p)
	js(t, ctx, `window.__dropped`, &d)
	return p, d
}

func list(p []played) string {
	var s []string
	for _, e := range p {
		s = append(s, fmt.Sprintf("%s→%d", e.Number, e.Counter))
	}
	return strings.Join(s, " ")
}

// TestHallVoiceRush: the 16 counters of the real centre call in the same second, as at
// 07:30. Every call is announced once, with the real clips, one after another after one
// chime, and the last one has been said within 60 s of the calls, timed by the `ended`
// events of the page's own audio. The time is set against the earlier way, every call a
// chime and its sentence twice, computed from the same clips.
func TestHallVoiceRush(t *testing.T) {
	h := centre(t, 16)
	h.open(t, 16)
	ctx := withSound(t, h, 1920, 1080)
	at, called := h.callAll(t, 16)
	until(t, ctx, 120*time.Second, `window.__played.length >= 16`, "16 announcements")
	time.Sleep(2 * time.Second) // nothing more comes
	p, d := voiceLog(t, ctx)
	if len(p) != 16 || len(d) != 0 {
		t.Fatalf("played %d (%s), dropped %v; want the 16 calls, none dropped", len(p), list(p), d)
	}
	seen := map[int]bool{}
	var old float64 // seconds the earlier way would take: chime, sentence, 0.55 s, sentence, each
	chimes := 0
	for i, e := range p {
		// the centre reads digits (its own number_reading), the organisation the number
		if !strings.Contains(e.Said, e.Number[:1]+" không không") {
			t.Errorf("announcement %d said %q: want the centre's reading, digit by digit", i, e.Said)
		}
		if e.Audio != "played" || called[e.Counter] != e.Number || seen[e.Counter] {
			t.Errorf("announcement %d: %s→%d (%s), want a call not said before, played", i, e.Number, e.Counter, e.Audio)
		}
		seen[e.Counter] = true
		if i > 0 && e.Started < p[i-1].Ended-100 {
			t.Errorf("announcement %d started %d ms before %d ended: they overlap", i, p[i-1].Ended-e.Started, i-1)
		}
		if e.Chime {
			chimes++
		}
		old += e.ChimeSeconds + 0.15 + 2*e.Sentence + 0.55
		t.Logf("%2d  %s→%-2d  %-10s number at %5.1f s, ended at %5.1f s  %q", i, e.Number, e.Counter, e.Level,
			float64(e.NumberStarted-at.UnixMilli())/1000, float64(e.Ended-at.UnixMilli())/1000, e.Said)
	}
	if chimes != 1 {
		t.Errorf("%d chimes, want one for the calls said back to back", chimes)
	}
	last := time.Duration(p[15].Ended-at.UnixMilli()) * time.Millisecond
	t.Logf("16 calls at once: the last said %.1f s after the calls; said the earlier way (a chime and the sentence twice each) they take %.1f s: %.2f of it",
		last.Seconds(), old, last.Seconds()/old)
	if last > 60*time.Second {
		t.Errorf("the last call was said %v after the calls, want within 60 s", last.Round(100*time.Millisecond))
	}
}

// TestHallVoiceDrops: while a call is being said, others queue; a ticket finished, one
// marked absent and one transferred away are not said; the transferred one is said where it
// is called next; a recall replaces its queued call, in its place.
func TestHallVoiceDrops(t *testing.T) {
	h := centre(t, 16)
	h.openOnly(t, h.counters[:7])
	for _, s := range []string{"dat-dai", "dat-dai", "dat-dai", "xay-dung", "xay-dung", "doanh-nghiep"} {
		h.issue(t, s)
	}
	ctx := withSound(t, h, 1920, 1080)
	a1 := h.act(t, "q01", "next", nil)
	until(t, ctx, 10*time.Second, `window.__display.announcer.busy`, "the first call being said")
	a2 := h.act(t, "q02", "next", nil)
	a3 := h.act(t, "q03", "next", nil)
	b1 := h.act(t, "q04", "next", nil)
	b2 := h.act(t, "q05", "next", nil)
	d1 := h.act(t, "q06", "next", nil)
	h.act(t, "q02", "finish", nil)                                   // done before its turn
	h.act(t, "q03", "no-show", nil)                                  // absent before its turn
	h.act(t, "q04", "transfer", map[string]string{"counter": "q07"}) // sent to counter 7…
	if got := h.act(t, "q07", "next", nil); got != b1 {              // …which calls it
		t.Fatalf("counter 7 called %q, want %s reserved for it", got, b1)
	}
	h.act(t, "q05", "recall", nil) // called again while waiting to be said
	var first bool
	js(t, ctx, `window.__played.length === 0`, &first)
	if !first {
		t.Fatalf("the first call ended before the others were made: the test proves nothing")
	}
	until(t, ctx, 90*time.Second, `window.__played.length >= 4`, "four announcements")
	time.Sleep(3 * time.Second) // nothing more comes
	p, d := voiceLog(t, ctx)
	want := []struct {
		number  string
		counter int
		recall  bool
	}{{a1, 1, false}, {b2, 5, true}, {d1, 6, false}, {b1, 7, false}}
	if len(p) != len(want) {
		t.Fatalf("played %s, want %s→1 %s→5 %s→6 %s→7 (dropped: %v)", list(p), a1, b2, d1, b1, d)
	}
	for i, w := range want {
		if e := p[i]; e.Number != w.number || e.Counter != w.counter || e.Recall != w.recall || e.Audio != "played" {
			t.Errorf("announcement %d: got %s→%d recall %v (%s), want %s→%d recall %v", i, e.Number, e.Counter, e.Recall, e.Audio, w.number, w.counter, w.recall)
		}
	}
	var reasons []string
	for _, e := range d {
		reasons = append(reasons, fmt.Sprintf("%s→%d %s", e.Number, e.Counter, e.Reason))
	}
	slices.Sort(reasons)
	wantDropped := []string{a2 + "→2 ticket.done", a3 + "→3 ticket.no_show", b1 + "→4 ticket.transferred", b2 + "→5 replaced"}
	slices.Sort(wantDropped)
	if !slices.Equal(reasons, wantDropped) {
		t.Errorf("dropped %q, want %q", reasons, wantDropped)
	}
}
