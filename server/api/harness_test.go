package api_test

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/valyala/fasthttp/fasthttputil"
	"golang.org/x/crypto/bcrypt"

	"luot/config"
	"luot/server/api"
	"luot/server/hub"
	"luot/server/internal/testenv"
	"luot/server/queue"
	"luot/server/store"
	"luot/server/wiring"
)

// harness is the API of the binary (api.New, as serve.go wires it) on a real engine over a
// redis-server of the test's own (testenv), answering in-process through app.Test.
type harness struct {
	env *testenv.Env
	app *fiber.App
	srv *api.Server
	hub *hub.Hub

	wireOnce sync.Once
	wire     *fasthttputil.InmemoryListener
}

// testPassword is the password of every user the tests create.
const testPassword = "mật-khẩu-thử-1"

// newHarness builds the app on a fresh Redis and organisation (testenv.OrgYAML, Monday 09:00).
// log may be nil: warnings and errors then go to tb.Log.
func newHarness(tb testing.TB, log *slog.Logger) *harness {
	tb.Helper()
	return newHarnessWith(tb, log, nil)
}

// newCentre is newHarness with an admin and a kiosk of the centre, whose tokens it returns.
func newCentre(tb testing.TB) (h *harness, admin, kiosk string) {
	tb.Helper()
	h = newHarness(tb, nil)
	admin = h.user(tb, "admin", queue.RoleAdmin)
	_, kiosk = h.device(tb, admin, "centre", "kiosk", "")
	return h, admin, kiosk
}

// newHarnessWith is newHarness with the test's settings changed by edit (nil: none).
func newHarnessWith(tb testing.TB, log *slog.Logger, edit func(*config.Settings)) *harness {
	tb.Helper()
	env := testenv.New(tb)
	if log == nil {
		log = slog.New(slog.NewTextHandler(tbWriter{tb}, &slog.HandlerOptions{Level: slog.LevelWarn}))
	}
	settings := config.Settings{SessionTTL: time.Hour, PublicURL: "http://localhost:8080"}
	if edit != nil {
		edit(&settings)
	}
	w := wiring.Build(wiring.Parts{Engine: env.Engine, Store: env.Store, Log: log, Settings: settings, QueueSize: 64})
	tb.Cleanup(func() { _ = w.App.Shutdown() })
	return &harness{env: env, app: w.App, srv: w.API, hub: w.Hub}
}

// tbWriter sends the server's log lines to the test's log.
type tbWriter struct{ tb testing.TB }

func (w tbWriter) Write(p []byte) (int, error) {
	w.tb.Log(strings.TrimRight(string(p), "\n"))
	return len(p), nil
}

// req is one request: a method and path, a bearer token (or none), a body and headers.
type req struct {
	method, path string
	token        string
	body         any // nil, a string or []byte sent as is, or a value encoded as JSON
	header       map[string]string
}

// resp is an answer read whole.
type resp struct {
	status int
	header http.Header
	body   []byte
}

// do sends r through app.Test; a failure to get an answer at all fails the test.
func (h *harness) do(tb testing.TB, r req) *resp {
	tb.Helper()
	res, err := h.send(r)
	if err != nil {
		tb.Fatal(err)
	}
	return res
}

// send is do for any goroutine: it returns what fails instead of failing the test.
func (h *harness) send(r req) (*resp, error) {
	var body io.Reader = http.NoBody
	switch b := r.body.(type) {
	case nil:
	case string:
		body = strings.NewReader(b)
	case []byte:
		body = bytes.NewReader(b)
	default:
		data, err := json.Marshal(b)
		if err != nil {
			return nil, fmt.Errorf("encode body of %s %s: %w", r.method, r.path, err)
		}
		body = bytes.NewReader(data)
	}
	hr := httptest.NewRequest(r.method, r.path, body)
	if r.body != nil {
		hr.Header.Set("Content-Type", "application/json")
	}
	if r.token != "" {
		hr.Header.Set("Authorization", "Bearer "+r.token)
	}
	for k, v := range r.header {
		hr.Header.Set(k, v)
	}
	if hr.ContentLength > maxBody {
		return h.sendWire(hr)
	}
	res, err := h.app.Test(hr, -1)
	if err != nil {
		return nil, fmt.Errorf("%s %s: no answer: %w", r.method, r.path, err)
	}
	return readResp(hr, res)
}

// maxBody is the contract's largest request body.
const maxBody = 64 << 10

// sendWire sends a request through the server's own connection handling, on an in-memory
// listener. app.Test cannot show how the server refuses a body over the limit: fasthttp
// answers 413 and then ends the connection, which app.Test reports as an error.
func (h *harness) sendWire(hr *http.Request) (*resp, error) {
	ln := h.wireListener()
	hr.Header.Set("Content-Length", strconv.FormatInt(hr.ContentLength, 10))
	dump, err := httputil.DumpRequest(hr, true)
	if err != nil {
		return nil, err
	}
	conn, err := ln.Dial()
	if err != nil {
		return nil, fmt.Errorf("dial the in-memory listener: %w", err)
	}
	defer conn.Close()
	_ = conn.SetDeadline(time.Now().Add(10 * time.Second))
	if _, err := conn.Write(dump); err != nil {
		return nil, fmt.Errorf("%s %s: write: %w", hr.Method, hr.URL, err)
	}
	res, err := http.ReadResponse(bufio.NewReader(conn), hr)
	if err != nil {
		return nil, fmt.Errorf("%s %s: no answer: %w", hr.Method, hr.URL, err)
	}
	return readResp(hr, res)
}

// wireListener serves the app on an in-memory listener, started on first use.
func (h *harness) wireListener() *fasthttputil.InmemoryListener {
	h.wireOnce.Do(func() {
		h.wire = fasthttputil.NewInmemoryListener()
		go func() { _ = h.app.Listener(h.wire) }()
	})
	return h.wire
}

// readResp reads an answer whole.
func readResp(hr *http.Request, res *http.Response) (*resp, error) {
	defer res.Body.Close()
	data, err := io.ReadAll(res.Body)
	if err != nil {
		return nil, fmt.Errorf("%s %s: read answer: %w", hr.Method, hr.URL, err)
	}
	return &resp{status: res.StatusCode, header: res.Header, body: data}, nil
}

// decode reads the answer's JSON into v.
func (r *resp) decode(tb testing.TB, v any) {
	tb.Helper()
	if err := json.Unmarshal(r.body, v); err != nil {
		tb.Fatalf("answer %d is not the JSON expected (%v): %s", r.status, err, r.body)
	}
}

// apiError is the contract's error body.
type apiError struct {
	Error *struct {
		Code    string `json:"code"`
		Message string `json:"message"`
	} `json:"error"`
}

// errorOf returns the code and message of an error answer, failing the test if the body
// does not have the contract's shape {"error":{"code","message"}}.
func (r *resp) errorOf(tb testing.TB) (code, message string) {
	tb.Helper()
	code, message, err := r.errorShape()
	if err != "" {
		tb.Fatalf("answer %d: %s: %s", r.status, err, r.body)
	}
	return code, message
}

// errorShape is errorOf without a test: a non-empty problem says what is wrong.
func (r *resp) errorShape() (code, message, problem string) {
	if ct := r.header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		return "", "", "Content-Type " + ct + ", want application/json"
	}
	var e apiError
	if err := json.Unmarshal(r.body, &e); err != nil {
		return "", "", "error body is not JSON: " + err.Error()
	}
	if e.Error == nil || e.Error.Code == "" || e.Error.Message == "" {
		return "", "", `error body lacks {"error":{"code","message"}}`
	}
	return e.Error.Code, e.Error.Message, ""
}

// wantError checks an answer's status and error code.
func (r *resp) wantError(tb testing.TB, status int, code string) {
	tb.Helper()
	if r.status != status {
		tb.Fatalf("got status %d, want %d (%s): %s", r.status, status, code, r.body)
	}
	if got, _ := r.errorOf(tb); got != code {
		tb.Fatalf("got error code %q, want %q: %s", got, code, r.body)
	}
}

// want checks an answer's status.
func (r *resp) want(tb testing.TB, status int) *resp {
	tb.Helper()
	if r.status != status {
		tb.Fatalf("got status %d, want %d: %s", r.status, status, r.body)
	}
	return r
}

// addUser stores a user with testPassword (bcrypt at its cheapest cost, for speed).
func (h *harness) addUser(tb testing.TB, name string, role queue.Role, sites ...string) {
	tb.Helper()
	hash, err := bcrypt.GenerateFromPassword([]byte(testPassword), bcrypt.MinCost)
	if err != nil {
		tb.Fatal(err)
	}
	if sites == nil {
		sites = []string{}
	}
	u := store.User{Username: name, FullName: "Cán bộ " + name, Role: role, Sites: sites, Hash: string(hash)}
	if err := h.env.Store.PutUser(context.Background(), u); err != nil {
		tb.Fatalf("put user %s: %v", name, err)
	}
}

// loginAnswer is the answer of POST /api/v1/auth/login.
type loginAnswer struct {
	Token string `json:"token"`
	CSRF  string `json:"csrf_token"`
	User  struct {
		Username string   `json:"username"`
		Role     string   `json:"role"`
		Sites    []string `json:"sites"`
	} `json:"user"`
	cookie *http.Cookie
}

// login signs a user in with testPassword.
func (h *harness) login(tb testing.TB, name string) loginAnswer {
	tb.Helper()
	r := h.do(tb, req{method: "POST", path: "/api/v1/auth/login", body: map[string]string{"username": name, "password": testPassword}})
	r.want(tb, 200)
	var a loginAnswer
	r.decode(tb, &a)
	if a.Token == "" || a.CSRF == "" {
		tb.Fatalf("login of %s: no token or csrf_token: %s", name, r.body)
	}
	for _, c := range (&http.Response{Header: r.header}).Cookies() {
		if c.Name == "luot_session" {
			a.cookie = c
		}
	}
	return a
}

// user adds a user and returns a bearer token of theirs.
func (h *harness) user(tb testing.TB, name string, role queue.Role, sites ...string) string {
	tb.Helper()
	h.addUser(tb, name, role, sites...)
	return h.login(tb, name).Token
}

// device registers a device as the given (admin or supervisor) token and returns its id and token.
func (h *harness) device(tb testing.TB, by, site, kind, counter string) (id, token string) {
	tb.Helper()
	r := h.do(tb, req{method: "POST", path: "/api/v1/admin/devices", token: by,
		body: map[string]string{"site": site, "kind": kind, "counter": counter, "name": kind + " " + site + " " + counter}})
	r.want(tb, 201)
	var a struct{ ID, Token string }
	r.decode(tb, &a)
	if a.ID == "" || a.Token == "" {
		tb.Fatalf("device answer lacks id or token: %s", r.body)
	}
	return a.ID, a.Token
}

// ticket is what the tests read of a ticket.
type ticket struct {
	ID      string  `json:"id"`
	Number  string  `json:"number"`
	Site    string  `json:"site"`
	Service string  `json:"service"`
	Status  string  `json:"status"`
	Counter *string `json:"counter"`
	Recalls int     `json:"recalls"`
	Rating  *string `json:"rating"`
}

// issue takes a ticket of service at site and returns it.
func (h *harness) issue(tb testing.TB, token, site, service string) ticket {
	tb.Helper()
	r := h.do(tb, req{method: "POST", path: "/api/v1/sites/" + site + "/tickets", token: token, body: map[string]string{"service": service}})
	r.want(tb, 201)
	var t ticket
	r.decode(tb, &t)
	if t.ID == "" || t.Status != "waiting" {
		tb.Fatalf("issued ticket: got %s, want a waiting ticket with an id", r.body)
	}
	return t
}

// counterPath is the path of an action on a counter.
func counterPath(site, counter, action string) string {
	return "/api/v1/sites/" + site + "/counters/" + counter + "/" + action
}

// act posts a counter action and wants 200.
func (h *harness) act(tb testing.TB, token, site, counter, action string, body any) *resp {
	tb.Helper()
	return h.do(tb, req{method: "POST", path: counterPath(site, counter, action), token: token, body: body}).want(tb, 200)
}

// siteView is what the tests compare of GET /api/v1/sites/{site}.
type siteView struct {
	LastEvent string `json:"last_event"`
	Services  []struct {
		ID      string `json:"id"`
		Waiting int    `json:"waiting"`
	} `json:"services"`
	Counters []struct {
		ID      string  `json:"id"`
		State   string  `json:"state"`
		Officer *string `json:"officer"`
		Ticket  *ticket `json:"ticket"`
	} `json:"counters"`
	raw []byte
}

// site reads a site's public view.
func (h *harness) site(tb testing.TB, site string) siteView {
	tb.Helper()
	r := h.do(tb, req{method: "GET", path: "/api/v1/sites/" + site}).want(tb, 200)
	var v siteView
	r.decode(tb, &v)
	v.raw = r.body
	return v
}

// waiting returns the waiting count of a service in a site view.
func (v siteView) waiting(service string) int {
	for _, s := range v.Services {
		if s.ID == service {
			return s.Waiting
		}
	}
	return -1
}

// serveDone issues a ticket at centre and has officer (who holds or then holds counter) call
// and finish it there; it returns the done ticket's id.
func (h *harness) serveDone(tb testing.TB, issuer, officer, counter string) string {
	tb.Helper()
	t := h.issue(tb, issuer, "centre", "dat-dai")
	h.act(tb, officer, "centre", counter, "open", nil)
	h.act(tb, officer, "centre", counter, "call", map[string]string{"ticket": t.ID})
	h.act(tb, officer, "centre", counter, "finish", nil)
	return t.ID
}
