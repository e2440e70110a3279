package queue_test

import (
	"context"
	"testing"
	"time"

	"luot/server/internal/testenv"
	"luot/server/queue"
)

// TestCancelWaitingInRuns: a cancel larger than one run of the script (200) takes every
// waiting ticket, priority and reserved ones included, and none issued after the decision.
func TestCancelWaitingInRuns(t *testing.T) {
	env := testenv.New(t)
	ctx := context.Background()
	k := testenv.Kiosk("centre")
	for i := range 450 {
		priority := ""
		if i%10 == 0 {
			priority = "elderly"
		}
		if _, err := env.Engine.Issue(ctx, k, "centre", "dat-dai", priority, ""); err != nil {
			t.Fatal(err)
		}
	}
	// one transferred to a counter waits in the counter's reserved set
	off := testenv.Officer("can-bo", "centre")
	if _, err := env.Engine.Open(ctx, off, "centre", "q1", nil); err != nil {
		t.Fatal(err)
	}
	if _, err := env.Engine.Next(ctx, off, "centre", "q1"); err != nil {
		t.Fatal(err)
	}
	if _, err := env.Engine.Transfer(ctx, off, "centre", "q1", "", "q2", true); err != nil {
		t.Fatal(err)
	}
	if _, err := env.Engine.CancelWaiting(ctx, off, "centre", ""); err == nil {
		t.Fatal("an officer cancelled in bulk")
	}
	sup := queue.Actor{User: "giam-sat", Role: queue.RoleSupervisor, Sites: []string{"centre"}}
	n, err := env.Engine.CancelWaiting(ctx, sup, "centre", "dat-dai")
	if err != nil {
		t.Fatal(err)
	}
	if n != 450 {
		t.Errorf("cancelled %d, want 450 (449 queued and 1 reserved)", n)
	}
	env.Clock.Advance(time.Second)
	later, err := env.Engine.Issue(ctx, k, "centre", "dat-dai", "", "")
	if err != nil {
		t.Fatal(err)
	}
	v, err := env.Engine.Site(ctx, "centre")
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range v.Services {
		if s.ID == "dat-dai" && s.Waiting != 1 {
			t.Errorf("dat-dai waiting: got %d, want 1 (%s, issued after)", s.Waiting, later.Number)
		}
	}
}
