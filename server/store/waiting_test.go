package store

import (
	"context"
	"slices"
	"testing"
	"time"

	"luot/server/queue"
)

// TestWaitingInOrder: the site's waiting tickets in calling order across services and a
// counter's reserved set (priority class first, then issue order), as many as asked; the
// total counts them all; a looked-up number is found when it waits, wherever it waits.
func TestWaitingInOrder(t *testing.T) {
	ctx := context.Background()
	s := testStore(t)
	base := time.Date(2026, 11, 23, 9, 0, 0, 0, s.loc)
	services, counters := []string{"x", "y"}, []string{"q1", "q2"}
	prefix := map[string]string{"x": "A", "y": "B"}
	issue := func(min int, service, priority string) {
		t.Helper()
		issueAt(t, s, base.Add(time.Duration(min)*time.Minute), queue.IssueArgs{Service: service, Prefix: prefix[service], Priority: priority, Counters: counters})
	}
	m := queue.Meta{Now: base.Add(time.Hour), By: "o"}
	for i, svc := range []string{"x", "y", "x", "y", "x", "y"} { // A001 B001 A002 B002 A003 B003
		prio := ""
		if i == 3 {
			prio = "elderly" // B002 goes first
		}
		issue(i, svc, prio)
	}
	// A001 is called at q1 and transferred to counter q2, keeping its place
	if _, _, err := s.Open(ctx, "a", "q1", "o", []string{"x"}, m); err != nil {
		t.Fatal(err)
	}
	ref := queue.CounterRef{Site: "a", Counter: "q1"}
	if _, _, err := s.Next(ctx, ref, m); err != nil {
		t.Fatal(err)
	}
	if _, _, err := s.Transfer(ctx, ref, "", "q2", true, m); err != nil {
		t.Fatal(err)
	}
	// A002 is called and stays at q1
	if _, _, err := s.Next(ctx, ref, m); err != nil {
		t.Fatal(err)
	}
	numbersOf := func(w WaitingScan) []string {
		var out []string
		for _, n := range w.First {
			out = append(out, n.Number)
		}
		return out
	}
	w, err := s.WaitingInOrder(ctx, "a", services, counters, 10, "20261123", nil)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := numbersOf(w), []string{"B002", "A001", "B001", "A003", "B003"}; w.Total != 5 || !slices.Equal(got, want) {
		t.Fatalf("got %d %v, want 5 %v", w.Total, got, want)
	}
	w, err = s.WaitingInOrder(ctx, "a", services, counters, 2, "20261123", []string{"A003", "A002", "C001", "B003"})
	if err != nil {
		t.Fatal(err)
	}
	if got := numbersOf(w); w.Total != 5 || !slices.Equal(got, []string{"B002", "A001"}) {
		t.Errorf("two: got %d %v", w.Total, got)
	}
	// A003 and B003 wait beyond the two read; A002 is at a counter; C001 was never issued
	if len(w.Found) != 2 {
		t.Fatalf("found %v, want the ids of A003 and B003", w.Found)
	}
	found, err := s.TicketRecords(ctx, "a", w.Found)
	if err != nil || len(found) != 2 || found[0].Number != "A003" || found[1].Number != "B003" {
		t.Errorf("found %v (%v), want A003 and B003", found, err)
	}
}

// TestOldestWaiting: the site's and each service's oldest waiting ticket by issue time,
// whatever its class: none when nobody waits, and unchanged when a younger priority ticket is
// called before it.
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
