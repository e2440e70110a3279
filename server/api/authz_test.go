package api_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"luot/server/queue"
)

// matrixActors are every kind of caller of the authorization matrix, in a fixed order.
var matrixActors = []string{
	"anonymous", "officer-centre", "officer-point", "supervisor-centre", "admin",
	"kiosk-centre", "kiosk-point", "display-centre", "rating-q1", "rating-q2",
}

// TestAuthorizationMatrix checks DESIGN.md §4.7 through the HTTP API: every role and device
// against every class of endpoint, then the rules of holding counters, device revocation,
// cookie sessions with CSRF, and login throttling.
func TestAuthorizationMatrix(t *testing.T) {
	t.Parallel() // each test has its own Redis and app
	h := newHarness(t, nil)
	admin := h.user(t, "admin", queue.RoleAdmin)
	tokens := map[string]string{
		"anonymous":         "",
		"officer-centre":    h.user(t, "can-bo-a", queue.RoleOfficer, "centre"),
		"officer-point":     h.user(t, "can-bo-p", queue.RoleOfficer, "point"),
		"supervisor-centre": h.user(t, "giam-sat", queue.RoleSupervisor, "centre"),
		"admin":             admin,
	}
	_, tokens["kiosk-centre"] = h.device(t, admin, "centre", "kiosk", "")
	_, tokens["kiosk-point"] = h.device(t, admin, "point", "kiosk", "")
	_, tokens["display-centre"] = h.device(t, admin, "centre", "display", "")
	_, tokens["rating-q1"] = h.device(t, admin, "centre", "rating", "q1")
	_, tokens["rating-q2"] = h.device(t, admin, "centre", "rating", "q2")
	officer := tokens["officer-centre"]
	historyOf := h.issue(t, admin, "centre", "ho-tich").ID

	const (
		unauth = http.StatusUnauthorized
		forbid = http.StatusForbidden
	)
	// all gives every actor the same status, then overrides some.
	all := func(status int, except map[string]int) map[string]int {
		m := map[string]int{}
		for _, a := range matrixActors {
			m[a] = status
		}
		for a, s := range except {
			m[a] = s
		}
		return m
	}
	n := 0 // numbers the users created, for unique names
	endpoints := []struct {
		name string
		want map[string]int
		// call makes the request as token ("" for anonymous).
		call func(t *testing.T, token string) *resp
		// after runs when the call succeeded, to give back what it took.
		after func(t *testing.T, token string)
	}{
		{
			name: "issue at centre",
			want: all(forbid, map[string]int{"anonymous": unauth, "officer-centre": 201, "supervisor-centre": 201, "admin": 201, "kiosk-centre": 201}),
			call: func(t *testing.T, tok string) *resp {
				return h.do(t, req{method: "POST", path: "/api/v1/sites/centre/tickets", token: tok, body: map[string]string{"service": "dat-dai"}})
			},
		},
		{
			name: "issue at point",
			want: all(forbid, map[string]int{"anonymous": unauth, "officer-point": 201, "admin": 201, "kiosk-point": 201}),
			call: func(t *testing.T, tok string) *resp {
				return h.do(t, req{method: "POST", path: "/api/v1/sites/point/tickets", token: tok, body: map[string]string{"service": "ho-tich"}})
			},
		},
		{
			name: "open counter q1 at centre",
			want: all(forbid, map[string]int{"anonymous": unauth, "officer-centre": 200, "supervisor-centre": 200, "admin": 200}),
			call: func(t *testing.T, tok string) *resp {
				return h.do(t, req{method: "POST", path: counterPath("centre", "q1", "open"), token: tok})
			},
			after: func(t *testing.T, tok string) { h.act(t, tok, "centre", "q1", "close", nil) },
		},
		{
			name: "next at counter q1 at centre",
			want: all(forbid, map[string]int{"anonymous": unauth, "officer-centre": 200, "supervisor-centre": 200, "admin": 200}),
			call: func(t *testing.T, tok string) *resp {
				// q1 is opened by whoever may, so that a refusal is about the caller, not the counter
				if tok != "" {
					h.do(t, req{method: "POST", path: counterPath("centre", "q1", "open"), token: tok})
				}
				return h.do(t, req{method: "POST", path: counterPath("centre", "q1", "next"), token: tok})
			},
			after: func(t *testing.T, tok string) { h.act(t, tok, "centre", "q1", "close", nil) },
		},
		{
			name: "list users",
			want: all(forbid, map[string]int{"anonymous": unauth, "admin": 200}),
			call: func(t *testing.T, tok string) *resp {
				return h.do(t, req{method: "GET", path: "/api/v1/admin/users", token: tok})
			},
		},
		{
			name: "create user",
			want: all(forbid, map[string]int{"anonymous": unauth, "admin": 201}),
			call: func(t *testing.T, tok string) *resp {
				n++
				return h.do(t, req{method: "POST", path: "/api/v1/admin/users", token: tok, body: map[string]any{
					"username": fmt.Sprintf("moi-%d", n), "full_name": "Người mới", "password": "mat-khau-dai", "role": "officer", "sites": []string{"centre"}}})
			},
		},
		{
			name: "create device for centre",
			want: all(forbid, map[string]int{"anonymous": unauth, "supervisor-centre": 201, "admin": 201}),
			call: func(t *testing.T, tok string) *resp {
				return h.do(t, req{method: "POST", path: "/api/v1/admin/devices", token: tok,
					body: map[string]string{"site": "centre", "kind": "display", "name": "Màn hình sảnh"}})
			},
		},
		{
			name: "create device for point",
			want: all(forbid, map[string]int{"anonymous": unauth, "admin": 201}),
			call: func(t *testing.T, tok string) *resp {
				return h.do(t, req{method: "POST", path: "/api/v1/admin/devices", token: tok,
					body: map[string]string{"site": "point", "kind": "kiosk", "name": "Kiosk phường"}})
			},
		},
		{
			name: "ticket history",
			want: all(forbid, map[string]int{"anonymous": unauth, "supervisor-centre": 200, "admin": 200}),
			call: func(t *testing.T, tok string) *resp {
				return h.do(t, req{method: "GET", path: "/api/v1/tickets/" + historyOf + "/history", token: tok})
			},
		},
		{
			// api.md: "the rating device of the counter that served it, or anyone with the id,
			// within 24 h after it is done; never a user" — so the citizen and q1's panel may,
			// no signed-in user and no other device may.
			name: "rating of a ticket served at q1",
			want: all(forbid, map[string]int{"anonymous": 201, "rating-q1": 201}),
			call: func(t *testing.T, tok string) *resp {
				id := h.serveDone(t, admin, officer, "q1")
				return h.do(t, req{method: "POST", path: "/api/v1/tickets/" + id + "/rating", token: tok, body: map[string]string{"level": "satisfied"}})
			},
		},
	}
	for _, ep := range endpoints {
		for _, who := range matrixActors {
			t.Run(ep.name+"/"+who, func(t *testing.T) {
				want := ep.want[who]
				r := ep.call(t, tokens[who])
				if r.status != want {
					t.Fatalf("got status %d, want %d: %s", r.status, want, r.body)
				}
				switch want {
				case unauth:
					r.wantError(t, unauth, "unauthorized")
				case forbid:
					r.wantError(t, forbid, "forbidden")
				default:
					if ep.after != nil {
						ep.after(t, tokens[who])
					}
				}
			})
		}
	}

	t.Run("no password hash is shown", func(t *testing.T) {
		for _, r := range []*resp{
			h.do(t, req{method: "GET", path: "/api/v1/admin/users", token: admin}),
			h.do(t, req{method: "GET", path: "/api/v1/auth/me", token: officer}),
			h.do(t, req{method: "POST", path: "/api/v1/auth/login", body: map[string]string{"username": "can-bo-a", "password": testPassword}}),
		} {
			r.want(t, 200)
			if strings.Contains(string(r.body), "$2a$") || strings.Contains(string(r.body), `"hash"`) {
				t.Errorf("answer shows a password hash: %s", r.body)
			}
		}
	})
	t.Run("counters", func(t *testing.T) { testHoldingCounters(t, h, officer) })
	t.Run("revoked device", func(t *testing.T) { testRevokedDevice(t, h, admin) })
	t.Run("cookie session", func(t *testing.T) { testCookieSession(t, h) })
	t.Run("login throttling", func(t *testing.T) { testLoginThrottling(t, h) })
}

// testHoldingCounters: one officer a counter, one counter an officer.
func testHoldingCounters(t *testing.T, h *harness, a string) {
	b := h.user(t, "can-bo-b", queue.RoleOfficer, "centre")
	h.act(t, a, "centre", "q1", "open", nil)
	defer h.act(t, a, "centre", "q1", "close", nil)

	for _, action := range []string{"next", "pause", "resume", "close", "recall", "finish"} {
		r := h.do(t, req{method: "POST", path: counterPath("centre", "q1", action), token: b, body: map[string]string{"reason": "break"}})
		if r.status != 403 {
			t.Errorf("%s at a counter another officer holds: got status %d, want 403: %s", action, r.status, r.body)
		} else {
			r.wantError(t, 403, "forbidden")
		}
	}
	h.do(t, req{method: "POST", path: counterPath("centre", "q1", "open"), token: b}).wantError(t, 409, "counter_busy")
	// the refused officer is not left holding anything: they can take a free counter
	h.act(t, b, "centre", "q3", "open", nil)
	// and now that b holds q3, a second counter is refused
	h.do(t, req{method: "POST", path: counterPath("centre", "q2", "open"), token: b}).wantError(t, 409, "conflict")
	h.do(t, req{method: "POST", path: counterPath("centre", "q2", "open"), token: a}).wantError(t, 409, "conflict")
	h.act(t, b, "centre", "q3", "close", nil)
	// closing gives the officer back: q2 may be taken now
	h.act(t, b, "centre", "q2", "open", nil)
	h.act(t, b, "centre", "q2", "close", nil)

	v := h.site(t, "centre")
	for _, c := range v.Counters {
		want := "closed"
		if c.ID == "q1" {
			want = "open"
		}
		if c.State != want {
			t.Errorf("counter %s: got state %q, want %q", c.ID, c.State, want)
		}
	}
}

// testRevokedDevice: a revoked device token stops working at once.
func testRevokedDevice(t *testing.T, h *harness, admin string) {
	id, tok := h.device(t, admin, "centre", "kiosk", "")
	h.issue(t, tok, "centre", "ho-tich")
	h.do(t, req{method: "GET", path: "/api/v1/devices/me", token: tok}).want(t, 200)
	h.do(t, req{method: "DELETE", path: "/api/v1/admin/devices/" + id, token: admin}).want(t, 204)
	h.do(t, req{method: "POST", path: "/api/v1/sites/centre/tickets", token: tok, body: map[string]string{"service": "ho-tich"}}).
		wantError(t, 401, "unauthorized")
	h.do(t, req{method: "GET", path: "/api/v1/devices/me", token: tok}).wantError(t, 401, "unauthorized")
	h.do(t, req{method: "DELETE", path: "/api/v1/admin/devices/" + id, token: admin}).wantError(t, 404, "not_found")
}

// testCookieSession: a page's session cookie needs X-CSRF-Token on every state change.
func testCookieSession(t *testing.T, h *harness) {
	h.addUser(t, "trang", queue.RoleOfficer, "centre")
	l := h.login(t, "trang")
	if l.cookie == nil {
		t.Fatal("login set no luot_session cookie")
	}
	if !l.cookie.HttpOnly || l.cookie.SameSite != http.SameSiteStrictMode {
		t.Errorf("session cookie: got HttpOnly %v SameSite %v, want HttpOnly and SameSite=Strict", l.cookie.HttpOnly, l.cookie.SameSite)
	}
	cookie := "luot_session=" + l.cookie.Value
	issue := func(csrf string) *resp {
		hdr := map[string]string{"Cookie": cookie}
		if csrf != "" {
			hdr["X-CSRF-Token"] = csrf
		}
		return h.do(t, req{method: "POST", path: "/api/v1/sites/centre/tickets", header: hdr, body: map[string]string{"service": "dat-dai"}})
	}
	before := h.site(t, "centre")
	issue("").wantError(t, 403, "forbidden")
	issue("wrong-"+l.CSRF).wantError(t, 403, "forbidden")
	if after := h.site(t, "centre"); after.LastEvent != before.LastEvent {
		t.Errorf("refused cookie requests appended events: last_event %s → %s", before.LastEvent, after.LastEvent)
	}
	issue(l.CSRF).want(t, 201)

	r := h.do(t, req{method: "GET", path: "/api/v1/auth/me", header: map[string]string{"Cookie": cookie}}).want(t, 200)
	var me struct {
		User struct{ Username string } `json:"user"`
		CSRF string                    `json:"csrf_token"`
	}
	r.decode(t, &me)
	if me.User.Username != "trang" || me.CSRF != l.CSRF {
		t.Errorf("GET /auth/me: got user %q csrf %q, want trang and the login's csrf_token", me.User.Username, me.CSRF)
	}
	// a bearer token needs no CSRF header
	h.do(t, req{method: "POST", path: "/api/v1/sites/centre/tickets", token: l.Token, body: map[string]string{"service": "dat-dai"}}).want(t, 201)

	// logout needs the header too, and then the cookie is worth nothing
	h.do(t, req{method: "POST", path: "/api/v1/auth/logout", header: map[string]string{"Cookie": cookie}}).wantError(t, 403, "forbidden")
	h.do(t, req{method: "POST", path: "/api/v1/auth/logout", header: map[string]string{"Cookie": cookie, "X-CSRF-Token": l.CSRF}}).want(t, 204)
	h.do(t, req{method: "GET", path: "/api/v1/auth/me", header: map[string]string{"Cookie": cookie}}).wantError(t, 401, "unauthorized")
	h.do(t, req{method: "GET", path: "/api/v1/auth/me", token: l.Token}).wantError(t, 401, "unauthorized")
}

// testLoginThrottling: five wrong passwords lock the username, even for the right one.
func testLoginThrottling(t *testing.T, h *harness) {
	h.addUser(t, "quen-mat-khau", queue.RoleOfficer, "centre")
	login := func(password string) *resp {
		return h.do(t, req{method: "POST", path: "/api/v1/auth/login", body: map[string]string{"username": "quen-mat-khau", "password": password}})
	}
	for i := 1; i <= 5; i++ {
		r := login(fmt.Sprintf("sai-%d", i))
		if r.status != 401 {
			t.Fatalf("wrong password %d: got status %d, want 401: %s", i, r.status, r.body)
		}
		r.wantError(t, 401, "unauthorized")
	}
	r := login(testPassword)
	r.wantError(t, 429, "rate_limited")
	if r.header.Get("Retry-After") == "" {
		t.Errorf("429 without Retry-After")
	}
	// another user from the same address is not locked out by someone else's failures
	h.addUser(t, "nguoi-khac", queue.RoleOfficer, "centre")
	h.login(t, "nguoi-khac")
}
