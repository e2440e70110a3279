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

// TestReplayWaitsForReplicas: a kiosk's retry with the same idempotency key gets the ticket
// its first request created — acknowledged only once a replica has it. The replica is frozen
// (SIGSTOP) so the first issue is on the master alone (503 not_replicated); the retry, by
// another connection that wrote nothing, is refused too until the replica has the ticket,
// then acknowledged with the same number.
func TestReplayWaitsForReplicas(t *testing.T) {
	env := testenv.NewSentinel(t, nil)
	ctx := context.Background()
	replica := env.Sentinel.Data[1]
	if env.Sentinel.Master() == replica {
		replica = env.Sentinel.Data[0]
	}
	replica.Freeze()
	thawed := false
	defer func() {
		if !thawed {
			replica.Thaw()
		}
	}()
	first, err := env.Engine.Issue(ctx, testenv.Kiosk("centre"), "centre", "dat-dai", "", "idem-1")
	if !errors.Is(err, store.ErrNotReplicated) {
		t.Fatalf("issue with the replica frozen: got %v, %v; want not_replicated", first, err)
	}
	// another instance: its connections have written nothing
	client, err := store.NewClient(env.URL)
	if err != nil {
		t.Fatal(err)
	}
	defer client.Close()
	other := queue.NewEngine(env.Org, store.New(client, env.Org.Location, store.Options{Replicas: 1}), env.Clock, queue.Options{})
	if tk, err := other.Issue(ctx, testenv.Kiosk("centre"), "centre", "dat-dai", "", "idem-1"); !errors.Is(err, store.ErrNotReplicated) {
		t.Fatalf("the retry while the replica lacks the ticket: got %v, %v; want not_replicated", tk, err)
	}
	replica.Thaw()
	thawed = true
	tk, err := other.Issue(ctx, testenv.Kiosk("centre"), "centre", "dat-dai", "", "idem-1")
	if err != nil || tk.Number != "A001" {
		t.Fatalf("the retry once the replica is back: got %v, %v; want A001", tk, err)
	}
}
