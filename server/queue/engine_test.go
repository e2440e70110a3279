package queue_test

import (
	"context"
	"testing"

	"luot/server/internal/testenv"
	"luot/server/queue"
)

func TestIssueAndServe(t *testing.T) {
	env := testenv.New(t)
	ctx := context.Background()
	e := env.Engine
	kiosk := testenv.Kiosk("centre")
	a1, err := e.Issue(ctx, kiosk, "centre", "dat-dai", "", "")
	if err != nil {
		t.Fatalf("issue: %v", err)
	}
	if a1.Number != "A001" || a1.Status != queue.Waiting || a1.Channel != queue.Kiosk {
		t.Fatalf("got %+v, want A001 waiting kiosk", a1)
	}
	if a1.Ahead == nil || *a1.Ahead != 0 {
		t.Fatalf("got ahead %v, want 0", a1.Ahead)
	}
	a2, err := e.Issue(ctx, kiosk, "centre", "dat-dai", "", "")
	if err != nil {
		t.Fatal(err)
	}
	if a2.Number != "A002" || *a2.Ahead != 1 || *a2.EstWaitMin != 15 {
		t.Fatalf("got %s ahead %d est %d, want A002 1 15", a2.Number, *a2.Ahead, *a2.EstWaitMin)
	}
	off := testenv.Officer("lan", "centre")
	if _, err := e.Open(ctx, off, "centre", "q1", nil); err != nil {
		t.Fatalf("open: %v", err)
	}
	c, err := e.Next(ctx, off, "centre", "q1")
	if err != nil {
		t.Fatalf("next: %v", err)
	}
	if c.Ticket == nil || c.Ticket.Number != "A001" || c.Ticket.Status != queue.Called {
		t.Fatalf("got %+v, want A001 called", c.Ticket)
	}
	for _, act := range []string{queue.ActRecall, queue.ActStart, queue.ActFinish} {
		if c, err = e.ActOnCurrent(ctx, off, "centre", "q1", act); err != nil {
			t.Fatalf("%s: %v", act, err)
		}
	}
	if c.Ticket != nil {
		t.Fatalf("got current %+v after finish, want none", c.Ticket)
	}
	got, err := e.Ticket(ctx, a1.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Status != queue.Done || got.Recalls != 1 || got.Counter == nil || *got.Counter != "q1" || *got.Officer != "lan" {
		t.Fatalf("got %+v, want done at q1 by lan with 1 recall", got)
	}
	v, err := e.Site(ctx, "centre")
	if err != nil {
		t.Fatal(err)
	}
	if v.Services[0].Waiting != 1 || v.Counters[0].State != queue.Open {
		t.Fatalf("got %+v, want 1 waiting for land and q1 open", v)
	}
}
