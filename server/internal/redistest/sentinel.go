package redistest

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

// SentinelMaster is the name the sentinels of StartSentinel monitor.
const SentinelMaster = "luot"

// Sentinel is a master, one replica and three sentinels (quorum 2) on ports of 127.0.0.1
// chosen free, with the append-only file fsynced on every write:
//
//	s := redistest.StartSentinel(t)
//	url := s.URL()  // redis+sentinel://127.0.0.1:s1,…/luot
//	s.Failover()    // SENTINEL FAILOVER luot, waits until the replica is the master
type Sentinel struct {
	tb        testing.TB
	Data      []*Node // the master first at the start; Master() says who it is now
	Sentinels []*Node
}

// StartSentinel starts the master, its replica and the sentinels and waits until the
// replica is in sync and every sentinel knows the master and the other sentinels.
func StartSentinel(t testing.TB) *Sentinel {
	t.Helper()
	bin := need(t, "redis-server", "redis-server")
	root := t.TempDir()
	s := &Sentinel{tb: t}
	data := []string{"--appendonly", "yes", "--appendfsync", "always", "--save", "", "--maxmemory-policy", "noeviction"}
	master, err := newNode(t, bin, filepath.Join(root, "m"), data...)
	if err == nil {
		err = master.start()
	}
	if err != nil {
		t.Fatalf("redistest: sentinel's master: %v", err)
	}
	replica, err := newNode(t, bin, filepath.Join(root, "r"), append(data, "--replicaof", "127.0.0.1", strconv.Itoa(master.port))...)
	if err == nil {
		err = replica.start()
	}
	if err != nil {
		t.Fatalf("redistest: sentinel's replica: %v", err)
	}
	s.Data = []*Node{master, replica}
	for i := range 3 {
		dir := filepath.Join(root, "s"+strconv.Itoa(i))
		if err := os.MkdirAll(dir, 0o700); err != nil {
			t.Fatal(err)
		}
		conf := filepath.Join(dir, "sentinel.conf")
		body := fmt.Sprintf("sentinel monitor %s 127.0.0.1 %d 2\n"+
			"sentinel down-after-milliseconds %[1]s 3000\n"+
			"sentinel failover-timeout %[1]s 5000\n"+
			"sentinel parallel-syncs %[1]s 1\n", SentinelMaster, master.port)
		if err := os.WriteFile(conf, []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
		n, err := newNode(t, bin, dir, conf, "--sentinel")
		if err == nil {
			err = n.start()
		}
		if err != nil {
			t.Fatalf("redistest: sentinel: %v", err)
		}
		s.Sentinels = append(s.Sentinels, n)
	}
	s.waitSettled(master)
	return s
}

// URL is the REDIS_URL naming the sentinels and the master's name.
func (s *Sentinel) URL() string {
	addrs := make([]string, len(s.Sentinels))
	for i, n := range s.Sentinels {
		addrs[i] = n.Addr()
	}
	return "redis+sentinel://" + strings.Join(addrs, ",") + "/" + SentinelMaster
}

// Master returns the data node the sentinels name as master now.
func (s *Sentinel) Master() *Node {
	s.tb.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	addr, err := s.Sentinels[0].Client().Do(ctx, "sentinel", "get-master-addr-by-name", SentinelMaster).StringSlice()
	if err != nil || len(addr) != 2 {
		s.tb.Fatalf("redistest: sentinel get-master-addr-by-name: %v %v", addr, err)
	}
	for _, n := range s.Data {
		if strconv.Itoa(n.port) == addr[1] {
			return n
		}
	}
	s.tb.Fatalf("redistest: the sentinels name an unknown master %v", addr)
	return nil
}

// Failover asks a sentinel for a manual failover (SENTINEL FAILOVER) and waits until the
// sentinels name the former replica as master, it says role:master, and the former master
// is its replica in sync.
func (s *Sentinel) Failover() {
	s.tb.Helper()
	old := s.Master()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	if err := s.Sentinels[0].Client().Do(ctx, "sentinel", "failover", SentinelMaster).Err(); err != nil {
		s.tb.Fatalf("redistest: SENTINEL FAILOVER: %v", err)
	}
	var next *Node
	for _, n := range s.Data {
		if n != old {
			next = n
		}
	}
	deadline := time.Now().Add(clusterReadyTimeout)
	for time.Now().Before(deadline) {
		if s.Master() == next {
			s.waitSettled(next)
			return
		}
		time.Sleep(50 * time.Millisecond)
	}
	s.tb.Fatalf("redistest: the failover did not complete within %v", clusterReadyTimeout)
}

// waitSettled waits until master says role:master with its replica in sync, and each
// sentinel names it and knows the two other sentinels.
func (s *Sentinel) waitSettled(master *Node) {
	s.tb.Helper()
	deadline := time.Now().Add(clusterReadyTimeout)
	var last error
	for time.Now().Before(deadline) {
		if last = s.settled(master); last == nil {
			return
		}
		time.Sleep(100 * time.Millisecond)
	}
	s.tb.Fatalf("redistest: the sentinels did not settle within %v: %v", clusterReadyTimeout, last)
}

func (s *Sentinel) settled(master *Node) error {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	for _, n := range s.Data {
		info, err := n.Client().Info(ctx, "replication").Result()
		if err != nil {
			return err
		}
		if n == master && (!strings.Contains(info, "role:master") || !strings.Contains(info, "connected_slaves:1")) {
			return fmt.Errorf("%s is not yet a master with its replica", n.Addr())
		}
		if n != master && (!strings.Contains(info, "role:slave") || !strings.Contains(info, "master_link_status:up") ||
			!strings.Contains(info, "master_port:"+strconv.Itoa(master.port))) {
			return fmt.Errorf("%s is not yet a replica in sync", n.Addr())
		}
	}
	for _, sn := range s.Sentinels {
		m, err := sn.Client().Do(ctx, "sentinel", "master", SentinelMaster).Result()
		if err != nil {
			return err
		}
		f := fmt.Sprint(m)
		if !strings.Contains(f, "num-other-sentinels:2") && !strings.Contains(f, "num-other-sentinels 2") {
			return fmt.Errorf("sentinel %s does not know the others yet", sn.Addr())
		}
		if !strings.Contains(f, "port:"+strconv.Itoa(master.port)) && !strings.Contains(f, "port "+strconv.Itoa(master.port)) {
			return fmt.Errorf("sentinel %s does not name %s yet", sn.Addr(), master.Addr())
		}
		addr, err := sn.Client().Do(ctx, "sentinel", "get-master-addr-by-name", SentinelMaster).StringSlice()
		if err != nil || len(addr) != 2 || addr[1] != strconv.Itoa(master.port) {
			return fmt.Errorf("sentinel %s names %v", sn.Addr(), addr)
		}
	}
	return nil
}
