// Package redistest starts a real redis-server for a test: its own process, data folder and
// unix socket, configured as production is (append-only file, fsync on every write), so that
// integration tests exercise real Lua scripts, streams and durability — never a mock.
//
// A test that needs Redis calls Start; the server is stopped and its folder removed when the
// test ends:
//
//	srv := redistest.Start(t)
//	rdb := srv.Client()
//	...
//	srv.Kill9()   // crash it
//	srv.Restart() // the AOF is replayed: acknowledged writes are back
//
// A missing redis-server fails the test (it is never skipped): `make test` installs it
// (scripts/deps.sh redis).
package redistest

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"
)

// readyTimeout bounds how long Start and Restart wait for the server to answer PING.
const readyTimeout = 5 * time.Second

// stopTimeout bounds how long Stop waits for a clean shutdown before it kills the process.
const stopTimeout = 10 * time.Second

// maxSocketPath keeps the socket path under the kernel's sun_path limit (108 bytes on Linux,
// 104 on the BSDs) with a margin.
const maxSocketPath = 100

// Server is one redis-server process owned by a test. Its methods other than URL, Socket and
// Client must be called from the test's goroutine (they fail the test with t.Fatal).
type Server struct {
	tb      testing.TB
	bin     string
	dir     string
	sock    string
	logPath string

	mu      sync.Mutex
	cmd     *exec.Cmd
	done    chan struct{} // closed when the current process has exited
	stopped bool          // Stop has run: no restart after cleanup
	client  *redis.Client
}

// Start starts a redis-server in a temporary folder listening on a unix socket only
// (--port 0), with --appendonly yes --appendfsync always --save "", waits until it answers
// PING and registers its shutdown with t.Cleanup. It fails the test if redis-server is not
// installed or does not come up within 5 seconds.
func Start(t testing.TB) *Server {
	t.Helper()
	bin := need(t, "redis-server", "redis-server")

	dir := t.TempDir()
	if len(filepath.Join(dir, "redis.sock")) >= maxSocketPath {
		// t.TempDir embeds the test's name (and $TMPDIR), which can make the path too long
		// for a socket: use a short folder of our own.
		dir = shortTempDir(t)
	}

	s := &Server{
		tb:      t,
		bin:     bin,
		dir:     dir,
		sock:    filepath.Join(dir, "redis.sock"),
		logPath: filepath.Join(dir, "redis.log"),
	}
	// Registered after the folder's removal, so it runs before it (cleanups run last first).
	t.Cleanup(s.cleanup)
	if err := s.start(); err != nil {
		t.Fatalf("redistest: %v", err)
	}
	return s
}

// shortTempDir makes a folder whose socket path fits, under $TMPDIR or else under /tmp, and
// removes it when the test ends.
func shortTempDir(t testing.TB) string {
	t.Helper()
	for _, base := range []string{os.TempDir(), "/tmp"} {
		if len(filepath.Join(base, "luot-redis0123456789", "redis.sock")) >= maxSocketPath {
			continue
		}
		dir, err := os.MkdirTemp(base, "luot-redis")
		if err != nil {
			t.Fatalf("redistest: make a short temporary folder: %v", err)
		}
		t.Cleanup(func() { _ = os.RemoveAll(dir) })
		return dir
	}
	t.Fatalf("redistest: no temporary folder short enough for a unix socket (< %d bytes); "+
		"set TMPDIR to a short path", maxSocketPath)
	return ""
}

// URL returns the address for go-redis' ParseURL and for the server's REDIS_URL,
// "unix:///…/redis.sock".
func (s *Server) URL() string { return "unix://" + s.sock }

// Socket returns the path of the server's unix socket.
func (s *Server) Socket() string { return s.sock }

// Dir returns the server's data folder (where the append-only files are).
func (s *Server) Dir() string { return s.dir }

// Client returns a go-redis client of the server, created on first use and closed when the
// test ends. It survives Kill9 and Restart: it reconnects on the next command.
func (s *Server) Client() *redis.Client {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.client == nil {
		s.client = redis.NewClient(&redis.Options{
			Network:      "unix",
			Addr:         s.sock,
			DialTimeout:  2 * time.Second,
			ReadTimeout:  5 * time.Second,
			WriteTimeout: 5 * time.Second,
		})
	}
	return s.client
}

// Freeze stops the server (SIGSTOP): it holds its connections but answers nothing, as a
// Redis stalled by its disk would; Thaw (SIGCONT) lets it go on with what it has read.
func (s *Server) Freeze() { s.signal(syscall.SIGSTOP) }

// Thaw lets a frozen server go on.
func (s *Server) Thaw() { s.signal(syscall.SIGCONT) }

func (s *Server) signal(sig syscall.Signal) {
	s.mu.Lock()
	cmd := s.cmd
	s.mu.Unlock()
	if cmd == nil {
		s.tb.Errorf("redistest: signal %v: not running", sig)
		return
	}
	if err := cmd.Process.Signal(sig); err != nil {
		s.tb.Errorf("redistest: signal %v: %v", sig, err)
	}
}

// Kill9 kills the server with SIGKILL, as a crash would, and waits until the process is gone.
// Nothing is flushed: what survives is what the AOF already had on disk.
func (s *Server) Kill9() {
	s.tb.Helper()
	s.mu.Lock()
	cmd, done := s.cmd, s.done
	s.mu.Unlock()
	if cmd == nil {
		s.tb.Fatalf("redistest: Kill9: the server is not running")
	}
	if err := cmd.Process.Signal(syscall.SIGKILL); err != nil && !errors.Is(err, os.ErrProcessDone) {
		s.tb.Fatalf("redistest: Kill9: %v", err)
	}
	<-done
	s.mu.Lock()
	s.cmd, s.done = nil, nil
	s.mu.Unlock()
}

// Restart starts the server again with the same folder and socket, so it replays its AOF, and
// waits until it answers PING. If the server is still running it is stopped cleanly first.
func (s *Server) Restart() {
	s.tb.Helper()
	s.mu.Lock()
	running, stopped := s.cmd != nil, s.stopped
	s.mu.Unlock()
	if stopped {
		s.tb.Fatalf("redistest: Restart after the test's cleanup")
	}
	if running {
		if err := s.stop(); err != nil {
			s.tb.Fatalf("redistest: Restart: %v", err)
		}
	}
	if err := s.start(); err != nil {
		s.tb.Fatalf("redistest: Restart: %v", err)
	}
}

// Stop shuts the server down cleanly (SIGTERM: Redis fsyncs and exits), killing it if it has
// not exited after 10 seconds. Stopping a stopped server does nothing; Restart starts it again.
func (s *Server) Stop() {
	s.tb.Helper()
	if err := s.stop(); err != nil {
		s.tb.Errorf("redistest: Stop: %v", err)
	}
}

// cleanup runs at the end of the test: close the client, stop the server.
func (s *Server) cleanup() {
	s.mu.Lock()
	s.stopped = true
	c := s.client
	s.client = nil
	s.mu.Unlock()
	if c != nil {
		_ = c.Close()
	}
	if err := s.stop(); err != nil {
		s.tb.Errorf("redistest: cleanup: %v", err)
	}
}

// start launches redis-server and waits for PING.
func (s *Server) start() error {
	logf, err := os.OpenFile(s.logPath, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o600)
	if err != nil {
		return fmt.Errorf("open log: %w", err)
	}
	defer logf.Close() // the child has its own descriptor

	cmd, done, err := spawn(s.bin, s.dir, logf,
		"--port", "0",
		"--unixsocket", s.sock,
		"--unixsocketperm", "700",
		"--dir", s.dir,
		"--appendonly", "yes",
		"--appendfsync", "always",
		"--save", "",
		"--daemonize", "no",
		"--maxmemory-policy", "noeviction",
		"--logfile", "", // log to stdout, which is the log file
	)
	if err != nil {
		return err
	}

	s.mu.Lock()
	s.cmd, s.done = cmd, done
	s.mu.Unlock()

	if err := s.waitReady(done); err != nil {
		_ = cmd.Process.Kill()
		<-done
		s.mu.Lock()
		s.cmd, s.done = nil, nil
		s.mu.Unlock()
		return fmt.Errorf("%w\n--- %s (last lines) ---\n%s", err, s.logPath, s.logTail(20))
	}
	return nil
}

// need finds a program in PATH or fails the test: the integration tests need a real Redis,
// from Debian's package pkg (`scripts/deps.sh redis`, which `make test` runs).
func need(t testing.TB, program, pkg string) string {
	t.Helper()
	path, err := exec.LookPath(program)
	if err != nil {
		t.Fatalf("redistest: %s not found in PATH (%v): install Debian's %s (`scripts/deps.sh redis`, which `make test` runs)", program, err, pkg)
	}
	return path
}

// spawn starts bin with args in dir, its output to logf, killed with the test binary; done is
// closed once it has exited.
func spawn(bin, dir string, logf *os.File, args ...string) (*exec.Cmd, chan struct{}, error) {
	cmd := exec.Command(bin, args...)
	cmd.Dir = dir
	cmd.Stdout, cmd.Stderr = logf, logf
	cmd.SysProcAttr = sysProcAttr()
	// Pdeathsig follows the thread that forked, so fork from a locked thread; the signal then
	// kills Redis if the test binary dies (a -timeout panic) instead of leaking it.
	runtime.LockOSThread()
	err := cmd.Start()
	runtime.UnlockOSThread()
	if err != nil {
		return nil, nil, fmt.Errorf("start %s: %w", bin, err)
	}
	done := make(chan struct{})
	go func() { _ = cmd.Wait(); close(done) }()
	return cmd, done, nil
}

// waitReady polls the socket with a raw PING until the answer is +PONG. Redis answers
// -LOADING while it replays the AOF, so an error reply means "not yet".
func (s *Server) waitReady(done <-chan struct{}) error {
	deadline := time.Now().Add(readyTimeout)
	var last error
	for {
		select {
		case <-done:
			return fmt.Errorf("redis-server exited during start-up (socket %s)", s.sock)
		default:
		}
		if last = ping(s.sock); last == nil {
			return nil
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("redis-server did not answer PING on %s within %v: %v", s.sock, readyTimeout, last)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// ping sends one inline PING over the unix socket and expects +PONG.
func ping(sock string) error {
	conn, err := net.DialTimeout("unix", sock, time.Second)
	if err != nil {
		return err
	}
	defer conn.Close()
	_ = conn.SetDeadline(time.Now().Add(time.Second))
	if _, err := conn.Write([]byte("PING\r\n")); err != nil {
		return err
	}
	line, err := bufio.NewReader(conn).ReadString('\n')
	if err != nil {
		return err
	}
	if line = strings.TrimSpace(line); line != "+PONG" {
		return fmt.Errorf("PING answered %q", line)
	}
	return nil
}

// stop sends SIGTERM and waits; after stopTimeout it kills.
func (s *Server) stop() error {
	s.mu.Lock()
	cmd, done := s.cmd, s.done
	s.cmd, s.done = nil, nil
	s.mu.Unlock()
	if cmd == nil {
		return nil
	}
	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil && !errors.Is(err, os.ErrProcessDone) {
		return err
	}
	select {
	case <-done:
		return nil
	case <-time.After(stopTimeout):
		_ = cmd.Process.Kill()
		<-done
		return fmt.Errorf("redis-server did not exit within %v of SIGTERM; killed\n%s", stopTimeout, s.logTail(20))
	}
}

// logTail returns the last n lines of the server's log, for error messages.
func (s *Server) logTail(n int) string {
	b, err := os.ReadFile(s.logPath)
	if err != nil {
		return "(no log: " + err.Error() + ")"
	}
	lines := bytes.Split(bytes.TrimRight(b, "\n"), []byte("\n"))
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return string(bytes.Join(lines, []byte("\n")))
}
