package netguard

import (
	"net"
	"os"
	"syscall"
	"testing"
	"time"
)

// TestAcceptSurvivesEMFILE runs the process out of file descriptors while a client waits to
// be accepted: Accept must not fail (fasthttp would end the server on that error), and it
// returns the connection once descriptors are free again. Real descriptors, a real socket.
func TestAcceptSurvivesEMFILE(t *testing.T) {
	l, addr := listen(t, Options{})
	client := dial(t, addr) // waits in the kernel's backlog until accepted

	var old syscall.Rlimit
	if err := syscall.Getrlimit(syscall.RLIMIT_NOFILE, &old); err != nil {
		t.Fatal(err)
	}
	fds, err := os.ReadDir("/proc/self/fd")
	if err != nil {
		t.Fatal(err)
	}
	low := old
	low.Cur = uint64(len(fds) + 16)
	if err := syscall.Setrlimit(syscall.RLIMIT_NOFILE, &low); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { syscall.Setrlimit(syscall.RLIMIT_NOFILE, &old) })
	var fillers []*os.File
	release := func() {
		for _, f := range fillers {
			f.Close()
		}
		fillers = nil
	}
	t.Cleanup(release)
	for {
		f, err := os.Open(os.DevNull)
		if err != nil {
			if !errorsIsEMFILE(err) {
				t.Fatalf("filling the descriptor table: %v", err)
			}
			break
		}
		fillers = append(fillers, f)
	}

	type result struct {
		c   net.Conn
		err error
	}
	got := make(chan result, 1)
	go func() {
		c, err := l.Accept()
		got <- result{c, err}
	}()
	select {
	case r := <-got:
		t.Fatalf("Accept with no descriptor left: got %v, %v; want it to wait", r.c, r.err)
	case <-time.After(300 * time.Millisecond): // several retries (5, 10, 20 … ms) have failed meanwhile
	}
	release()
	select {
	case r := <-got:
		if r.err != nil {
			t.Fatalf("Accept after descriptors were freed: %v", r.err)
		}
		defer r.c.Close()
		if r.c.RemoteAddr().String() != client.LocalAddr().String() {
			t.Errorf("accepted %v, want the waiting client %v", r.c.RemoteAddr(), client.LocalAddr())
		}
	case <-time.After(5 * time.Second):
		t.Fatal("Accept did not return within 5 s of descriptors being freed")
	}
}

func errorsIsEMFILE(err error) bool {
	pe, ok := err.(*os.PathError)
	return ok && pe.Err == syscall.EMFILE
}
