package netguard

import (
	"bufio"
	"io"
	"net"
	"net/http"
	"net/netip"
	"strings"
	"testing"
	"time"
)

// served accepts on l and hands every connection to the test, until l is closed.
func served(t *testing.T, l *Listener) <-chan net.Conn {
	t.Helper()
	conns := make(chan net.Conn, 64)
	go func() {
		defer close(conns)
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			conns <- c
		}
	}()
	t.Cleanup(func() { l.Close() })
	return conns
}

// listen starts a Listener on a loopback port.
func listen(t *testing.T, opts Options) (*Listener, string) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	return Listen(ln, opts), ln.Addr().String()
}

func dial(t *testing.T, addr string) net.Conn {
	t.Helper()
	c, err := net.DialTimeout("tcp", addr, 5*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	return c
}

// accepted waits for the server's side of the next admitted connection.
func accepted(t *testing.T, conns <-chan net.Conn) net.Conn {
	t.Helper()
	select {
	case c := <-conns:
		return c
	case <-time.After(5 * time.Second):
		t.Fatal("no connection accepted within 5 s")
		return nil
	}
}

// refused reads what the server says to a connection past a cap: an HTTP error in the
// contract's shape, then the end of the connection.
func refused(t *testing.T, c net.Conn, status int, code string) {
	t.Helper()
	c.SetReadDeadline(time.Now().Add(5 * time.Second))
	res, err := http.ReadResponse(bufio.NewReader(c), nil)
	if err != nil {
		t.Fatalf("refused connection: no answer: %v", err)
	}
	body, _ := io.ReadAll(res.Body)
	if res.StatusCode != status || !strings.Contains(string(body), `"code":"`+code+`"`) || res.Header.Get("Content-Type") != "application/json" {
		t.Fatalf("refused connection: got %d %s, want %d with code %s", res.StatusCode, body, status, code)
	}
}

func TestListenerCapsPerAddress(t *testing.T) {
	l, addr := listen(t, Options{MaxConns: 100, MaxConnsPerIP: 3})
	conns := served(t, l)
	var mine []net.Conn
	for range 3 {
		dial(t, addr)
		mine = append(mine, accepted(t, conns))
	}
	refused(t, dial(t, addr), 429, "too_many_connections")
	if got := l.Open(); got != 3 {
		t.Errorf("open: got %d, want 3", got)
	}
	// a place freed is a place taken again
	mine[0].Close()
	mine[0].Close() // twice counts once
	dial(t, addr)
	accepted(t, conns)
	if got := l.Open(); got != 3 {
		t.Errorf("open after one closed and one more: got %d, want 3", got)
	}
}

func TestListenerCapsInAll(t *testing.T) {
	// the trusted proxy is not capped per address, but the total holds for everyone
	l, addr := listen(t, Options{MaxConns: 4, MaxConnsPerIP: 1, Exempt: Loopback})
	conns := served(t, l)
	for range 4 {
		dial(t, addr)
		accepted(t, conns)
	}
	refused(t, dial(t, addr), 503, "unavailable")
}

func TestOnClose(t *testing.T) {
	l, addr := listen(t, Options{})
	conns := served(t, l)
	dial(t, addr)
	c := accepted(t, conns)
	ran := 0
	if !OnClose(c, func() { ran++ }) {
		t.Fatal("OnClose: got false for a connection of a Listener")
	}
	c.Close()
	c.Close()
	if ran != 1 {
		t.Errorf("hook ran %d times, want once", ran)
	}
	if !OnClose(c, func() { ran++ }) || ran != 2 {
		t.Errorf("a hook on a closed connection: ran %d, want at once", ran)
	}
	a, b := net.Pipe()
	defer a.Close()
	defer b.Close()
	if OnClose(a, func() {}) {
		t.Error("OnClose: got true for a connection of no Listener")
	}
}

func TestCapTo(t *testing.T) {
	tests := []struct {
		max, limit, want int
		lowered          bool
	}{
		{20_000, 262_144, 20_000, false},
		{20_000, 1024, 960, true},
		{20_000, 256, 192, true},
		{100, 256, 100, false},
		{20_000, 0, 20_000, false}, // unknown limit
		{20_000, 65_536, 20_000, false},
		{100_000, 65_536, 64_512, true},
	}
	for _, tt := range tests {
		got, lowered := capTo(tt.max, tt.limit)
		if got != tt.want || lowered != tt.lowered {
			t.Errorf("capTo(%d, %d): got %d, %v; want %d, %v", tt.max, tt.limit, got, lowered, tt.want, tt.lowered)
		}
	}
}

func TestGate(t *testing.T) {
	g := NewGate(2, Loopback)
	a := netip.MustParseAddr("203.0.113.9")
	leave1, ok1 := g.Enter(a)
	_, ok2 := g.Enter(netip.MustParseAddr("::ffff:203.0.113.9")) // the same address
	_, ok3 := g.Enter(a)
	if !ok1 || !ok2 || ok3 {
		t.Fatalf("got %v %v %v, want two places and a refusal", ok1, ok2, ok3)
	}
	if _, ok := g.Enter(netip.MustParseAddr("203.0.113.10")); !ok {
		t.Error("another address was refused")
	}
	for range 5 { // the host itself is not capped
		if _, ok := g.Enter(netip.MustParseAddr("127.0.0.1")); !ok {
			t.Fatal("loopback was refused")
		}
	}
	leave1()
	leave1() // once only
	if got := g.Held(a); got != 1 {
		t.Errorf("held: got %d, want 1", got)
	}
	if _, ok := g.Enter(a); !ok {
		t.Error("a place given back was not taken again")
	}
}
