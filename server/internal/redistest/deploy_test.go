package redistest

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestDeployConfigs starts redis-server with each Redis configuration of deploy/ for Sentinel
// and Cluster (the port, folder and password overridden): each is valid for Debian's Redis,
// and a lone data node refuses writes for want of a replica (min-replicas-to-write), which
// the server answers with 503.
func TestDeployConfigs(t *testing.T) {
	bin, err := exec.LookPath("redis-server")
	if err != nil {
		t.Fatalf("redis-server not found: %v", err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	root := t.TempDir()
	for _, conf := range []string{"sentinel/redis.conf", "cluster/redis.conf", "sentinel/sentinel.conf"} {
		src, err := filepath.Abs(filepath.Join("..", "..", "..", "deploy", conf))
		if err != nil {
			t.Fatal(err)
		}
		dir := filepath.Join(root, strings.ReplaceAll(conf, "/", "-"))
		args := []string{src, "--requirepass", "", "--protected-mode", "no"}
		if strings.HasPrefix(filepath.Base(conf), "sentinel") {
			// Sentinel rewrites its file: a copy, and a master address of this machine
			body, err := os.ReadFile(src)
			if err != nil {
				t.Fatal(err)
			}
			if err := os.MkdirAll(dir, 0o700); err != nil {
				t.Fatal(err)
			}
			cp := filepath.Join(dir, "sentinel.conf")
			if err := os.WriteFile(cp, []byte(strings.ReplaceAll(string(body), "10.0.0.11", "127.0.0.1")), 0o600); err != nil {
				t.Fatal(err)
			}
			args = []string{cp, "--sentinel"}
		}
		n, err := newNode(t, bin, dir, args...)
		if err == nil {
			err = n.start()
		}
		if err != nil {
			t.Fatalf("%s: %v", conf, err)
		}
		if strings.HasSuffix(conf, "sentinel.conf") {
			if m, err := n.Client().Do(ctx, "sentinel", "get-master-addr-by-name", "luot").StringSlice(); err != nil || len(m) != 2 {
				t.Errorf("%s: the sentinel does not monitor luot: %v %v", conf, m, err)
			}
			continue
		}
		if conf == "cluster/redis.conf" {
			if info := n.Client().Info(ctx, "cluster").Val(); !strings.Contains(info, "cluster_enabled:1") {
				t.Errorf("%s: cluster not enabled: %s", conf, info)
			}
			continue
		}
		if err := n.Client().Set(ctx, "k", "v", 0).Err(); err == nil || !strings.HasPrefix(err.Error(), "NOREPLICAS") {
			t.Errorf("%s: a write on a master without replica: got %v, want NOREPLICAS", conf, err)
		}
	}
}
