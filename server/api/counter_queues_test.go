package api_test

import (
	"testing"
	"time"

	"luot/server/internal/testserver"
	"luot/server/queue"
)

type queuesAnswer struct {
	Counter  string
	State    string
	Services []struct {
		ID             string
		Name           string
		Waiting        int
		OldestIssuedAt *time.Time `json:"oldest_issued_at"`
		LongestWaitMin int        `json:"longest_wait_min"`
		Next           []queue.Ticket
	}
}

// TestCounterQueues: a counter's queues list its services in its order, with the waiting
// count, the longest wait (a priority ticket first in calling order does not hide an older
// normal one) and the next numbers in calling order.
func TestCounterQueues(t *testing.T) {
	s, kiosk := centreWithKiosk(t)
	off := s.User(t, "lan", queue.RoleOfficer, "centre")
	issue := func(svc, prio string) queue.Ticket {
		t.Helper()
		var tk queue.Ticket
		s.Do(t, kiosk, "POST", "/api/v1/sites/centre/tickets", map[string]string{"service": svc, "priority": prio}, 201, &tk)
		s.Clock.Advance(2 * time.Minute)
		return tk
	}
	a1 := issue("dat-dai", "")
	b1 := issue("ho-tich", "")
	a2 := issue("dat-dai", "")
	a3 := issue("dat-dai", "elderly")
	s.Clock.Advance(10 * time.Minute)

	var got queuesAnswer
	s.Do(t, off, "GET", "/api/v1/sites/centre/counters/q2/queues?limit=2", nil, 200, &got)
	if got.Counter != "q2" || got.State != "closed" || len(got.Services) != 2 {
		t.Fatalf("got counter %q state %q with %d services, want q2 closed with 2", got.Counter, got.State, len(got.Services))
	}
	land, civil := got.Services[0], got.Services[1]
	if land.ID != "dat-dai" || civil.ID != "ho-tich" {
		t.Fatalf("got services %s, %s; want dat-dai, ho-tich (the counter's order)", land.ID, civil.ID)
	}
	if land.Waiting != 3 || len(land.Next) != 2 || land.Next[0].ID != a3.ID || land.Next[1].ID != a1.ID {
		t.Fatalf("land: got waiting %d next %v, want 3 and [%s %s]", land.Waiting, ticketNumbers(land.Next), a3.Number, a1.Number)
	}
	// a1 was issued at 09:00 and it is now 09:18: the elderly a3 (09:06) is first but not oldest.
	if land.LongestWaitMin != 18 || !land.OldestIssuedAt.Equal(a1.IssuedAt) {
		t.Fatalf("land: got longest wait %d min since %v, want 18 since %v", land.LongestWaitMin, land.OldestIssuedAt, a1.IssuedAt)
	}
	if civil.Waiting != 1 || civil.Next[0].ID != b1.ID || civil.LongestWaitMin != 16 || civil.Name != "Hộ tịch" {
		t.Fatalf("civil: got %+v, want 1 waiting (%s), 16 min, named Hộ tịch", civil, b1.Number)
	}
	_ = a2

	// an empty queue has no oldest and an empty list, not null
	var q3 queuesAnswer
	s.Do(t, off, "GET", "/api/v1/sites/centre/counters/q4/queues", nil, 200, &q3)
	if q3.Services[0].ID != "doanh-nghiep" || q3.Services[0].Next == nil || q3.Services[0].OldestIssuedAt != nil {
		t.Fatalf("empty queue: got %+v, want next [] and no oldest", q3.Services[0])
	}
}

func ticketNumbers(ts []queue.Ticket) []string {
	out := make([]string, len(ts))
	for i, t := range ts {
		out[i] = t.Number
	}
	return out
}

// TestCounterReadsRefuse: the workstation's reads answer bad input and strangers with the
// contract's errors.
func TestCounterReadsRefuse(t *testing.T) {
	s := testserver.Start(t)
	off := s.User(t, "lan", queue.RoleOfficer, "centre")
	other := s.User(t, "mai", queue.RoleOfficer, "point")
	display := s.Device(t, "centre", "display", "")
	checkRefused(t, s, []refused{
		{"", "/api/v1/sites/centre/counters/q1/queues", 401, "unauthorized"},
		{display, "/api/v1/sites/centre/counters/q1/queues", 403, "forbidden"},
		{other, "/api/v1/sites/centre/counters/q1/queues", 403, "forbidden"},
		{off, "/api/v1/sites/centre/counters/zz/queues", 404, "not_found"},
		{off, "/api/v1/sites/centre/counters/q1/queues?limit=0", 400, "bad_request"},
		{off, "/api/v1/sites/centre/counters/q1/queues?limit=x", 400, "bad_request"},
		{off, "/api/v1/sites/centre/counters/q1/queues?limit=51", 400, "bad_request"},
		{off, "/api/v1/sites/centre/waiting?q=A-1", 400, "bad_request"},
		{off, "/api/v1/sites/centre/waiting?q=1A", 400, "bad_request"},
		{off, "/api/v1/sites/centre/waiting?q=A99999999999999999", 400, "bad_request"},
		{off, "/api/v1/sites/centre/waiting?limit=501", 400, "bad_request"},
		{other, "/api/v1/sites/centre/waiting", 403, "forbidden"},
		{"", "/api/v1/sites/centre/officers/me/today", 401, "unauthorized"},
		{off, "/api/v1/sites/centre/officers/mai/today", 403, "forbidden"},
		{other, "/api/v1/sites/centre/officers/me/today", 403, "forbidden"},
	})
	var e struct {
		Error struct{ Code, Message string }
	}
	s.Do(t, off, "GET", "/api/v1/sites/centre/waiting?q=1A", nil, 400, &e)
	if e.Error.Message != "Số thứ tự cần tìm không hợp lệ (ví dụ A012)" {
		t.Errorf("bad q: got message %q, want the plain Vietnamese one", e.Error.Message)
	}
	admin := s.User(t, "root", queue.RoleAdmin)
	s.Do(t, admin, "GET", "/api/v1/sites/nowhere/waiting", nil, 404, &e)
	s.Do(t, admin, "GET", "/api/v1/sites/nowhere/officers/lan/today", nil, 404, &e)
	s.Do(t, admin, "GET", "/api/v1/sites/nowhere/counters/q1/queues", nil, 404, &e)
}
