package redistest

import (
	"context"
	"fmt"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"
)

// clusterReadyTimeout bounds how long StartCluster and WaitHealthy wait for every slot to be
// served and every replica to be in sync.
const clusterReadyTimeout = 30 * time.Second

// Cluster is a Redis Cluster of three masters with one replica each, as production runs it
// (append-only file, fsync on every write), on ports of 127.0.0.1 chosen free:
//
//	c := redistest.StartCluster(t)
//	url := c.URL()                        // redis+cluster://127.0.0.1:p1,…
//	m := c.MasterOf("luot:{centre}:events") // the node serving a key's slot
//	m.Kill9()                              // its replica takes over
//	c.WaitHealthy()
type Cluster struct {
	tb    testing.TB
	Nodes []*Node
}

// StartCluster starts six nodes with --cluster-enabled yes, joins them with
// `redis-cli --cluster create … --cluster-replicas 1 --cluster-yes` and waits until every
// slot is served and every replica is in sync. A missing redis-server or redis-cli fails
// the test.
func StartCluster(t testing.TB) *Cluster {
	t.Helper()
	bin, cli := need(t, "redis-server", "redis-server"), need(t, "redis-cli", "redis-tools")
	root := t.TempDir()
	c := &Cluster{tb: t}
	for i := range 6 {
		n, err := newNode(t, bin, filepath.Join(root, strconv.Itoa(i)),
			"--cluster-enabled", "yes", "--cluster-config-file", "nodes.conf",
			// a master silent for 3 s is failed over: tests do not wait 15 s (the default), and a
			// node slowed by a loaded machine (fsync on every write) is not failed over by mistake
			"--cluster-node-timeout", "3000",
			"--appendonly", "yes", "--appendfsync", "always", "--save", "",
			"--maxmemory-policy", "noeviction")
		if err != nil {
			t.Fatalf("redistest: cluster node: %v", err)
		}
		if err := n.start(); err != nil {
			t.Fatalf("redistest: cluster node: %v", err)
		}
		c.Nodes = append(c.Nodes, n)
	}
	args := []string{"--cluster", "create"}
	for _, n := range c.Nodes {
		args = append(args, n.Addr())
	}
	args = append(args, "--cluster-replicas", "1", "--cluster-yes")
	if out, err := exec.Command(cli, args...).CombinedOutput(); err != nil {
		t.Fatalf("redistest: redis-cli --cluster create: %v\n%s", err, out)
	}
	c.WaitHealthy()
	return c
}

// URL is the cluster's REDIS_URL, naming every node.
func (c *Cluster) URL() string {
	addrs := make([]string, len(c.Nodes))
	for i, n := range c.Nodes {
		addrs[i] = n.Addr()
	}
	return "redis+cluster://" + strings.Join(addrs, ",")
}

// Client returns a cluster client of the test (closed when the test ends).
func (c *Cluster) Client() *redis.ClusterClient {
	addrs := make([]string, len(c.Nodes))
	for i, n := range c.Nodes {
		addrs[i] = n.Addr()
	}
	cc := redis.NewClusterClient(&redis.ClusterOptions{Addrs: addrs, DialTimeout: time.Second,
		ReadTimeout: 5 * time.Second, WriteTimeout: 5 * time.Second})
	c.tb.Cleanup(func() { _ = cc.Close() })
	return cc
}

// MasterOf returns the running node that is master of a key's slot now.
func (c *Cluster) MasterOf(key string) *Node {
	c.tb.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	for _, n := range c.Nodes {
		if !n.Running() {
			continue
		}
		slot, err := n.Client().ClusterKeySlot(ctx, key).Result()
		if err != nil {
			continue
		}
		shards, err := n.Client().ClusterSlots(ctx).Result()
		if err != nil {
			continue
		}
		for _, s := range shards {
			if int64(s.Start) <= slot && slot <= int64(s.End) && len(s.Nodes) > 0 {
				for _, m := range c.Nodes {
					if m.Addr() == s.Nodes[0].Addr && m.Running() {
						return m
					}
				}
			}
		}
	}
	c.tb.Fatalf("redistest: no running master serves %q", key)
	return nil
}

// WaitHealthy waits until every running node says cluster_state:ok, every slot is served by
// a running master and every running replica's link to its master is up.
func (c *Cluster) WaitHealthy() {
	c.tb.Helper()
	deadline := time.Now().Add(clusterReadyTimeout)
	var last error
	for time.Now().Before(deadline) {
		if last = c.healthy(); last == nil {
			return
		}
		time.Sleep(100 * time.Millisecond)
	}
	c.tb.Fatalf("redistest: the cluster is not healthy after %v: %v", clusterReadyTimeout, last)
}

func (c *Cluster) healthy() error {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	all := true
	for _, n := range c.Nodes {
		all = all && n.Running()
	}
	for _, n := range c.Nodes {
		if !n.Running() {
			continue
		}
		info, err := n.Client().ClusterInfo(ctx).Result()
		if err != nil {
			return err
		}
		if !strings.Contains(info, "cluster_state:ok") || !strings.Contains(info, "cluster_slots_ok:16384") {
			return fmt.Errorf("%s: %s", n.Addr(), strings.ReplaceAll(strings.TrimSpace(info), "\r\n", " "))
		}
		repl, err := n.Client().Info(ctx, "replication").Result()
		if err != nil {
			return err
		}
		if strings.Contains(repl, "role:slave") && !strings.Contains(repl, "master_link_status:up") {
			return fmt.Errorf("%s: replica not in sync", n.Addr())
		}
		if all && strings.Contains(repl, "role:master") && strings.Contains(repl, "connected_slaves:0") {
			// every node runs: each master has its replica (a killed and restarted node
			// rejoins as one)
			return fmt.Errorf("%s: a master without its replica", n.Addr())
		}
	}
	return nil
}
