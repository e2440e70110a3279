package displayweb_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"

	"luot/config"
	"luot/server/internal/browser"
	"luot/server/internal/testenv"
	"luot/server/internal/testserver"
	"luot/server/queue"
)

// site is the provincial centre of the shipped organisation.
const site = "ttpvhcc"

// hall is the whole server on the shipped organisation, its centre with n counters.
type hall struct {
	*testserver.Server
	admin    string            // issues tickets (a kiosk may issue only 60 a minute)
	officers map[string]string // counter id → its officer's token
	counters []config.Counter
}

// centre starts the server on config/binhduong.yaml at Monday 09:00; with n above the 16
// counters of the centre, counters are added to a copy (services in turn), as the largest
// centres have about 70.
func centre(t *testing.T, n int) *hall {
	t.Helper()
	path := filepath.Join(browser.Root(), "config", "binhduong.yaml")
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if n > 16 {
		last := "      - {id: q16, number: 16, services: [tra-ket-qua]}\n"
		if !strings.Contains(string(data), last) {
			t.Fatalf("%s: the centre's counter 16 is not %q", path, last)
		}
		org, err := config.Parse(data, path)
		if err != nil {
			t.Fatal(err)
		}
		services := org.Site(site).Services
		var more strings.Builder
		for i := 17; i <= n; i++ {
			fmt.Fprintf(&more, "      - {id: q%d, number: %d, services: [%s]}\n", i, i, services[i%len(services)])
		}
		data = []byte(strings.Replace(string(data), last, last+more.String(), 1))
	}
	org, err := config.Parse(data, path)
	if err != nil {
		t.Fatal(err)
	}
	h := &hall{Server: testserver.StartWith(t, testenv.NewWith(t, org)), officers: map[string]string{}}
	h.counters = org.Site(site).Counters
	h.admin = h.User(t, "admin", queue.RoleAdmin)
	return h
}

// open opens the first n counters, each by its own officer, and issues two tickets for the
// first service of each, so that every counter has someone to call.
func (h *hall) open(t *testing.T, n int) {
	t.Helper()
	h.openOnly(t, h.counters[:n])
	for _, c := range h.counters[:n] {
		h.issue(t, c.Services[0])
		h.issue(t, c.Services[0])
	}
}

// openOnly opens counters, each by its own officer.
func (h *hall) openOnly(t *testing.T, counters []config.Counter) {
	t.Helper()
	for _, c := range counters {
		tok := h.User(t, "officer-"+c.ID, queue.RoleOfficer, site)
		h.Do(t, tok, "POST", "/api/v1/sites/"+site+"/counters/"+c.ID+"/open", map[string]any{}, 200, nil)
		h.officers[c.ID] = tok
	}
}

// issue takes a ticket of service and returns its number.
func (h *hall) issue(t *testing.T, service string) string {
	t.Helper()
	var tk struct{ Number string }
	h.Do(t, h.admin, "POST", "/api/v1/sites/"+site+"/tickets", map[string]string{"service": service}, 201, &tk)
	return tk.Number
}

// act runs a counter action (next, recall, …) with an optional body and returns the
// counter's ticket number after it.
func (h *hall) act(t *testing.T, counter, action string, body any) string {
	t.Helper()
	var res struct{ Ticket *struct{ Number string } }
	h.Do(t, h.officers[counter], "POST", "/api/v1/sites/"+site+"/counters/"+counter+"/"+action, body, 200, &res)
	if res.Ticket == nil {
		return ""
	}
	return res.Ticket.Number
}

// callAll has the first n counters call their next citizen at once, one goroutine each
// released together, and returns when the calls were made and what each called, by counter
// number.
func (h *hall) callAll(t *testing.T, n int) (time.Time, map[int]string) {
	t.Helper()
	var wg sync.WaitGroup
	var mu sync.Mutex
	called := map[int]string{}
	var errs []error
	start := make(chan struct{})
	for _, c := range h.counters[:n] {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			num, err := h.next(c.ID)
			mu.Lock()
			defer mu.Unlock()
			called[c.Number] = num
			if err == nil && num == "" {
				err = fmt.Errorf("counter %d called nobody", c.Number)
			}
			if err != nil {
				errs = append(errs, err)
			}
		}()
	}
	at := time.Now()
	close(start)
	wg.Wait()
	if len(errs) > 0 {
		t.Fatalf("calling at once: %v", errs)
	}
	t.Logf("%d counters called at once; the calls took %v", n, time.Since(at).Round(time.Millisecond))
	return at, called
}

// next is the counter's next, callable from any goroutine: it returns the ticket called.
func (h *hall) next(counter string) (string, error) {
	req, err := http.NewRequest("POST", h.URL+"/api/v1/sites/"+site+"/counters/"+counter+"/next", nil)
	if err != nil {
		return "", err
	}
	req.Header.Set("Authorization", "Bearer "+h.officers[counter])
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		return "", err
	}
	defer res.Body.Close()
	var out struct{ Ticket *struct{ Number string } }
	if err := json.NewDecoder(res.Body).Decode(&out); err != nil || res.StatusCode != 200 {
		return "", fmt.Errorf("next at %s: status %d, %v", counter, res.StatusCode, err)
	}
	if out.Ticket == nil {
		return "", nil
	}
	return out.Ticket.Number, nil
}

// display opens the hall display of the centre in a fresh Chromium of w×h, failing the test
// on any error of the page, and waits until it is live. When the test fails, its log tells
// the display's state, the announcements played and those dropped.
func display(t *testing.T, h *hall, w, hgt int, path string) context.Context {
	t.Helper()
	ctx := browser.Open(t, w, hgt, h.URL+path, stepLimit)
	t.Cleanup(func() {
		if !t.Failed() {
			return
		}
		c, cancel := context.WithTimeout(ctx, 5*time.Second)
		defer cancel()
		var state string
		_ = chromedp.Run(c, chromedp.Evaluate(`JSON.stringify({state: (window.__display||{}).state, played: window.__played, dropped: window.__dropped})`, &state))
		t.Logf("the display at the end: %s", state)
	})
	until(t, ctx, 20*time.Second, `(window.__display||{}).state === "live"`, "the display goes live")
	js(t, ctx, `document.fonts.ready.then(() => true)`, nil)
	return ctx
}

// stepLimit is how long a step of the browser may take.
const stepLimit = 30 * time.Second

// run runs chromedp actions within a step's time.
func run(t *testing.T, ctx context.Context, actions ...chromedp.Action) {
	t.Helper()
	browser.Run(t, ctx, stepLimit, actions...)
}

// js evaluates an expression in the page (awaiting a promise) into out (nil to discard).
func js(t *testing.T, ctx context.Context, expr string, out any) {
	t.Helper()
	run(t, ctx, chromedp.Evaluate(expr, out, func(p *runtime.EvaluateParams) *runtime.EvaluateParams {
		return p.WithAwaitPromise(true)
	}))
}

// until polls a boolean expression, false while it throws (the page not ready for it yet),
// until it holds, or fails after limit (browser.Until).
func until(t *testing.T, ctx context.Context, limit time.Duration, expr, what string) time.Duration {
	t.Helper()
	return browser.Until(t, ctx, limit, `(() => { try { return !!(`+expr+`) } catch (e) { return false } })()`, what)
}
