package api_test

import (
	"bytes"
	"strings"
	"testing"
	"time"
	"unicode"

	"luot/server/internal/testenv"
	"luot/server/queue"
)

// TestMalformedRequests checks DESIGN.md §4.6: bad input gets the right 4xx and the contract's
// error body, in Vietnamese by default and in English on request, and changes nothing — the
// sites read the same afterwards and no event was appended.
func TestMalformedRequests(t *testing.T) {
	t.Parallel() // each test has its own Redis and app
	h, admin, kiosk := newCentre(t)
	officer := h.user(t, "can-bo-a", queue.RoleOfficer, "centre")
	super := h.user(t, "giam-sat", queue.RoleSupervisor, "centre")
	_, rating := h.device(t, admin, "centre", "rating", "q1")
	h.act(t, officer, "centre", "q1", "open", nil)
	waiting := h.issue(t, kiosk, "centre", "dat-dai")
	pointTicket := h.issue(t, admin, "point", "ho-tich")
	done := h.serveDone(t, kiosk, officer, "q1")

	const tickets = "/api/v1/sites/centre/tickets"
	issueAs := func(tok, body string) req { return req{method: "POST", path: tickets, token: tok, body: body} }
	issue := func(body string) req { return issueAs(officer, body) }
	post := func(path, body string) req { return req{method: "POST", path: path, token: officer, body: body} }
	counter := func(action, body string) req { return post(counterPath("centre", "q1", action), body) }
	rate := func(id, body string) req {
		return req{method: "POST", path: "/api/v1/tickets/" + id + "/rating", token: rating, body: body}
	}
	big := strings.Repeat("x", 10<<10)
	huge := `{"service":"dat-dai","pad":"` + strings.Repeat("A", 70<<10) + `"}`

	// called is a ticket at q1 that has been recalled up to the limit (3).
	var called string
	tests := []struct {
		name   string
		setup  func(t *testing.T) // may change state; runs before the "before" snapshot
		r      func() req
		status int
		code   string
		undo   func(t *testing.T)
	}{
		// bodies that are not the JSON object expected
		{name: "bad JSON", r: func() req { return issue(`{"service":`) }, status: 400, code: "bad_request"},
		{name: "JSON array", r: func() req { return issue(`[{"service":"dat-dai"}]`) }, status: 400, code: "bad_request"},
		{name: "JSON null", r: func() req { return issue(`null`) }, status: 400, code: "bad_request"},
		{name: "JSON string", r: func() req { return issue(`"dat-dai"`) }, status: 400, code: "bad_request"},
		{name: "two objects", r: func() req { return issue(`{"service":"dat-dai"}{"service":"ho-tich"}`) }, status: 400, code: "bad_request"},
		{name: "empty body", r: func() req { return issue(``) }, status: 400, code: "bad_request"},
		{name: "service a number", r: func() req { return issue(`{"service":1}`) }, status: 400, code: "bad_request"},
		{name: "service an object", r: func() req { return issue(`{"service":{"id":"dat-dai"}}`) }, status: 400, code: "bad_request"},
		{name: "priority a bool", r: func() req { return issue(`{"service":"dat-dai","priority":true}`) }, status: 400, code: "bad_request"},
		{name: "open services a string", r: func() req { return counter("open", `{"services":"x"}`) }, status: 400, code: "bad_request"},
		{name: "open services of numbers", r: func() req { return counter("open", `{"services":[1,2]}`) }, status: 400, code: "bad_request"},
		{name: "open unknown service", r: func() req { return counter("open", `{"services":["dat-dai","ma-tuy"]}`) }, status: 400, code: "bad_request"},
		{name: "transfer keep_place a string", r: func() req { return counter("transfer", `{"service":"ho-tich","keep_place":"yes"}`) }, status: 400, code: "bad_request"},
		{name: "pause reason a number", r: func() req { return counter("pause", `{"reason":5}`) }, status: 400, code: "bad_request"},
		{name: "call ticket an array", r: func() req { return counter("call", `{"ticket":["x"]}`) }, status: 400, code: "bad_request"},
		{name: "rating level a number", r: func() req { return rate(done, `{"level":1}`) }, status: 400, code: "bad_request"},
		{name: "login username a number", r: func() req {
			return req{method: "POST", path: "/api/v1/auth/login", body: `{"username":1,"password":"x"}`}
		}, status: 400, code: "bad_request"},
		{name: "login without password", r: func() req { return req{method: "POST", path: "/api/v1/auth/login", body: `{"username":"admin"}`} }, status: 400, code: "bad_request"},
		{name: "invalid UTF-8", r: func() req { return issue("{\"service\":\"dat-dai\xff\xfe\"}") }, status: 400, code: "bad_request"},
		{name: "raw NUL in a string", r: func() req { return issue("{\"service\":\"dat\x00dai\"}") }, status: 400, code: "bad_request"},
		{name: "body over 64 KiB", r: func() req { return issue(huge) }, status: 413, code: "too_large"},
		{name: "unknown fields are ignored, still no service", r: func() req { return issue(`{"servic":"dat-dai","extra":[1,{"a":null}]}`) }, status: 400, code: "bad_request"},

		// names that are not in the organisation, including injection attempts
		{name: "unknown site", r: func() req { return post("/api/v1/sites/nowhere/tickets", `{"service":"dat-dai"}`) }, status: 404, code: "not_found"},
		{name: "unknown site read", r: func() req { return req{method: "GET", path: "/api/v1/sites/nowhere"} }, status: 404, code: "not_found"},
		{name: "site as a hash tag", r: func() req { return post("/api/v1/sites/%7Bcentre%7D/tickets", `{"service":"dat-dai"}`) }, status: 404, code: "not_found"},
		{name: "site with a glob", r: func() req { return req{method: "GET", path: "/api/v1/sites/*"} }, status: 404, code: "not_found"},
		{name: "unknown service", r: func() req { return issue(`{"service":"ma-tuy"}`) }, status: 404, code: "not_found"},
		{name: "service of another site only", r: func() req {
			return req{method: "POST", path: "/api/v1/sites/point/tickets", token: admin, body: `{"service":"doanh-nghiep"}`}
		}, status: 404, code: "not_found"},
		{name: "service SQL injection", r: func() req { return issue(`{"service":"dat-dai\"; DROP TABLE tickets; --"}`) }, status: 404, code: "not_found"},
		{name: "service glob", r: func() req { return issue(`{"service":"*"}`) }, status: 404, code: "not_found"},
		{name: "service hash tag", r: func() req { return issue(`{"service":"{centre}"}`) }, status: 404, code: "not_found"},
		{name: "service key path", r: func() req { return issue(`{"service":"dat-dai:A:20261123"}`) }, status: 404, code: "not_found"},
		{name: "service Lua", r: func() req { return issue(`{"service":"'); redis.call('FLUSHALL') --"}`) }, status: 404, code: "not_found"},
		{name: "service path traversal", r: func() req { return issue(`{"service":"../../etc/passwd"}`) }, status: 404, code: "not_found"},
		{name: "service 10 KB", r: func() req { return issue(`{"service":"` + big + `"}`) }, status: 404, code: "not_found"},
		{name: "service escaped NUL", r: func() req { return issue(`{"service":"dat-dai\u0000"}`) }, status: 404, code: "not_found"},
		{name: "service not NFC", r: func() req { return issue(`{"service":"dat-da\u0301i"}`) }, status: 404, code: "not_found"},
		{name: "unknown priority", r: func() req { return issue(`{"service":"dat-dai","priority":"vip"}`) }, status: 400, code: "bad_request"},
		{name: "priority glob", r: func() req { return issue(`{"service":"dat-dai","priority":"*"}`) }, status: 400, code: "bad_request"},
		{name: "unknown counter", r: func() req { return post(counterPath("centre", "q9", "next"), ``) }, status: 404, code: "not_found"},
		{name: "counter of another site", r: func() req { return post(counterPath("centre", "p1", "open"), ``) }, status: 404, code: "not_found"},
		{name: "counter glob", r: func() req { return post(counterPath("centre", "*", "next"), ``) }, status: 404, code: "not_found"},
		{name: "unknown ticket", r: func() req { return req{method: "GET", path: "/api/v1/tickets/centre.aaaaaaaaaaaaaaaaaaaaaaaa"} }, status: 404, code: "not_found"},
		{name: "malformed ticket id", r: func() req { return req{method: "GET", path: "/api/v1/tickets/123"} }, status: 404, code: "not_found"},
		{name: "ticket id of an unknown site", r: func() req { return req{method: "GET", path: "/api/v1/tickets/nowhere.aaaaaaaaaaaaaaaaaaaaaaaa"} }, status: 404, code: "not_found"},
		{name: "ticket id glob", r: func() req { return req{method: "GET", path: "/api/v1/tickets/centre.*"} }, status: 404, code: "not_found"},
		{name: "ticket id traversal", r: func() req { return req{method: "GET", path: "/api/v1/tickets/..%2F..%2Fetc%2Fpasswd"} }, status: 404, code: "not_found"},
		{name: "rating of an unknown ticket", r: func() req { return rate("centre.aaaaaaaaaaaaaaaaaaaaaaaa", `{"level":"satisfied"}`) }, status: 404, code: "not_found"},
		{name: "call an unknown ticket", r: func() req { return counter("call", `{"ticket":"centre.aaaaaaaaaaaaaaaaaaaaaaaa"}`) }, status: 404, code: "not_found"},
		{name: "call a malformed ticket", r: func() req { return counter("call", `{"ticket":"*"}`) }, status: 404, code: "not_found"},
		{name: "call a ticket of another site", r: func() req { return counter("call", `{"ticket":"`+pointTicket.ID+`"}`) }, status: 404, code: "not_found"},
		{name: "call without a ticket", r: func() req { return counter("call", `{}`) }, status: 400, code: "bad_request"},
		{name: "no such route", r: func() req { return req{method: "GET", path: "/api/v1/nothing-here"} }, status: 404, code: "not_found"},

		// the rules of the actions
		{name: "transfer with both service and counter", r: func() req { return counter("transfer", `{"service":"ho-tich","counter":"q2"}`) }, status: 400, code: "bad_request"},
		{name: "transfer with neither", r: func() req { return counter("transfer", `{"keep_place":false}`) }, status: 400, code: "bad_request"},
		{name: "transfer to an unknown service", r: func() req { return counter("transfer", `{"service":"ma-tuy"}`) }, status: 404, code: "not_found"},
		{name: "transfer to an unknown counter", r: func() req { return counter("transfer", `{"counter":"q9"}`) }, status: 404, code: "not_found"},
		{name: "pause without reason", r: func() req { return counter("pause", `{}`) }, status: 400, code: "bad_request"},
		{name: "pause with a blank reason", r: func() req { return counter("pause", `{"reason":"   "}`) }, status: 400, code: "bad_request"},
		{name: "pause with a reason over 200 characters", r: func() req { return counter("pause", `{"reason":"`+strings.Repeat("ă", 201)+`"}`) }, status: 400, code: "bad_request"},
		{name: "rating with an unknown level", r: func() req { return rate(done, `{"level":"tuyet-voi"}`) }, status: 400, code: "bad_request"},
		{name: "rating with no level", r: func() req { return rate(done, `{}`) }, status: 400, code: "bad_request"},
		{name: "rating before done", r: func() req { return rate(waiting.ID, `{"level":"satisfied"}`) }, status: 409, code: "invalid_state"},
		{
			name:  "citizen's rating after 24 hours",
			setup: func(t *testing.T) { h.env.Clock.Set(testenv.Monday.Add(25 * time.Hour)) },
			r: func() req {
				return req{method: "POST", path: "/api/v1/tickets/" + done + "/rating", body: `{"level":"satisfied"}`}
			},
			status: 409, code: "conflict",
			undo: func(t *testing.T) { h.env.Clock.Set(testenv.Monday) },
		},
		{
			name:  "duplicate rating",
			setup: func(t *testing.T) { h.do(t, rate(done, `{"level":"very_satisfied"}`)).want(t, 201) },
			r:     func() req { return rate(done, `{"level":"dissatisfied"}`) }, status: 409, code: "conflict",
		},
		{
			name: "recall past the limit",
			setup: func(t *testing.T) {
				called = h.issue(t, kiosk, "centre", "dat-dai").ID
				h.act(t, officer, "centre", "q1", "call", map[string]string{"ticket": called})
				for i := 1; i <= 3; i++ {
					var a struct{ Ticket ticket }
					h.act(t, officer, "centre", "q1", "recall", nil).decode(t, &a)
					if a.Ticket.Recalls != i {
						t.Fatalf("recall %d: got recalls %d, want %d", i, a.Ticket.Recalls, i)
					}
				}
			},
			r:      func() req { return counter("recall", ``) },
			status: 409, code: "invalid_state",
			undo: func(t *testing.T) { h.act(t, officer, "centre", "q1", "no-show", nil) },
		},
		{name: "recall with no current ticket", r: func() req { return counter("recall", ``) }, status: 409, code: "invalid_state"},
		{name: "finish with no current ticket", r: func() req { return counter("finish", ``) }, status: 409, code: "invalid_state"},
		{name: "call a ticket that is not waiting", r: func() req { return counter("call", `{"ticket":"`+done+`"}`) }, status: 409, code: "invalid_state"},
		{name: "resume an open counter", r: func() req { return counter("resume", ``) }, status: 409, code: "invalid_state"},
		{name: "next on a closed counter", r: func() req { return post(counterPath("centre", "q3", "next"), ``) }, status: 409, code: "counter_closed"},
		{name: "next on a closed counter by a supervisor", r: func() req {
			return req{method: "POST", path: counterPath("centre", "q3", "next"), token: super}
		}, status: 409, code: "counter_closed"},
		{
			name:   "issue outside hours",
			setup:  func(t *testing.T) { h.env.Clock.Set(testenv.Monday.AddDate(0, 0, -1)) }, // Sunday 09:00
			r:      func() req { return issueAs(kiosk, `{"service":"dat-dai"}`) },
			status: 409, code: "outside_hours",
			undo: func(t *testing.T) { h.env.Clock.Set(testenv.Monday) },
		},
		{
			name:   "issue in the lunch break",
			setup:  func(t *testing.T) { h.env.Clock.Set(testenv.Monday.Add(3*time.Hour + 45*time.Minute)) }, // 12:45
			r:      func() req { return issueAs(kiosk, `{"service":"dat-dai"}`) },
			status: 409, code: "outside_hours",
			undo: func(t *testing.T) { h.env.Clock.Set(testenv.Monday) },
		},
		{
			name: "quota reached",
			setup: func(t *testing.T) {
				for range 5 { // doanh-nghiep has a quota of 5 at centre
					h.issue(t, kiosk, "centre", "doanh-nghiep")
				}
			},
			r:      func() req { return issueAs(kiosk, `{"service":"doanh-nghiep"}`) },
			status: 409, code: "quota_reached",
		},

		// headers
		{name: "Idempotency-Key too long", r: func() req {
			r := issue(`{"service":"dat-dai"}`)
			r.header = map[string]string{"Idempotency-Key": strings.Repeat("k", 201)}
			return r
		}, status: 400, code: "bad_request"},
		{name: "Idempotency-Key not ASCII", r: func() req {
			r := issue(`{"service":"dat-dai"}`)
			r.header = map[string]string{"Idempotency-Key": "khóa"}
			return r
		}, status: 400, code: "bad_request"},
		{name: "Authorization not Bearer", r: func() req {
			return req{method: "POST", path: tickets, body: `{"service":"dat-dai"}`, header: map[string]string{"Authorization": "Basic YWRtaW46YWRtaW4="}}
		}, status: 401, code: "unauthorized"},
		{name: "unknown bearer token", r: func() req { return issueAs("d_not-a-token", `{"service":"dat-dai"}`) }, status: 401, code: "unauthorized"},
		{name: "bearer token of 300 characters", r: func() req { return issueAs(strings.Repeat("t", 300), `{"service":"dat-dai"}`) }, status: 401, code: "unauthorized"},
		{name: "queue list with a bad limit", r: func() req {
			return req{method: "GET", path: "/api/v1/sites/centre/queues/dat-dai?limit=0", token: officer}
		}, status: 400, code: "bad_request"},

		// administration
		{name: "user with an unknown role", r: func() req {
			return req{method: "POST", path: "/api/v1/admin/users", token: admin, body: `{"username":"moi","full_name":"Mới","password":"mat-khau-dai","role":"root"}`}
		}, status: 400, code: "bad_request"},
		{name: "user of an unknown site", r: func() req {
			return req{method: "POST", path: "/api/v1/admin/users", token: admin, body: `{"username":"moi","full_name":"Mới","password":"mat-khau-dai","role":"officer","sites":["*"]}`}
		}, status: 400, code: "bad_request"},
		{name: "user with a bad username", r: func() req {
			return req{method: "POST", path: "/api/v1/admin/users", token: admin, body: `{"username":"../admin","full_name":"Mới","password":"mat-khau-dai","role":"officer"}`}
		}, status: 400, code: "bad_request"},
		{name: "device of an unknown kind", r: func() req {
			return req{method: "POST", path: "/api/v1/admin/devices", token: admin, body: `{"site":"centre","kind":"tv","name":"x"}`}
		}, status: 400, code: "bad_request"},
		{name: "rating device without a counter", r: func() req {
			return req{method: "POST", path: "/api/v1/admin/devices", token: admin, body: `{"site":"centre","kind":"rating","name":"x"}`}
		}, status: 400, code: "bad_request"},
		{name: "device of an unknown site", r: func() req {
			return req{method: "POST", path: "/api/v1/admin/devices", token: admin, body: `{"site":"nowhere","kind":"kiosk","name":"x"}`}
		}, status: 400, code: "bad_request"},
	}

	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if tc.setup != nil {
				tc.setup(t)
			}
			if tc.undo != nil {
				defer tc.undo(t)
			}
			before := [2]siteView{h.site(t, "centre"), h.site(t, "point")}

			r := tc.r()
			got := h.do(t, r)
			got.wantError(t, tc.status, tc.code)
			_, vi := got.errorOf(t)

			r = tc.r()
			if r.header == nil {
				r.header = map[string]string{}
			}
			r.header["Accept-Language"] = "en-US,en;q=0.9,vi;q=0.5"
			gotEn := h.do(t, r)
			gotEn.wantError(t, tc.status, tc.code)
			_, en := gotEn.errorOf(t)
			if !hasVietnamese(vi) {
				t.Errorf("default message %q: want Vietnamese", vi)
			}
			if !isASCII(en) || en == vi {
				t.Errorf("Accept-Language en: got message %q, want English (the Vietnamese is %q)", en, vi)
			}

			after := [2]siteView{h.site(t, "centre"), h.site(t, "point")}
			for i := range before {
				if after[i].LastEvent != before[i].LastEvent {
					t.Errorf("an event was appended: last_event %s → %s", before[i].LastEvent, after[i].LastEvent)
				}
				if !bytes.Equal(after[i].raw, before[i].raw) {
					t.Errorf("the site changed:\nbefore %s\nafter  %s", before[i].raw, after[i].raw)
				}
			}
		})
	}

	t.Run("unknown fields are ignored", func(t *testing.T) {
		h.do(t, issue(`{"service":"ho-tich","source":"kiosk-7","extra":{"nested":[1,2,null]}}`)).want(t, 201)
	})

	t.Run("messages", func(t *testing.T) {
		for _, tc := range []struct{ lang, want string }{
			{"", "Lĩnh vực này không được tiếp nhận tại đây"},
			{"vi", "Lĩnh vực này không được tiếp nhận tại đây"},
			{"vi-VN,vi;q=0.9,en;q=0.5", "Lĩnh vực này không được tiếp nhận tại đây"},
			{"en", "This service is not offered here"},
			{"en-GB", "This service is not offered here"},
		} {
			r := issue(`{"service":"ma-tuy"}`)
			r.header = map[string]string{"Accept-Language": tc.lang}
			got := h.do(t, r)
			if _, msg := got.errorOf(t); msg != tc.want {
				t.Errorf("Accept-Language %q: got message %q, want %q", tc.lang, msg, tc.want)
			}
		}
	})
}

// hasVietnamese reports whether s has a letter outside ASCII (Vietnamese diacritics).
func hasVietnamese(s string) bool {
	for _, r := range s {
		if r > unicode.MaxASCII && unicode.IsLetter(r) {
			return true
		}
	}
	return false
}

func isASCII(s string) bool {
	for _, r := range s {
		if r > unicode.MaxASCII {
			return false
		}
	}
	return true
}
