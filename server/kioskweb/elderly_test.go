package kioskweb_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"luot/server/internal/browser"
)

// smallTargets lists the visible buttons and fields of the page smaller than 64×64 CSS px.
const smallTargets = `[...document.querySelectorAll("button, a[href], input, select, [role=button]")].filter((e) => {
	const r = e.getBoundingClientRect();
	return r.width > 0 && r.height > 0 && !e.closest(".hidden") && getComputedStyle(e).visibility !== "hidden" && (r.width < 64 || r.height < 64);
}).map((e) => { const r = e.getBoundingClientRect(); return (e.id || e.className || e.tagName) + " " + Math.round(r.width) + "×" + Math.round(r.height); })`

// cutNames lists the service names the large-text mode cuts (their text taller than their box).
const cutNames = `[...document.querySelectorAll(".svc .name")].filter((e) => e.scrollHeight > e.clientHeight + 2).map((e) => e.textContent)`

func targetsAtLeast64(t *testing.T, ctx context.Context, state string) {
	t.Helper()
	var small []string
	js(t, ctx, smallTargets, &small)
	if len(small) > 0 {
		t.Errorf("%s: targets under 64 px: %v", state, small)
	}
}

// TestKioskLargeText: the large-text mode is one touch away in the header of the real
// organisation's kiosks (the centre's eighteen services, a commune point's five tiles, in
// landscape and portrait): every word grows, no service name is cut, every target is at least
// 64 px in both modes, axe finds nothing; a ticket taken in it is shown as large, and said
// aloud in Vietnamese in the site's number reading with the hall's clips.
func TestKioskLargeText(t *testing.T) {
	for _, v := range []struct {
		site, orientation string
		w, h              int
		before            int    // tickets of the land service issued before the kiosk's
		said              string // what the kiosk then says
	}{
		{"ttpvhcc", "landscape", landscapeW, landscapeH, 0, "Số của quý vị là A không không một"}, // the centre reads digits
		{"ttpvhcc", "portrait", portraitW, portraitH, 0, "Số của quý vị là A không không một"},
		{"tdm-phu-cuong", "portrait", portraitW, portraitH, 22, "Số của quý vị là A không trăm hai mươi ba"},
		{"tdm-phu-cuong", "landscape", landscapeW, landscapeH, 22, "Số của quý vị là A không trăm hai mươi ba"},
	} {
		name := v.site + "-" + v.orientation
		t.Run(name, func(t *testing.T) {
			s := realOrg(t)
			tok := s.Device(t, v.site, "kiosk", "")
			for i := 0; i < v.before; i++ {
				s.Do(t, tok, "POST", "/api/v1/sites/"+v.site+"/tickets", map[string]string{"service": "dat-dai"}, 201, nil)
			}
			ctx := page(t, v.w, v.h, s.URL+"/kiosk/?print=off#pair="+tok)
			visible(t, ctx, ".svc")
			targetsAtLeast64(t, ctx, "normal text")
			var normal float64
			js(t, ctx, `parseFloat(getComputedStyle(document.querySelector(".svc .name")).fontSize)`, &normal)

			run(t, ctx, chromedp.Click("#large", chromedp.ByQuery))
			until(t, ctx, wait, `document.body.classList.contains("large") && document.getElementById("large").getAttribute("aria-pressed") === "true"`, "the large-text mode")
			var large float64
			js(t, ctx, `parseFloat(getComputedStyle(document.querySelector(".svc .name")).fontSize)`, &large)
			if large < 30 || large < normal*1.2 {
				t.Errorf("a service's name is %.0f px in the large-text mode, %.0f px before; want at least 30 px and 1.2 times", large, normal)
			}
			var cut []string
			js(t, ctx, cutNames, &cut)
			if len(cut) > 0 {
				t.Errorf("names cut in the large-text mode: %q", cut)
			}
			targetsAtLeast64(t, ctx, "large text")
			browser.Axe(t, ctx, "kiosk large text "+name)
			shot(t, ctx, "kiosk-large-"+name)
			var long bool
			js(t, ctx, `(() => { const b = document.getElementById("services"); return b.scrollHeight > b.clientHeight + 2; })()`, &long)
			if long != shown(t, ctx, "#more") {
				t.Errorf("the list is longer than the screen: %v; the button for more: %v", long, !long)
			}
			for i := 0; long && i < 10; i++ { // the button brings every service into view, then back up
				var dir string
				js(t, ctx, `document.getElementById("more").dataset.dir`, &dir)
				if dir == "up" {
					until(t, ctx, wait, `(() => { const b = document.getElementById("services").getBoundingClientRect(), all = [...document.querySelectorAll(".svc")], l = all[all.length - 1].getBoundingClientRect(); return l.bottom <= b.bottom + 1; })()`, "the last service in view")
					run(t, ctx, chromedp.Click("#more", chromedp.ByQuery))
					until(t, ctx, wait, `document.getElementById("services").scrollTop === 0`, "back at the top")
					break
				}
				run(t, ctx, chromedp.Click("#more", chromedp.ByQuery))
				time.Sleep(600 * time.Millisecond) // the smooth scroll
				if i == 9 {
					t.Errorf("ten touches on the button did not reach the end of the list")
				}
			}

			run(t, ctx, chromedp.Click(`.svc[data-service="dat-dai"]`, chromedp.ByQuery))
			visible(t, ctx, "#tk-number")
			until(t, ctx, wait, `document.getElementById("tk-qr").complete`, "the QR code")
			targetsAtLeast64(t, ctx, "ticket in large text")
			if got := text(t, ctx, "#tk-count"); got != "(30 giây)" && got != "(29 giây)" && got != "(28 giây)" {
				t.Errorf("the ticket in the large-text mode counts down from %q, want 30 s (twice the usual 15)", got)
			}
			shot(t, ctx, "kiosk-large-ticket-"+name)
			until(t, ctx, wait, `(window.__kioskSaid || []).some((r) => r.audio === "played")`, "the number said aloud")
			var said []struct {
				Number, Text, Audio string
				Clips               []string
			}
			js(t, ctx, `window.__kioskSaid`, &said)
			if len(said) != 1 || said[0].Text != v.said || said[0].Audio != "played" {
				t.Fatalf("the kiosk said %+v, want once %q", said, v.said)
			}
			words := strings.Fields(strings.ToLower(v.said))
			if len(said[0].Clips) != len(words) || strings.Join(said[0].Clips[:5], " ") != "soos cuar quys vij laf" {
				t.Errorf("clips %q for %q", said[0].Clips, v.said)
			}
		})
	}
}

// TestKioskIdleWaitsForTouches: the idle screen never comes while a person keeps touching
// the kiosk, however long they take; it comes after the idle time without a touch, and it
// ends the large-text mode, so that the next person starts with the usual screen.
func TestKioskIdleWaitsForTouches(t *testing.T) {
	s := realOrg(t)
	ctx := kiosk(t, s, "ttpvhcc", landscapeW, landscapeH, "?print=off&idle=3")
	run(t, ctx, chromedp.Click("#large", chromedp.ByQuery))
	start := time.Now()
	for time.Since(start) < 7*time.Second { // more than twice the idle time, touching every 0.8 s
		run(t, ctx, chromedp.Click(".hint", chromedp.ByQuery))
		if shown(t, ctx, "#idle") {
			t.Fatalf("the idle screen came %v after the first touch while the person kept touching", time.Since(start).Round(time.Millisecond))
		}
		time.Sleep(800 * time.Millisecond)
	}
	if !shown(t, ctx, "body.large") {
		t.Fatal("the large-text mode ended while the person was still there")
	}
	until(t, ctx, wait, `!document.getElementById("idle").classList.contains("hidden")`, "the idle screen once nobody touches")
	run(t, ctx, chromedp.Click("#idle", chromedp.ByQuery))
	until(t, ctx, wait, `document.getElementById("idle").classList.contains("hidden")`, "awake")
	var pressed string
	js(t, ctx, `document.getElementById("large").getAttribute("aria-pressed")`, &pressed)
	if shown(t, ctx, "body.large") || pressed != "false" {
		t.Errorf("the large-text mode outlived the idle screen (aria-pressed %s)", pressed)
	}
}
