package api_test

import (
	"net/http"
	"net/netip"
	"strings"
	"testing"
	"time"

	"github.com/fasthttp/websocket"

	"luot/config"
	"luot/server/internal/testenv"
	"luot/server/internal/testserver"
)

// TestLoginOnlyJSON: a login is JSON or nothing (415), so that a form posted from another
// site, which cannot set that type without a CORS preflight, never reaches the password.
func TestLoginOnlyJSON(t *testing.T) {
	t.Parallel()
	h := newHarness(t, nil)
	h.addUser(t, "can-bo-a", "officer", "centre")
	body := `{"username":"can-bo-a","password":"` + testPassword + `"}`
	for _, ct := range []string{"text/plain", "application/x-www-form-urlencoded", "text/html; charset=utf-8", "", "application/jsonx"} {
		r := h.do(t, req{method: "POST", path: "/api/v1/auth/login", body: body, header: map[string]string{"Content-Type": ct}})
		r.wantError(t, 415, "unsupported_media_type")
	}
	for _, ct := range []string{"application/json", "application/json; charset=utf-8", "Application/JSON"} {
		h.do(t, req{method: "POST", path: "/api/v1/auth/login", body: body, header: map[string]string{"Content-Type": ct}}).want(t, 200)
	}
	r := h.do(t, req{method: "POST", path: "/api/v1/auth/login", body: body, header: map[string]string{"Content-Type": "text/plain", "Accept-Language": "en"}})
	if _, msg := r.errorOf(t); !strings.Contains(msg, "JSON") {
		t.Errorf("English message: got %q", msg)
	}
}

// TestMetricsAccess: /metrics answers only the allowed addresses, with the token when set.
func TestMetricsAccess(t *testing.T) {
	t.Parallel()
	open := newHarness(t, nil)
	open.do(t, req{method: "GET", path: "/metrics"}).want(t, 200) // nothing set: as before

	// app.Test's requests come from 0.0.0.0
	elsewhere := newHarnessWith(t, nil, func(s *config.Settings) {
		s.MetricsAllow = []netip.Prefix{netip.MustParsePrefix("10.0.0.0/8")}
	})
	elsewhere.do(t, req{method: "GET", path: "/metrics"}).wantError(t, 403, "forbidden")
	// a forged X-Forwarded-For does not make a client an allowed address
	elsewhere.do(t, req{method: "GET", path: "/metrics", header: map[string]string{"X-Forwarded-For": "10.0.0.1"}}).wantError(t, 403, "forbidden")

	guarded := newHarnessWith(t, nil, func(s *config.Settings) {
		s.MetricsAllow = []netip.Prefix{netip.MustParsePrefix("0.0.0.0/32")}
		s.MetricsToken = "bi-mat-giam-sat"
	})
	guarded.do(t, req{method: "GET", path: "/metrics"}).wantError(t, 401, "unauthorized")
	guarded.do(t, req{method: "GET", path: "/metrics", token: "sai"}).wantError(t, 401, "unauthorized")
	r := guarded.do(t, req{method: "GET", path: "/metrics", token: "bi-mat-giam-sat"}).want(t, 200)
	if !strings.Contains(string(r.body), "luot_http_request_duration_seconds") {
		t.Errorf("metrics with the token: got %.200s", r.body)
	}
}

// TestSecurityHeaders: every answer — a page, the API, an error, a PDF — carries the
// headers; only a PDF may be framed, and only by the server's own pages (the kiosk prints
// through an iframe); HSTS only when the public address is https.
func TestSecurityHeaders(t *testing.T) {
	t.Parallel()
	h := newHarnessWith(t, nil, func(s *config.Settings) { s.PublicURL = "https://luot.example.vn" })
	admin := h.user(t, "admin", "admin")
	_, kiosk := h.device(t, admin, "centre", "kiosk", "")
	tk := h.issue(t, kiosk, "centre", "dat-dai")
	for _, r := range []req{
		{method: "GET", path: "/healthz"},
		{method: "GET", path: "/api/v1/sites/centre"},
		{method: "GET", path: "/api/v1/no-such-route"},
		{method: "POST", path: "/api/v1/auth/login", body: "{"},
		{method: "GET", path: "/api/v1/tickets/" + tk.ID + "/pdf"},
		{method: "GET", path: "/t/" + tk.ID},
		{method: "GET", path: "/metrics"},
	} {
		res := h.do(t, r)
		got := func(k string) string { return res.header.Get(k) }
		pdf := strings.HasPrefix(got("Content-Type"), "application/pdf")
		wantCSP, wantFrame := "frame-ancestors 'none'", "DENY"
		if pdf {
			wantCSP, wantFrame = "frame-ancestors 'self'", "SAMEORIGIN"
		}
		if csp := got("Content-Security-Policy"); !strings.Contains(csp, wantCSP) ||
			(!pdf && (!strings.Contains(csp, "script-src 'self'") || strings.Contains(csp, "unsafe-inline"))) {
			t.Errorf("%s %s: Content-Security-Policy %q, want %q and no inline script", r.method, r.path, csp, wantCSP)
		}
		for k, want := range map[string]string{"X-Frame-Options": wantFrame, "X-Content-Type-Options": "nosniff",
			"Referrer-Policy": "no-referrer", "Strict-Transport-Security": "max-age=31536000"} {
			if got(k) != want {
				t.Errorf("%s %s (%d): %s %q, want %q", r.method, r.path, res.status, k, got(k), want)
			}
		}
	}
	if got := h.do(t, req{method: "GET", path: "/api/v1/tickets/" + tk.ID + "/pdf"}).header.Get("Content-Type"); got != "application/pdf" {
		t.Errorf("the ticket: got %q, want a PDF", got)
	}
	plain := newHarness(t, nil) // http://: no HSTS
	if got := plain.do(t, req{method: "GET", path: "/healthz"}).header.Get("Strict-Transport-Security"); got != "" {
		t.Errorf("HSTS over http: got %q, want none", got)
	}
}

// TestWebsocketsPerClientBehindProxy: behind a trusted proxy every connection comes from the
// proxy, yet one client's websockets are capped at LUOT_MAX_CONNS_PER_IP by its own address;
// a socket that ends gives its place back.
func TestWebsocketsPerClientBehindProxy(t *testing.T) {
	t.Parallel()
	s := testserver.StartWithSettings(t, testenv.New(t), func(s *config.Settings) {
		s.TrustProxy = true
		s.MaxConnsPerIP = 3
	})
	url := "ws" + strings.TrimPrefix(s.URL, "http") + "/ws/sites/centre"
	dial := func(client string) (*websocket.Conn, int, error) {
		c, res, err := websocket.DefaultDialer.Dial(url, http.Header{"X-Forwarded-For": {client}})
		status := 0
		if res != nil {
			status = res.StatusCode
		}
		return c, status, err
	}
	var mine []*websocket.Conn
	for i := range 3 {
		c, _, err := dial("203.0.113.5")
		if err != nil {
			t.Fatalf("websocket %d: %v", i, err)
		}
		defer c.Close()
		mine = append(mine, c)
	}
	if _, status, err := dial("198.51.100.1, 203.0.113.5"); err == nil || status != 429 {
		t.Fatalf("a 4th websocket of the client (a forged hop in front): got %d, %v; want 429", status, err)
	}
	other, _, err := dial("203.0.113.6")
	if err != nil {
		t.Fatalf("another client behind the same proxy: %v", err)
	}
	other.Close()
	mine[0].Close()
	deadline := time.Now().Add(5 * time.Second)
	for {
		c, _, err := dial("203.0.113.5")
		if err == nil {
			c.Close()
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("no place given back within 5 s of a websocket closing: %v", err)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// TestWebsocketsCountAgainstTheListener: a websocket is a connection like any other: while
// open it holds its place under LUOT_MAX_CONNS, and gives it back when it ends.
func TestWebsocketsCountAgainstTheListener(t *testing.T) {
	t.Parallel()
	s := testserver.StartWithSettings(t, testenv.New(t), func(s *config.Settings) { s.MaxConns = 2 })
	url := "ws" + strings.TrimPrefix(s.URL, "http") + "/ws/sites/centre"
	var open []*websocket.Conn
	for i := range 2 {
		c, _, err := websocket.DefaultDialer.Dial(url, nil)
		if err != nil {
			t.Fatalf("websocket %d: %v", i, err)
		}
		defer c.Close()
		open = append(open, c)
	}
	client := &http.Client{Transport: &http.Transport{DisableKeepAlives: true}, Timeout: 5 * time.Second}
	res, err := client.Get(s.URL + "/healthz")
	if err != nil {
		t.Fatalf("a request past the cap: %v (want an answer: 503)", err)
	}
	res.Body.Close()
	if res.StatusCode != 503 {
		t.Fatalf("a request while 2 websockets hold the 2 places: got %d, want 503", res.StatusCode)
	}
	open[0].Close()
	deadline := time.Now().Add(5 * time.Second)
	for {
		res, err := client.Get(s.URL + "/healthz")
		if err == nil {
			res.Body.Close()
			if res.StatusCode == 200 {
				break
			}
		}
		if time.Now().After(deadline) {
			t.Fatal("no place given back within 5 s of a websocket closing")
		}
		time.Sleep(20 * time.Millisecond)
	}
}
