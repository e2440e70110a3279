package api_test

import (
	"context"
	"fmt"
	"io"
	"net"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"luot/server/internal/browser"
	"luot/server/internal/testserver"
	"luot/server/queue"
	"luot/server/voice"
)

// hall is a running server with the four counters of the test centre open, each held by its
// own officer, and a kiosk to issue tickets.
type hall struct {
	*testserver.Server
	kiosk    string
	officers map[string]string // counter → officer token
}

func startHall(t *testing.T) *hall {
	t.Helper()
	h := &hall{Server: testserver.Start(t), officers: map[string]string{}}
	h.kiosk = h.Device(t, "centre", "kiosk", "")
	for _, c := range []string{"q1", "q2", "q3", "q4"} {
		tok := h.User(t, "officer-"+c, queue.RoleOfficer, "centre")
		h.Do(t, tok, "POST", "/api/v1/sites/centre/counters/"+c+"/open", map[string]any{}, 200, nil)
		h.officers[c] = tok
	}
	return h
}

// issue takes a ticket and returns its number.
func (h *hall) issue(t *testing.T, service, priority string) string {
	t.Helper()
	var tk struct{ Number string }
	h.Do(t, h.kiosk, "POST", "/api/v1/sites/centre/tickets", map[string]string{"service": service, "priority": priority}, 201, &tk)
	return tk.Number
}

// act runs a counter action (next, recall, …) and returns the counter's ticket number after it.
func (h *hall) act(t *testing.T, counter, action string) string {
	t.Helper()
	var res struct{ Ticket *struct{ Number string } }
	h.Do(t, h.officers[counter], "POST", "/api/v1/sites/centre/counters/"+counter+"/"+action, nil, 200, &res)
	if res.Ticket == nil {
		return ""
	}
	return res.Ticket.Number
}

// played is one entry of the page's window.__played log.
type played struct {
	Number  string `json:"number"`
	Counter int    `json:"counter"`
	Recall  bool   `json:"recall"`
	Audio   string `json:"audio"`
	Text    string `json:"text"`
	Started int64  `json:"started"`
	Ended   int64  `json:"ended"`
}

// displayBrowser starts a browser of width×height in which the whole test must be done within
// limit, and runs the actions that open the display (none: only the browser starts); when
// they fail the test fails with what was tried.
func displayBrowser(t *testing.T, width, height int, limit time.Duration, what string, open ...chromedp.Action) context.Context {
	t.Helper()
	ctx, cancel := browser.Timeout(browser.New(t, width, height), limit)
	t.Cleanup(cancel)
	if err := chromedp.Run(ctx, open...); err != nil {
		t.Fatalf("%s: %v", what, err)
	}
	return ctx
}

// waitJS polls a JavaScript condition until it is true or the deadline passes.
func waitJS(t *testing.T, ctx context.Context, expr string, within time.Duration) {
	t.Helper()
	deadline := time.Now().Add(within)
	for {
		var ok bool
		// a page being reloaded may not have the elements yet: false, not an error
		guarded := `(() => { try { return !!(` + expr + `) } catch (e) { return false } })()`
		if err := chromedp.Run(ctx, chromedp.Evaluate(guarded, &ok)); err != nil {
			t.Fatalf("evaluate %s: %v", expr, err)
		}
		if ok {
			return
		}
		if time.Now().After(deadline) {
			var state string
			chromedp.Run(ctx, chromedp.Evaluate(`JSON.stringify({state: (window.__display||{}).state, played: window.__played, hero: (document.getElementById("hero-number")||{}).textContent})`, &state))
			t.Fatalf("not true within %s: %s\npage: %s", within, expr, state)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// playedLog reads window.__played.
func playedLog(t *testing.T, ctx context.Context) []played {
	t.Helper()
	var log []played
	if err := chromedp.Run(ctx, chromedp.Evaluate(`window.__played || []`, &log)); err != nil {
		t.Fatal(err)
	}
	return log
}

// noScroll checks that the page fits its screen.
func noScroll(t *testing.T, ctx context.Context) {
	t.Helper()
	var fits bool
	if err := chromedp.Run(ctx, chromedp.Evaluate(`document.documentElement.scrollHeight <= innerHeight && document.documentElement.scrollWidth <= innerWidth`, &fits)); err != nil {
		t.Fatal(err)
	}
	if !fits {
		t.Error("the page scrolls: it must fit the screen")
	}
}

func playedList(log []played) string {
	var s []string
	for _, p := range log {
		s = append(s, fmt.Sprintf("%s→%d", p.Number, p.Counter))
	}
	return strings.Join(s, " ")
}

// proxy is a TCP relay between the browser and the server that can cut the network: it
// closes every connection and refuses new ones until restored.
type proxy struct {
	addr, target string
	mu           sync.Mutex
	ln           net.Listener
	conns        map[net.Conn]bool
}

func startProxy(t *testing.T, target string) *proxy {
	t.Helper()
	p := &proxy{target: target, conns: map[net.Conn]bool{}}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	p.addr = ln.Addr().String()
	p.serve(ln)
	t.Cleanup(p.cut)
	return p
}

func (p *proxy) serve(ln net.Listener) {
	p.mu.Lock()
	p.ln = ln
	p.mu.Unlock()
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			go p.relay(c)
		}
	}()
}

func (p *proxy) relay(c net.Conn) {
	s, err := net.Dial("tcp", p.target)
	if err != nil {
		c.Close()
		return
	}
	p.mu.Lock()
	p.conns[c], p.conns[s] = true, true
	p.mu.Unlock()
	go func() { io.Copy(s, c); s.Close() }()
	io.Copy(c, s)
	c.Close()
}

// cut closes every relayed connection and stops listening: the network is down.
func (p *proxy) cut() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.ln != nil {
		p.ln.Close()
		p.ln = nil
	}
	for c := range p.conns {
		c.Close()
	}
	clear(p.conns)
}

// restore listens again on the same address.
func (p *proxy) restore(t *testing.T) {
	t.Helper()
	ln, err := net.Listen("tcp", p.addr)
	if err != nil {
		t.Fatalf("restore the network: %v", err)
	}
	p.serve(ln)
}

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

	ctx := displayBrowser(t, 1920, 1080, 3*time.Minute, "open the display",
		chromedp.Navigate(h.URL+"/display/#pair="+display),
		chromedp.WaitVisible("#sound", chromedp.ByQuery),
	)
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

// TestHallDisplayOutage: the network between a display and the server is cut; calls are made
// meanwhile; when it is restored the display reconnects by itself with since, shows the calls
// and announces them in order. While cut, it shows a small marker.
func TestHallDisplayOutage(t *testing.T) {
	h := startHall(t)
	for _, s := range []string{"dat-dai", "ho-tich", "ho-tich", "dat-dai"} {
		h.issue(t, s, "")
	}
	p := startProxy(t, h.URL[len("http://"):])

	ctx := displayBrowser(t, 1920, 1080, 2*time.Minute, "open the display", chromedp.Navigate("http://"+p.addr+"/display/?site=centre"))
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

	ctx := displayBrowser(t, 1920, 1080, 2*time.Minute, "open the display and enable its sound",
		chromedp.Navigate("http://"+p.addr+"/display/#pair="+display),
		chromedp.WaitVisible("#sound", chromedp.ByQuery),
		chromedp.Click("#sound", chromedp.ByQuery),
	)
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
	ctx := displayBrowser(t, 1080, 1920, time.Minute, "open the display", chromedp.Navigate(h.URL+"/display/?site=centre"))
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
	ctx := displayBrowser(t, 1280, 720, time.Minute, "open the display", chromedp.Navigate(h.URL+"/display/counter/q3?site=centre"))
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
	ctx := displayBrowser(t, 1920, 1080, time.Minute, "start the browser")
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
