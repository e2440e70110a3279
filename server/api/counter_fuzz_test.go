package api_test

import (
	"net/url"
	"testing"

	"luot/server/queue"
)

// FuzzCounterReads: whatever an outsider puts in the query and the path of the workstation's
// reads, the answer is 200 or a contract error, never a 5xx.
func FuzzCounterReads(f *testing.F) {
	h := fuzzHarness(f)
	officer := h.user(f, "can-bo-a", queue.RoleOfficer, "centre")
	for _, seed := range [][3]string{
		{"A012", "5", "me"}, {"", "", "can-bo-a"}, {"a 1", "500", "ME"}, {"1A", "0", "x/y"},
		{"\xff", "-1", "%"}, {"Ă", "9999999999999999999999", ".."}, {"A99999999999", "1e3", ""},
	} {
		f.Add(seed[0], seed[1], seed[2])
	}
	f.Fuzz(func(t *testing.T, q, limit, who string) {
		for _, path := range []string{
			"/api/v1/sites/centre/waiting?q=" + url.QueryEscape(q) + "&limit=" + url.QueryEscape(limit),
			"/api/v1/sites/centre/counters/q1/queues?limit=" + url.QueryEscape(limit),
			"/api/v1/sites/centre/officers/" + url.PathEscape(who) + "/today",
		} {
			r := h.do(t, req{method: "GET", path: path, token: officer})
			checkAnswer(t, []byte(path), r, 200, 400, 403, 404)
		}
	})
}
