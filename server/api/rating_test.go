package api_test

import (
	"strings"
	"testing"
	"time"

	"luot/server/internal/testenv"
	"luot/server/queue"
)

// TestRatingOnlyFromCitizenOrPanel: a rating judges the officer, so no signed-in user may
// give one, whatever the role (the officer who served the ticket included, by bearer or by
// session cookie); a rating panel of another counter, or a kiosk, may not either; the
// citizen with the id rates once.
func TestRatingOnlyFromCitizenOrPanel(t *testing.T) {
	h, admin, kiosk := newCentre(t)
	lan := h.user(t, "lan", queue.RoleOfficer, "centre")
	sup := h.user(t, "sup", queue.RoleSupervisor, "centre")
	_, otherPanel := h.device(t, admin, "centre", "rating", "q2")
	id := h.serveDone(t, kiosk, lan, "q1")
	rate := func(token string, header map[string]string) *resp {
		return h.do(t, req{method: "POST", path: "/api/v1/tickets/" + id + "/rating", token: token, header: header,
			body: map[string]string{"level": "very_satisfied"}})
	}
	for name, token := range map[string]string{"the officer who served it": lan, "a supervisor of the site": sup, "an admin": admin} {
		r := rate(token, nil)
		if r.status != 403 {
			t.Fatalf("%s rates: got %d %s, want 403", name, r.status, r.body)
		}
	}
	session := h.login(t, "lan")
	r := rate("", map[string]string{"Cookie": "luot_session=" + session.cookie.Value, "X-CSRF-Token": session.CSRF})
	if r.status != 403 {
		t.Fatalf("the officer's page session rates: got %d %s, want 403", r.status, r.body)
	}
	if r := rate(otherPanel, nil); r.status != 403 {
		t.Fatalf("another counter's rating panel rates: got %d %s, want 403", r.status, r.body)
	}
	if r := rate(kiosk, nil); r.status != 403 {
		t.Fatalf("a kiosk rates: got %d %s, want 403", r.status, r.body)
	}
	rate("", nil).want(t, 201)
	rate("", nil).wantError(t, 409, "conflict")
}

// TestRatingWindow: 24 hours after the finish, neither the citizen with the id nor the
// counter's own rating panel may rate any more (fake clock).
func TestRatingWindow(t *testing.T) {
	h, _, lan, kiosk, panel := ratingDesk(t)
	late := h.serveDone(t, kiosk, lan, "q1")
	h.env.Clock.Advance(24*time.Hour + time.Minute)
	for name, token := range map[string]string{"the citizen": "", "the counter's rating panel": panel} {
		r := h.do(t, req{method: "POST", path: "/api/v1/tickets/" + late + "/rating", token: token,
			body: map[string]string{"level": "satisfied"}})
		if r.status != 409 {
			t.Fatalf("%s rates a day and a minute after the finish: got %d %s, want 409", name, r.status, r.body)
		}
	}
	// within the window the panel rates what its counter finished
	h.env.Clock.Set(testenv.Monday.Add(24*time.Hour + 2*time.Hour))
	fresh := h.serveDone(t, kiosk, lan, "q1")
	h.do(t, req{method: "POST", path: "/api/v1/tickets/" + fresh + "/rating", token: panel,
		body: map[string]string{"level": "satisfied"}}).want(t, 201)
}

// TestPanelRatesByEvent: the rating panel, which sees no ticket ids on the public feed,
// rates the finish it saw by the event's id; only a finish of its own counter, once.
func TestPanelRatesByEvent(t *testing.T) {
	h, admin, lan, kiosk, panel := ratingDesk(t)
	_, otherPanel := h.device(t, admin, "centre", "rating", "q2")
	id := h.serveDone(t, kiosk, lan, "q1")
	done := h.site(t, "centre").LastEvent // the finish is the site's last event
	waiting := h.issue(t, kiosk, "centre", "dat-dai")
	issued := h.site(t, "centre").LastEvent

	rate := func(token, event string) *resp {
		return h.do(t, req{method: "POST", path: "/api/v1/devices/me/rating", token: token,
			body: map[string]string{"event": event, "level": "satisfied"}})
	}
	rate("", done).wantError(t, 401, "unauthorized")
	rate(kiosk, done).wantError(t, 403, "forbidden")
	rate(lan, done).wantError(t, 403, "forbidden")
	rate(otherPanel, done).wantError(t, 404, "not_found")
	rate(panel, issued).wantError(t, 404, "not_found") // not a finish
	rate(panel, "garbage").wantError(t, 404, "not_found")
	r := rate(panel, done).want(t, 201)
	for _, leak := range []string{id, waiting.ID, `"officer"`} {
		if strings.Contains(string(r.body), leak) {
			t.Fatalf("the panel's answer %s carries %s", r.body, leak)
		}
	}
	rate(panel, done).wantError(t, 409, "conflict")
	var tk ticket
	h.do(t, req{method: "GET", path: "/api/v1/tickets/" + id}).want(t, 200).decode(t, &tk)
	if tk.Rating == nil || *tk.Rating != "satisfied" {
		t.Fatalf("got rating %v, want satisfied", tk.Rating)
	}
}

// ratingDesk is counter q1 of the centre with its officer lan, a kiosk and q1's rating panel;
// it returns the harness and the tokens of the admin, lan, the kiosk and the panel.
func ratingDesk(t *testing.T) (h *harness, admin, lan, kiosk, panel string) {
	t.Helper()
	h, admin, kiosk = newCentre(t)
	lan = h.user(t, "lan", queue.RoleOfficer, "centre")
	_, panel = h.device(t, admin, "centre", "rating", "q1")
	return h, admin, lan, kiosk, panel
}
