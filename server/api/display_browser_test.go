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

	"luot/server/internal/testserver"
	"luot/server/queue"
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
