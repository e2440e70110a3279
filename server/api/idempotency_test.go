package api_test

import (
	"testing"

	"luot/server/queue"
)

// TestIdempotencyKey checks api.md's Idempotency-Key: the same key from the same caller returns
// the first answer and creates nothing; from another caller it is another request.
func TestIdempotencyKey(t *testing.T) {
	t.Parallel() // each test has its own Redis and app
	h, admin, kioskA := newCentre(t)
	_, kioskB := h.device(t, admin, "centre", "kiosk", "")
	h.addUser(t, "can-bo-a", queue.RoleOfficer, "centre")
	officer1 := h.login(t, "can-bo-a").Token
	officer2 := h.login(t, "can-bo-a").Token // another session of the same person

	issue := func(tok, service, key string) ticket {
		t.Helper()
		r := h.do(t, req{method: "POST", path: "/api/v1/sites/centre/tickets", token: tok,
			body: map[string]string{"service": service}, header: map[string]string{"Idempotency-Key": key}})
		r.want(t, 201)
		var tk ticket
		r.decode(t, &tk)
		return tk
	}

	t.Run("tickets", func(t *testing.T) {
		before := h.site(t, "centre")
		first := issue(kioskA, "dat-dai", "kiosk-press-0001")
		afterFirst := h.site(t, "centre")
		if got, want := afterFirst.waiting("dat-dai"), before.waiting("dat-dai")+1; got != want {
			t.Fatalf("first request: got %d waiting, want %d", got, want)
		}

		tests := []struct {
			name    string
			token   string
			service string
			key     string
			same    bool // the answer is the first ticket
		}{
			{"same key, same kiosk", kioskA, "dat-dai", "kiosk-press-0001", true},
			{"same key, same kiosk, other body", kioskA, "ho-tich", "kiosk-press-0001", true},
			{"same key, other kiosk", kioskB, "dat-dai", "kiosk-press-0001", false},
			{"other key, same kiosk", kioskA, "dat-dai", "kiosk-press-0002", false},
			{"no key", kioskA, "dat-dai", "", false},
		}
		for _, tc := range tests {
			t.Run(tc.name, func(t *testing.T) {
				v0 := h.site(t, "centre")
				got := issue(tc.token, tc.service, tc.key)
				v1 := h.site(t, "centre")
				if tc.same {
					if got.ID != first.ID || got.Number != first.Number {
						t.Fatalf("got ticket %s %s, want the first one %s %s", got.ID, got.Number, first.ID, first.Number)
					}
					if v1.LastEvent != v0.LastEvent || v1.waiting("dat-dai") != v0.waiting("dat-dai") || v1.waiting("ho-tich") != v0.waiting("ho-tich") {
						t.Fatalf("a repeated request changed the site: last_event %s → %s, waiting dat-dai %d → %d, ho-tich %d → %d",
							v0.LastEvent, v1.LastEvent, v0.waiting("dat-dai"), v1.waiting("dat-dai"), v0.waiting("ho-tich"), v1.waiting("ho-tich"))
					}
					return
				}
				if got.ID == first.ID {
					t.Fatalf("got the first ticket %s again, want a new one", got.ID)
				}
				if got, want := v1.waiting(tc.service), v0.waiting(tc.service)+1; got != want {
					t.Fatalf("got %d waiting for %s, want %d", got, tc.service, want)
				}
			})
		}
	})

	t.Run("one person, two sessions", func(t *testing.T) {
		a := issue(officer1, "ho-tich", "counter-7")
		b := issue(officer2, "ho-tich", "counter-7")
		if a.ID != b.ID {
			t.Errorf("two sessions of one user, one key: got tickets %s and %s, want one", a.ID, b.ID)
		}
		c := issue(admin, "ho-tich", "counter-7")
		if c.ID == a.ID {
			t.Errorf("another user with the same key: got the officer's ticket %s, want a new one", c.ID)
		}
	})

	t.Run("ratings", func(t *testing.T) {
		_, panel := h.device(t, admin, "centre", "rating", "q1")
		id := h.serveDone(t, kioskA, officer1, "q1")
		rate := func(level, key string) *resp {
			hdr := map[string]string{}
			if key != "" {
				hdr["Idempotency-Key"] = key
			}
			return h.do(t, req{method: "POST", path: "/api/v1/tickets/" + id + "/rating", token: panel,
				body: map[string]string{"level": level}, header: hdr})
		}
		rate("very_satisfied", "rate-1").want(t, 201)
		v0 := h.site(t, "centre")
		var again ticket
		rate("dissatisfied", "rate-1").want(t, 201).decode(t, &again)
		if again.Rating == nil || *again.Rating != "very_satisfied" {
			t.Errorf("repeated rating: got rating %v, want the first answer very_satisfied", again.Rating)
		}
		if v1 := h.site(t, "centre"); v1.LastEvent != v0.LastEvent {
			t.Errorf("a repeated rating appended an event: %s → %s", v0.LastEvent, v1.LastEvent)
		}
		rate("dissatisfied", "").wantError(t, 409, "conflict")
		rate("dissatisfied", "rate-2").wantError(t, 409, "conflict")
	})
}
