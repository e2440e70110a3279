package api_test

import (
	"strings"
	"testing"

	"luot/server/queue"
)

func TestSpike(t *testing.T) {
	h := newHarness(t, nil)
	tok := h.user(t, "a", queue.RoleOfficer, "centre")
	big := `{"service":"dat-dai","x":"` + strings.Repeat("A", 70000) + `"}`
	r := h.do(t, req{method: "POST", path: "/api/v1/sites/centre/tickets", token: tok, body: big, header: map[string]string{"Accept-Language": "en"}})
	t.Logf("%d %s %v", r.status, r.body, r.header)
	r = h.do(t, req{method: "PUT", path: "/api/v1/sites/centre/tickets", token: tok})
	t.Logf("%d %s", r.status, r.body)
	r = h.do(t, req{method: "GET", path: "/api/v1/tickets/..%2F..%2Fetc", token: tok})
	t.Logf("%d %s", r.status, r.body)
	r = h.do(t, req{method: "GET", path: "/api/v1/sites/%7Bcentre%7D", token: tok})
	t.Logf("%d %s", r.status, r.body)
}
