package store

import (
	"context"
	"testing"
	"time"

	"luot/server/internal/redistest"
	"luot/server/queue"
)

func testStore(t *testing.T) *Store {
	t.Helper()
	srv := redistest.Start(t)
	loc, err := time.LoadLocation("Asia/Ho_Chi_Minh")
	if err != nil {
		t.Fatal(err)
	}
	return New(srv.Client(), loc, Options{})
}

// issueAt issues a kiosk's ticket at site "a" at a time, on its local day and hour.
func issueAt(t *testing.T, s *Store, at time.Time, a queue.IssueArgs) *queue.Ticket {
	t.Helper()
	a.Site, a.Channel, a.Day, a.Hour = "a", queue.Kiosk, queue.LocalDay(at, s.loc), queue.LocalHour(at, s.loc)
	v, err := s.Issue(context.Background(), a, queue.Meta{Now: at, By: "k"})
	if err != nil {
		t.Fatal(err)
	}
	return v.Ticket
}

func TestAggregates(t *testing.T) {
	ctx := context.Background()
	s := testStore(t)
	if err := s.SaveAggregate(ctx, "a", "20261123", map[string][]byte{"total": []byte(`{"issued":3}`), "hour": []byte(`{}`)}); err != nil {
		t.Fatal(err)
	}
	// replacing drops the fields of the old aggregate
	if err := s.SaveAggregate(ctx, "a", "20261124", map[string][]byte{"total": []byte(`{"issued":1}`), "service": []byte(`{"x":{}}`)}); err != nil {
		t.Fatal(err)
	}
	if err := s.SaveAggregate(ctx, "a", "20261124", map[string][]byte{"total": []byte(`{"issued":2}`)}); err != nil {
		t.Fatal(err)
	}
	got, err := s.Aggregates(ctx, "a", []string{"20261122", "20261123", "20261124"}, []string{"total", "service"})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 3 || got[0] != nil || string(got[1]["total"]) != `{"issued":3}` || got[1]["service"] != nil ||
		string(got[2]["total"]) != `{"issued":2}` || got[2]["service"] != nil {
		t.Errorf("got %q", got)
	}
	if ttl := s.rdb.TTL(ctx, aggKey("a", "20261123")).Val(); ttl != -1 {
		t.Errorf("an aggregate expires (TTL %v); it must be kept", ttl)
	}
	if none, err := s.Aggregates(ctx, "a", nil, []string{"total"}); err != nil || len(none) != 0 {
		t.Errorf("no days: got %v, %v", none, err)
	}
}

func TestRollupMarksAndLock(t *testing.T) {
	ctx := context.Background()
	s := testStore(t)
	if _, done, err := s.RolledUp(ctx, "20261123"); done || err != nil {
		t.Fatalf("fresh day: got done %v, %v", done, err)
	}
	at := time.Date(2026, 11, 24, 0, 5, 0, 0, s.loc)
	if err := s.MarkRolledUp(ctx, "20261123", at); err != nil {
		t.Fatal(err)
	}
	if when, done, err := s.RolledUp(ctx, "20261123"); !done || err != nil || !when.Equal(at) {
		t.Errorf("got %v %v %v, want %v", when, done, err, at)
	}
	if ok, _ := s.LockRollup(ctx, "d", "me", time.Minute); !ok {
		t.Fatal("first lock refused")
	}
	if ok, _ := s.LockRollup(ctx, "d", "other", time.Minute); ok {
		t.Error("second lock taken")
	}
	s.UnlockRollup(ctx, "d", "other") // not the owner: nothing happens
	if ok, _ := s.LockRollup(ctx, "d", "third", time.Minute); ok {
		t.Error("a non-owner released the lock")
	}
	s.UnlockRollup(ctx, "d", "me")
	if ok, _ := s.LockRollup(ctx, "d", "other", time.Minute); !ok {
		t.Error("lock not released by its owner")
	}
}

func TestHistories(t *testing.T) {
	ctx := context.Background()
	s := testStore(t)
	now := time.Date(2026, 11, 23, 9, 0, 0, 0, s.loc)
	v, err := s.Issue(ctx, queue.IssueArgs{Site: "a", Service: "x", Prefix: "A", Channel: queue.Kiosk, Day: "20261123", Counters: []string{"q1"}},
		queue.Meta{Now: now, By: "device:k"})
	if err != nil {
		t.Fatal(err)
	}
	id := v.Ticket.ID
	h, err := s.Histories(ctx, "a", []string{id, "a.missing"})
	if err != nil {
		t.Fatal(err)
	}
	if len(h[id]) != 1 || h[id][0].Type != queue.EvIssued || !h[id][0].At.Equal(now) || h[id][0].By != "device:k" {
		t.Errorf("history: got %+v", h[id])
	}
	if len(h["a.missing"]) != 0 {
		t.Errorf("a missing ticket has a history: %+v", h["a.missing"])
	}
	s.rdb.RPush(ctx, historyKey("a", id), "{broken")
	if _, err := s.Histories(ctx, "a", []string{id}); err == nil {
		t.Error("a damaged history decodes")
	}
}
