package store_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"luot/server/internal/redistest"
	"luot/server/queue"
	"luot/server/store"
)

// TestHealthOnCluster: /readyz's check (Store.Health) says ready for a healthy cluster through
// redis+cluster://; unavailable, naming the fix, for a redis:// URL of one of its nodes (which
// answers PING and then MOVED to most keys); and unavailable once a master and its replica
// are both down (slots not covered).
func TestHealthOnCluster(t *testing.T) {
	c := redistest.StartCluster(t)
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	health := func(url string) error {
		client, err := store.NewClient(url)
		if err != nil {
			t.Fatal(err)
		}
		defer client.Close()
		return store.New(client, time.UTC, store.Options{}).Health(ctx)
	}
	if err := health(c.URL()); err != nil {
		t.Fatalf("healthy cluster: got %v, want ready", err)
	}
	err := health("redis://" + c.Nodes[0].Addr() + "/0")
	if !errors.Is(err, queue.ErrUnavailable) || !strings.Contains(err.Error(), "redis+cluster://") {
		t.Fatalf("one node of the cluster as redis://: got %v, want unavailable naming redis+cluster://", err)
	}
	m := c.MasterOf("luot:{centre}:events")
	for _, n := range c.Nodes {
		if n != m && isReplicaOf(ctx, n, m) {
			n.Kill9()
		}
	}
	m.Kill9()
	deadline := time.Now().Add(20 * time.Second)
	for {
		err = health(c.URL())
		if errors.Is(err, queue.ErrUnavailable) {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("a master and its replica down: got %v, want unavailable", err)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// isReplicaOf reports whether node n replicates m.
func isReplicaOf(ctx context.Context, n, m *redistest.Node) bool {
	info := n.Client().Info(ctx, "replication").Val()
	return strings.Contains(info, "role:slave") && strings.Contains(info, "master_port:"+strings.TrimPrefix(m.Addr(), "127.0.0.1:"))
}

// TestHealthOnSentinel: through redis+sentinel:// the store is healthy, and stays so after a
// failover (it follows the new master).
func TestHealthOnSentinel(t *testing.T) {
	s := redistest.StartSentinel(t)
	client, err := store.NewClient(s.URL())
	if err != nil {
		t.Fatal(err)
	}
	defer client.Close()
	st := store.New(client, time.UTC, store.Options{})
	ctx := context.Background()
	if err := st.Health(ctx); err != nil {
		t.Fatalf("before the failover: got %v, want ready", err)
	}
	s.Failover()
	deadline := time.Now().Add(10 * time.Second)
	for err := st.Health(ctx); err != nil; err = st.Health(ctx) {
		if time.Now().After(deadline) {
			t.Fatalf("after the failover: got %v, want ready within 10 s", err)
		}
		time.Sleep(100 * time.Millisecond)
	}
}
