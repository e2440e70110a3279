package main

import (
	"bytes"
	"context"
	"net"
	"os"
	"strings"
	"testing"
	"time"

	"luot/server/internal/redistest"
)

// TestEveryCommandAnswersHelp: `luot <command> -h` and `--help` print the command's usage
// on standard output and exit 0 without doing anything: no key written to Redis (issue 11:
// `luot demo -h` ran the demo and reset every password), no file written, no port opened,
// standard input not read.
func TestEveryCommandAnswersHelp(t *testing.T) {
	r := redistest.Start(t)
	dir := t.TempDir()
	addr := freeAddr(t)
	env := map[string]string{"REDIS_URL": r.URL(), "LUOT_CONFIG": "../config/binhduong.yaml", "LUOT_ARCHIVE_DIR": dir,
		"LUOT_ADDR": addr, "LUOT_ADMIN_PASSWORD": "mat-khau-quan-tri"}
	getenv := func(k string) string { return env[k] }
	for _, cmd := range []string{"serve", "demo", "check-config", "user", "loadgen", "rollup", "backup", "restore"} {
		for _, flag := range []string{"-h", "--help", "-help"} {
			t.Run(cmd+flag, func(t *testing.T) {
				ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
				defer cancel()
				var out, errs bytes.Buffer
				stdin := &failingReader{t: t}
				done := make(chan int, 1)
				go func() { done <- run(ctx, []string{cmd, flag}, getenv, stdin, &out, &errs) }()
				var code int
				select {
				case code = <-done:
				case <-time.After(10 * time.Second):
					if c, err := net.Dial("tcp", addr); err == nil {
						c.Close()
						t.Errorf("luot %s %s listens on %s", cmd, flag, addr)
					}
					cancel()
					code = <-done
					t.Fatalf("luot %s %s still runs after 10 s (it is not printing help)", cmd, flag)
				}
				if code != 0 {
					t.Errorf("exit code %d, want 0; stderr: %s", code, errs.String())
				}
				if got := out.String(); !strings.HasPrefix(got, "usage: luot "+cmd) {
					t.Errorf("standard output does not start with the usage of %s: %q", cmd, got[:min(len(got), 200)])
				}
				if n := r.Client().DBSize(context.Background()).Val(); n != 0 {
					keys := r.Client().Keys(context.Background(), "*").Val()
					t.Errorf("luot %s %s wrote %d keys to Redis: %v", cmd, flag, n, keys[:min(len(keys), 5)])
					r.Client().FlushAll(context.Background())
				}
				if files, _ := os.ReadDir(dir); len(files) != 0 {
					t.Errorf("luot %s %s wrote files: %v", cmd, flag, files)
				}
			})
		}
	}
}

// failingReader fails the test when anything reads standard input.
type failingReader struct{ t *testing.T }

func (f *failingReader) Read([]byte) (int, error) {
	f.t.Error("standard input was read")
	return 0, os.ErrClosed
}
