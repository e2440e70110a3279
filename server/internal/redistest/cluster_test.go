package redistest

import (
	"context"
	"testing"
	"time"
)

// TestClusterFailover starts a cluster, writes a key acknowledged by its replica (WAIT),
// kills its master with SIGKILL and finds the key on the replica that took over.
func TestClusterFailover(t *testing.T) {
	c := StartCluster(t)
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	const key = "luot:{centre}:seq:A:20261123"
	m := c.MasterOf(key)
	if err := m.Client().Set(ctx, key, "42", 0).Err(); err != nil {
		t.Fatal(err)
	}
	if n, err := m.Client().Do(ctx, "wait", 1, 2000).Int(); err != nil || n != 1 {
		t.Fatalf("WAIT 1: got %d, %v; want 1 replica", n, err)
	}
	m.Kill9()
	c.WaitHealthy()
	next := c.MasterOf(key)
	if next == m {
		t.Fatal("the killed node is still the master")
	}
	if got, err := c.Client().Get(ctx, key).Result(); err != nil || got != "42" {
		t.Fatalf("after the failover: got %q, %v; want 42", got, err)
	}
}

// TestSentinelFailover starts a master, its replica and three sentinels, writes a key, asks
// for a failover and reads the key from the new master.
func TestSentinelFailover(t *testing.T) {
	s := StartSentinel(t)
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	old := s.Master()
	if err := old.Client().Set(ctx, "k", "v", 0).Err(); err != nil {
		t.Fatal(err)
	}
	if n, err := old.Client().Do(ctx, "wait", 1, 2000).Int(); err != nil || n != 1 {
		t.Fatalf("WAIT 1: got %d, %v; want 1 replica", n, err)
	}
	s.Failover()
	next := s.Master()
	if next == old {
		t.Fatal("the master did not change")
	}
	if got, err := next.Client().Get(ctx, "k").Result(); err != nil || got != "v" {
		t.Fatalf("after the failover: got %q, %v; want v", got, err)
	}
}
