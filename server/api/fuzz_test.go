package api_test

import (
	"encoding/json"
	"io"
	"log/slog"
	"slices"
	"strings"
	"testing"

	"luot/server/queue"
)

// The fuzz targets feed the request decoders arbitrary bodies through the whole app, on a real
// Redis: whatever comes in, the answer is one of the statuses the contract names with the
// contract's error body, never a 500. `go test` runs their seeds; `go test -fuzz=FuzzIssueBody
// ./server/api/` explores further.

// fuzzSeeds are bodies every target starts from: JSON that is broken, of the wrong shape, or
// carries strings meant to escape into Redis keys, Lua or the file system.
var fuzzSeeds = []string{
	``,
	`{}`,
	`null`,
	`[]`,
	`[{"service":"dat-dai"}]`,
	`"dat-dai"`,
	`{"service":`,
	`{"service":"dat-dai"}{}`,
	`{"service":1}`,
	`{"service":null}`,
	`{"service":["dat-dai"]}`,
	`{"service":"dat-dai","priority":true}`,
	`{"service":"*"}`,
	`{"service":"{centre}"}`,
	`{"service":"../../etc/passwd"}`,
	`{"service":"dat-dai\"; DROP TABLE tickets; --"}`,
	`{"service":"'); redis.call('FLUSHALL') --"}`,
	`{"service":"dat-dai\u0000"}`,
	"{\"service\":\"dat\x00dai\"}",
	"{\"service\":\"dat-dai\xff\"}",
	`{"service":"` + strings.Repeat("x", 10<<10) + `"}`,
	strings.Repeat("[", 20000),
	`{"service":"dat-dai","x":` + strings.Repeat(`{"a":`, 5000) + `1` + strings.Repeat(`}`, 5000) + `}`,
	`{"service":"dat-dai","pad":"` + strings.Repeat("A", 70<<10) + `"}`,
	`{"service":"dat-dai","service":"ho-tich"}`,
	`{"SERVICE":"dat-dai"}`,
	`{"service":"dat-dai","priority":"elderly"}`,
	`{"service":1e400}`,
	`{"service":"\ud800"}`,
}

// fuzzHarness is a harness whose log is discarded: a fuzz target may not log through f.
func fuzzHarness(f *testing.F) *harness {
	return newHarness(f, slog.New(slog.NewTextHandler(io.Discard, nil)))
}

// checkAnswer fails the fuzz input if the status is not allowed or an error lacks the
// contract's shape.
func checkAnswer(t *testing.T, body []byte, r *resp, allowed ...int) {
	t.Helper()
	if !slices.Contains(allowed, r.status) {
		t.Fatalf("body %.200q: got status %d, want one of %v: %s", body, r.status, allowed, r.body)
	}
	if r.status >= 400 {
		if _, _, problem := r.errorShape(); problem != "" {
			t.Fatalf("body %.200q: status %d: %s: %s", body, r.status, problem, r.body)
		}
	}
}

func FuzzIssueBody(f *testing.F) {
	h := fuzzHarness(f)
	officer := h.user(f, "can-bo-a", queue.RoleOfficer, "centre")
	for _, s := range fuzzSeeds {
		f.Add([]byte(s))
	}
	for _, svc := range []string{"dat-dai", "ho-tich", "doanh-nghiep"} {
		f.Add([]byte(`{"service":"` + svc + `"}`))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		r, err := h.send(req{method: "POST", path: "/api/v1/sites/centre/tickets", token: officer, body: body})
		if err != nil {
			t.Fatal(err)
		}
		checkAnswer(t, body, r, 201, 400, 404, 409, 413)
		if r.status == 201 {
			var tk ticket
			if err := json.Unmarshal(r.body, &tk); err != nil || tk.ID == "" || tk.Status != "waiting" || tk.Site != "centre" {
				t.Fatalf("body %.200q: 201 with %s, want a waiting ticket of centre", body, r.body)
			}
			if !slices.Contains(h.env.Org.Site("centre").Services, tk.Service) {
				t.Fatalf("body %.200q: issued a ticket of service %q, which centre does not offer", body, tk.Service)
			}
		}
	})
}

func FuzzTransferBody(f *testing.F) {
	h := fuzzHarness(f)
	officer := h.user(f, "can-bo-a", queue.RoleOfficer, "centre")
	clerk := h.user(f, "le-tan", queue.RoleOfficer, "centre") // issues the tickets the officer calls
	for _, s := range fuzzSeeds {
		f.Add([]byte(s))
	}
	for _, s := range []string{
		`{"service":"ho-tich"}`,
		`{"service":"ho-tich","keep_place":false}`,
		`{"counter":"q2"}`,
		`{"counter":"q1"}`,
		`{"counter":"p1"}`,
		`{"counter":"*"}`,
		`{"service":"ho-tich","counter":"q2"}`,
		`{"keep_place":"yes"}`,
		`{"keep_place":1}`,
		`{"service":"doanh-nghiep","keep_place":null}`,
	} {
		f.Add([]byte(s))
	}
	if r := h.do(f, req{method: "POST", path: counterPath("centre", "q1", "open"), token: officer}); r.status != 200 {
		f.Fatalf("open q1: got status %d, want 200: %s", r.status, r.body)
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		// give q1 a current ticket to transfer (call finishes the one before, if any)
		var tk ticket
		h.do(t, req{method: "POST", path: "/api/v1/sites/centre/tickets", token: clerk, body: `{"service":"dat-dai"}`}).want(t, 201).decode(t, &tk)
		h.do(t, req{method: "POST", path: counterPath("centre", "q1", "call"), token: officer, body: map[string]string{"ticket": tk.ID}}).want(t, 200)

		r, err := h.send(req{method: "POST", path: counterPath("centre", "q1", "transfer"), token: officer, body: body})
		if err != nil {
			t.Fatal(err)
		}
		checkAnswer(t, body, r, 200, 400, 404, 409, 413)
		if r.status == 200 {
			var a struct {
				Counter struct{ ID, State string }
				Ticket  *ticket
			}
			if err := json.Unmarshal(r.body, &a); err != nil || a.Counter.ID != "q1" || a.Ticket != nil {
				t.Fatalf("body %.200q: 200 with %s, want counter q1 without a current ticket", body, r.body)
			}
		}
	})
}

func FuzzLoginBody(f *testing.F) {
	h := fuzzHarness(f)
	h.addUser(f, "can-bo-a", queue.RoleOfficer, "centre")
	for _, s := range fuzzSeeds {
		f.Add([]byte(s))
	}
	for _, s := range []string{
		`{"username":"can-bo-a","password":"` + testPassword + `"}`,
		`{"username":"CAN-BO-A ","password":"` + testPassword + `"}`,
		`{"username":"can-bo-a","password":"sai"}`,
		`{"username":"can-bo-a","password":1}`,
		`{"username":["can-bo-a"],"password":"x"}`,
		`{"username":"*","password":"*"}`, // the only unknown user: each costs a bcrypt at the default cost
		`{"username":"can-bo-a","password":"` + strings.Repeat("p", 129) + `"}`,
		`{"username":"` + strings.Repeat("u", 65) + `","password":"x"}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		r, err := h.send(req{method: "POST", path: "/api/v1/auth/login", body: body})
		if err != nil {
			t.Fatal(err)
		}
		checkAnswer(t, body, r, 200, 400, 401, 413, 429)
		if r.status == 200 {
			var a loginAnswer
			if err := json.Unmarshal(r.body, &a); err != nil || a.Token == "" || a.CSRF == "" || a.User.Username != "can-bo-a" {
				t.Fatalf("body %.200q: 200 with %s, want a session of can-bo-a", body, r.body)
			}
		}
	})
}
