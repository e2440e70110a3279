package redistest

import (
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"
)

// Node is one redis-server (or sentinel) process on a TCP port of 127.0.0.1, for the
// clusters and sentinels of cluster.go and sentinel.go: their nodes must find each other by
// address, which a unix socket does not give.
type Node struct {
	tb   testing.TB
	bin  string
	dir  string
	port int
	args []string // after the config file, if any

	mu     sync.Mutex
	cmd    *exec.Cmd
	done   chan struct{}
	client *redis.Client
}

// Addr is the node's "127.0.0.1:port".
func (n *Node) Addr() string { return "127.0.0.1:" + strconv.Itoa(n.port) }

// Port is the node's TCP port.
func (n *Node) Port() int { return n.port }

// Client returns a plain client of this one node (created on first use, closed at the end).
func (n *Node) Client() *redis.Client {
	n.mu.Lock()
	defer n.mu.Unlock()
	if n.client == nil {
		n.client = redis.NewClient(&redis.Options{Addr: n.Addr(), DialTimeout: time.Second,
			ReadTimeout: 5 * time.Second, WriteTimeout: 5 * time.Second, MaxRetries: -1})
	}
	return n.client
}

// Running reports whether the process is up.
func (n *Node) Running() bool {
	n.mu.Lock()
	defer n.mu.Unlock()
	return n.cmd != nil
}

// Kill9 kills the node with SIGKILL, as a crash would, and waits until it is gone.
func (n *Node) Kill9() {
	n.tb.Helper()
	n.mu.Lock()
	cmd, done := n.cmd, n.done
	n.cmd, n.done = nil, nil
	n.mu.Unlock()
	if cmd == nil {
		n.tb.Fatalf("redistest: Kill9 of %s: not running", n.Addr())
	}
	_ = cmd.Process.Signal(syscall.SIGKILL)
	<-done
}

// Freeze stops the process (SIGSTOP): it holds its connections but answers nothing, as a
// node stalled by its disk or a lost network would; Thaw (SIGCONT) lets it go on.
func (n *Node) Freeze() { n.signal(syscall.SIGSTOP) }

// Thaw lets a frozen node go on.
func (n *Node) Thaw() { n.signal(syscall.SIGCONT) }

func (n *Node) signal(sig syscall.Signal) {
	n.tb.Helper()
	n.mu.Lock()
	cmd := n.cmd
	n.mu.Unlock()
	if cmd == nil {
		n.tb.Fatalf("redistest: signal %v to %s: not running", sig, n.Addr())
	}
	if err := cmd.Process.Signal(sig); err != nil {
		n.tb.Fatalf("redistest: signal %v to %s: %v", sig, n.Addr(), err)
	}
}

// Restart starts a killed node again on the same folder and port.
func (n *Node) Restart() {
	n.tb.Helper()
	if err := n.start(); err != nil {
		n.tb.Fatalf("redistest: restart %s: %v", n.Addr(), err)
	}
}

// newNode prepares (does not start) a node with its own folder and a free port whose
// cluster bus port (port+10000) is free too.
func newNode(tb testing.TB, bin, dir string, args ...string) (*Node, error) {
	port, err := freePort()
	if err != nil {
		return nil, err
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, err
	}
	n := &Node{tb: tb, bin: bin, dir: dir, port: port, args: args}
	tb.Cleanup(n.cleanup)
	return n, nil
}

// freePort asks the kernel for free ports until one has its port+10000 free as well.
func freePort() (int, error) {
	for range 50 {
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			return 0, err
		}
		p := l.Addr().(*net.TCPAddr).Port
		if p+10000 > 65535 {
			l.Close()
			continue
		}
		bus, err := net.Listen("tcp", "127.0.0.1:"+strconv.Itoa(p+10000))
		l.Close()
		if err != nil {
			continue
		}
		bus.Close()
		return p, nil
	}
	return 0, errors.New("no free pair of ports (port, port+10000) on 127.0.0.1")
}

// start launches the process (config file first when args[0] is one) and waits for PING.
func (n *Node) start() error {
	logf, err := os.OpenFile(filepath.Join(n.dir, "redis.log"), os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o600)
	if err != nil {
		return err
	}
	defer logf.Close()
	args := append([]string{}, n.args...)
	args = append(args, "--port", strconv.Itoa(n.port), "--bind", "127.0.0.1", "--dir", n.dir,
		"--daemonize", "no", "--logfile", "")
	cmd, done, err := spawn(n.bin, n.dir, logf, args...)
	if err != nil {
		return err
	}
	n.mu.Lock()
	n.cmd, n.done = cmd, done
	n.mu.Unlock()

	deadline := time.Now().Add(readyTimeout)
	for {
		ctx, cancel := context.WithTimeout(context.Background(), time.Second)
		err := n.Client().Ping(ctx).Err()
		cancel()
		if err == nil {
			return nil
		}
		select {
		case <-done:
			return fmt.Errorf("%s exited during start-up: %s", n.Addr(), n.logTail())
		default:
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("%s did not answer PING within %v: %v\n%s", n.Addr(), readyTimeout, err, n.logTail())
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func (n *Node) logTail() string {
	s := &Server{logPath: filepath.Join(n.dir, "redis.log")}
	return s.logTail(20)
}

// cleanup kills the process at the end of the test (its data is thrown away with it).
func (n *Node) cleanup() {
	n.mu.Lock()
	cmd, done, c := n.cmd, n.done, n.client
	n.cmd, n.done, n.client = nil, nil, nil
	n.mu.Unlock()
	if c != nil {
		_ = c.Close()
	}
	if cmd != nil {
		_ = cmd.Process.Signal(syscall.SIGKILL)
		<-done
	}
}
