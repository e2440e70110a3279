package main

import (
	"bufio"
	"context"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"luot/server/internal/redistest"
)

// childEnv names the variable that makes the test binary run `luot serve` as a child
// process (TestMain), and childNofile its open-file limit there.
const (
	childEnv    = "LUOT_TEST_CHILD_SERVE"
	childNofile = "LUOT_TEST_CHILD_NOFILE"
)

// TestMain runs `luot serve` when the test binary is started as a child of
// TestIdleConnectionsNeverKillTheServer: the real command, in a process of its own, with the
// low open-file limit set here (syscall.Setrlimit applies to this process alone).
func TestMain(m *testing.M) {
	if os.Getenv(childEnv) == "1" {
		if n, err := strconv.ParseUint(os.Getenv(childNofile), 10, 64); err == nil {
			lim := syscall.Rlimit{Cur: n, Max: n}
			if err := syscall.Setrlimit(syscall.RLIMIT_NOFILE, &lim); err != nil {
				fmt.Fprintln(os.Stderr, "setrlimit:", err)
				os.Exit(3)
			}
		}
		ctx, stop := context.WithCancel(context.Background())
		defer stop()
		go func() { // ends with the test: SIGTERM
			ch := make(chan os.Signal, 1)
			signalNotify(ch)
			<-ch
			stop()
		}()
		os.Exit(run(ctx, []string{"serve"}, os.Getenv, os.Stdin, os.Stdout, os.Stderr))
	}
	os.Exit(m.Run())
}

// healthz reports whether the server answers /healthz with 200 on a new connection.
func healthz(addr string) bool {
	c := &http.Client{Timeout: 2 * time.Second, Transport: &http.Transport{DisableKeepAlives: true}}
	res, err := c.Get("http://" + addr + "/healthz")
	if err != nil {
		return false
	}
	res.Body.Close()
	return res.StatusCode == 200
}

// TestIdleConnectionsNeverKillTheServer is issue 10's attack: more connections that never
// finish their header than the process has file descriptors. The real `luot serve` runs in
// a child process with an open-file limit of 256; 600 idle connections later it still runs,
// it closes the idle ones itself after LUOT_READ_TIMEOUT, and it answers /healthz once they
// are gone. (Before netguard, accept4 failed with EMFILE and the server exited.)
func TestIdleConnectionsNeverKillTheServer(t *testing.T) {
	r := redistest.Start(t)
	addr := freeAddr(t)
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), childEnv+"=1", childNofile+"=256",
		"REDIS_URL="+r.URL(), "LUOT_ADDR="+addr, "LUOT_CONFIG=../config/binhduong.yaml",
		"LUOT_ARCHIVE_DIR="+t.TempDir(), "LUOT_READ_TIMEOUT=3s", "LUOT_LOG_LEVEL=warn",
		"LUOT_PUBLIC_URL=http://"+addr)
	var out syncBuffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	t.Cleanup(func() {
		cmd.Process.Signal(syscall.SIGTERM)
		select {
		case <-exited:
		case <-time.After(15 * time.Second):
			cmd.Process.Kill()
		}
		t.Logf("the server's output:\n%s", out.String())
	})
	alive := func(when string) {
		t.Helper()
		select {
		case err := <-exited:
			t.Fatalf("%s: the server exited (%v)", when, err)
		default:
		}
	}
	deadline := time.Now().Add(30 * time.Second)
	for !healthz(addr) {
		alive("starting")
		if time.Now().After(deadline) {
			t.Fatal("the server did not answer /healthz within 30 s")
		}
		time.Sleep(50 * time.Millisecond)
	}

	// 600 connections that send half a header and then nothing
	const idle = 600
	conns := make([]net.Conn, 0, idle)
	defer func() {
		for _, c := range conns {
			c.Close()
		}
	}()
	for i := range idle {
		c, err := net.DialTimeout("tcp", addr, 5*time.Second)
		if err != nil {
			t.Fatalf("dial %d: %v", i, err)
		}
		conns = append(conns, c)
		c.Write([]byte("GET /healthz HTTP/1.1\r\nHost: luot\r\nX-Slow: "))
	}
	// the server keeps what it can hold and closes every idle connection itself: at once those
	// past its cap, the others once LUOT_READ_TIMEOUT (3 s) has passed without a whole header
	var wg sync.WaitGroup
	ended := make(chan int, idle)
	for _, c := range conns {
		wg.Go(func() {
			c.SetReadDeadline(time.Now().Add(30 * time.Second))
			if _, err := bufio.NewReader(c).ReadString(0); err != nil && !isTimeout(err) {
				ended <- 1
			}
		})
	}
	wg.Wait()
	alive("after the idle connections")
	if got := len(ended); got != idle {
		t.Errorf("the server ended %d of %d idle connections within 30 s, want all", got, idle)
	}
	if !strings.Contains(out.String(), "LUOT_MAX_CONNS lowered") {
		t.Errorf("no warning that the open-file limit lowered the cap of connections")
	}
	for _, c := range conns {
		c.Close()
	}
	deadline = time.Now().Add(10 * time.Second)
	for !healthz(addr) {
		alive("after the idle connections were gone")
		if time.Now().After(deadline) {
			t.Fatal("no answer to /healthz within 10 s of the idle connections ending")
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func isTimeout(err error) bool {
	ne, ok := err.(net.Error)
	return ok && ne.Timeout()
}
