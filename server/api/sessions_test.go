package api_test

import (
	"testing"

	"luot/server/queue"
)

// TestSessionsEndWithTheAccount: a password reset, a disable and a delete each end every
// session of the user at once, and a user created later under the same name — even as an
// admin — gets none of the old sessions.
func TestSessionsEndWithTheAccount(t *testing.T) {
	t.Parallel()
	h := newHarness(t, nil)
	admin := h.user(t, "admin", queue.RoleAdmin)
	user := func(body map[string]any) {
		t.Helper()
		h.do(t, req{method: "POST", path: "/api/v1/admin/users", token: admin, body: body}).want(t, 201)
	}
	patch := func(body map[string]any) {
		t.Helper()
		h.do(t, req{method: "PATCH", path: "/api/v1/admin/users/thu", token: admin, body: body}).want(t, 200)
	}
	login := func(password string) string {
		t.Helper()
		r := h.do(t, req{method: "POST", path: "/api/v1/auth/login", body: map[string]string{"username": "thu", "password": password}}).want(t, 200)
		var a loginAnswer
		r.decode(t, &a)
		return a.Token
	}
	alive := func(token string) bool {
		t.Helper()
		r := h.do(t, req{method: "GET", path: "/api/v1/auth/me", token: token})
		if r.status != 200 && r.status != 401 {
			t.Fatalf("GET /auth/me: got %d %s", r.status, r.body)
		}
		return r.status == 200
	}
	user(map[string]any{"username": "thu", "full_name": "Nguyễn Văn Thu", "password": "mat-khau-1", "role": "officer", "sites": []string{"centre"}})
	a, b := login("mat-khau-1"), login("mat-khau-1")
	patch(map[string]any{"full_name": "Nguyễn Văn Thu (quầy 2)"}) // a change of name ends nothing
	if !alive(a) || !alive(b) {
		t.Fatal("a change of name ended the sessions")
	}

	patch(map[string]any{"password": "mat-khau-2"})
	if alive(a) || alive(b) {
		t.Fatal("a password reset left a session alive")
	}

	c := login("mat-khau-2")
	patch(map[string]any{"disabled": true})
	patch(map[string]any{"disabled": false})
	if alive(c) {
		t.Fatal("a session outlived a disable and came back with the enable")
	}

	d := login("mat-khau-2")
	h.do(t, req{method: "DELETE", path: "/api/v1/admin/users/thu", token: admin}).want(t, 204)
	if alive(d) {
		t.Fatal("a session outlived the delete")
	}
	user(map[string]any{"username": "thu", "full_name": "Người khác", "password": "mat-khau-3", "role": "admin"})
	for i, tok := range []string{a, b, c, d} {
		if alive(tok) {
			t.Errorf("session %d of the deleted user works for the new admin of the same name", i)
		}
		h.do(t, req{method: "GET", path: "/api/v1/admin/users", token: tok}).wantError(t, 401, "unauthorized")
	}
	if !alive(login("mat-khau-3")) {
		t.Error("the new user cannot sign in")
	}
}
