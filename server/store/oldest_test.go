package store

import (
	"context"
	"testing"
	"time"

	"luot/server/queue"
)

func TestOldestWaiting(t *testing.T) {
	ctx := context.Background()
	s := testStore(t)
	base := time.Date(2026, 11, 23, 9, 0, 0, 0, s.loc)
	issue := func(min int, service, priority string) {
		t.Helper()
		issueAt(t, s, base.Add(time.Duration(min)*time.Minute), queue.IssueArgs{Service: service, Prefix: "A", Priority: priority, Counters: []string{"q1"}})
	}
	services, counters := []string{"x", "y"}, []string{"q1"}
	o, err := s.OldestWaiting(ctx, "a", services, counters)
	if err != nil || !o.Site.IsZero() || len(o.ByService) != 0 {
		t.Fatalf("nobody waits: got %+v, %v", o, err)
	}
	issue(0, "x", "")        // the oldest, normal class
	issue(5, "x", "elderly") // priority: the head of the queue, but younger
	issue(10, "y", "")
	o, err = s.OldestWaiting(ctx, "a", services, counters)
	if err != nil {
		t.Fatal(err)
	}
	if !o.Site.Equal(base) || !o.ByService["x"].Equal(base) || !o.ByService["y"].Equal(base.Add(10*time.Minute)) {
		t.Errorf("got %+v", o)
	}
	// the oldest is called: the priority ticket is next in line, then the normal one
	if _, _, err := s.Open(ctx, "a", "q1", "o", []string{"x"}, queue.Meta{Now: base, By: "o"}); err != nil {
		t.Fatal(err)
	}
	if _, _, err := s.Next(ctx, queue.CounterRef{Site: "a", Counter: "q1"}, queue.Meta{Now: base.Add(20 * time.Minute), By: "o"}); err != nil {
		t.Fatal(err)
	}
	o, _ = s.OldestWaiting(ctx, "a", services, counters)
	if !o.ByService["x"].Equal(base) {
		t.Errorf("after calling the priority ticket: got %v, want %v", o.ByService["x"], base)
	}
}
