package store_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"luot/server/internal/testenv"
	"luot/server/queue"
	"luot/server/store"
)

// TestReplicasNotConfirmed: with LUOT_REDIS_REPLICAS=1 and no replica to confirm, an issue
// is answered unavailable (503) saying that the replicas did not confirm, and does not
// pretend the ticket is safe; with replicas confirming (TestClusterInvariants, the failover
// tests in server/queue) the same call succeeds.
func TestReplicasNotConfirmed(t *testing.T) {
	env := testenv.New(t)
	st := store.New(env.Store.Client(), env.Org.Location, store.Options{Replicas: 1})
	engine := queue.NewEngine(env.Org, st, env.Clock, queue.Options{})
	_, err := engine.Issue(context.Background(), testenv.Kiosk("centre"), "centre", "dat-dai", "", "k1")
	if !errors.Is(err, queue.ErrUnavailable) || !errors.Is(err, store.ErrNotReplicated) ||
		!strings.Contains(err.Error(), "replicas did not confirm") {
		t.Fatalf("got %v, want unavailable: the replicas did not confirm", err)
	}
	var p *queue.Problem
	if !errors.As(err, &p) || p.Reason != "not_replicated" {
		t.Fatalf("got %#v, want the problem not_replicated (the API's detail)", err)
	}
	// without replicas asked, the same store answers
	if _, err := env.Engine.Issue(context.Background(), testenv.Kiosk("centre"), "centre", "dat-dai", "", ""); err != nil {
		t.Fatalf("LUOT_REDIS_REPLICAS=0: got %v", err)
	}
}
