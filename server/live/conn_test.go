package live

import (
	"fmt"
	"io"
	"net"
	"strings"
	"testing"
	"time"

	"luot/server/hub"
)

// tcpPair returns a live connection over loopback TCP, the transport of production, and the
// client's end.
func tcpPair(t *testing.T, limit int) (*liveConn, net.Conn) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	client, server := loopbackPair(t, ln)
	c := newLiveConn(server, limit)
	if c.raw == nil {
		t.Fatal("a TCP connection without its socket: the non-blocking path is untested")
	}
	return c, client
}

// loopbackPair dials ln and accepts the connection: its client's and server's ends, closed
// when the test ends.
func loopbackPair(tb testing.TB, ln net.Listener) (client, server net.Conn) {
	tb.Helper()
	client, err := net.Dial("tcp", ln.Addr().String())
	if err != nil {
		tb.Fatal(err)
	}
	server, err = ln.Accept()
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { client.Close(); server.Close() })
	return client, server
}

// readN reads exactly n bytes from c, or fails.
func readN(t *testing.T, c net.Conn, n int) string {
	t.Helper()
	buf := make([]byte, n)
	c.SetReadDeadline(time.Now().Add(5 * time.Second))
	if _, err := io.ReadFull(c, buf); err != nil {
		t.Fatalf("read %d bytes: %v (got %q)", n, err, buf)
	}
	return string(buf)
}

func msg(id, data string) *hub.Message {
	return &hub.Message{ID: id, Data: []byte(data)}
}

// TestLiveConnDelivers: on a live connection a delivery goes straight to the socket, without
// the connection's goroutine (not started here); an event the client already has is skipped,
// and the bytes are exactly the frames in order.
func TestLiveConnDelivers(t *testing.T) {
	c, client := tcpPair(t, 8)
	if !c.goLive("4-0") {
		t.Fatal("goLive: over the limit with nothing queued")
	}
	if !c.Deliver([]*hub.Message{msg("5-0", "a"), msg("3-0", "old"), msg("6-0", "bb")}) {
		t.Fatal("Deliver reported a slow client")
	}
	if !c.Deliver([]*hub.Message{{ID: "7-0", Data: []byte("c")}}) { // no frame made by the feed
		t.Fatal("Deliver reported a slow client")
	}
	if got, want := readN(t, client, 10), "\x81\x01a\x81\x02bb\x81\x01c"; got != want {
		t.Fatalf("got %q, want %q", got, want)
	}
	if c.last != "7-0" || len(c.backlog) != 0 {
		t.Fatalf("got last %s and a backlog of %d bytes, want 7-0 and none", c.last, len(c.backlog))
	}
}

// TestLiveConnCatchUp: what is delivered during the snapshot waits; once live, the events
// the snapshot did not cover follow it, in order, written by the connection's goroutine.
func TestLiveConnCatchUp(t *testing.T) {
	c, client := tcpPair(t, 8)
	c.Deliver([]*hub.Message{msg("4-0", "old")})
	c.Deliver([]*hub.Message{msg("5-0", "a"), msg("6-0", "b")})
	client.SetReadDeadline(time.Now().Add(100 * time.Millisecond))
	if n, _ := client.Read(make([]byte, 1)); n != 0 {
		t.Fatal("a frame went out before the snapshot")
	}
	if !c.goLive("4-0") {
		t.Fatal("goLive: over the limit")
	}
	ended := make(chan string, 1)
	go func() { ended <- c.serve(nil) }()
	c.Deliver([]*hub.Message{msg("7-0", "c")})
	if got, want := readN(t, client, 9), "\x81\x01a\x81\x01b\x81\x01c"; got != want {
		t.Fatalf("got %q, want %q", got, want)
	}
	client.Close()
	if got := <-ended; got != endGone {
		t.Fatalf("client closed: serve ended with %q, want %q", got, endGone)
	}
}

// TestLiveConnEarlyOverflow: a client whose snapshot takes longer than a queue of events is
// dropped, like any slow client.
func TestLiveConnEarlyOverflow(t *testing.T) {
	c, _ := tcpPair(t, 2)
	for i, want := range []bool{true, true, false} {
		if got := c.Deliver([]*hub.Message{msg(fmt.Sprintf("%d-0", i+1), "x")}); got != want {
			t.Fatalf("delivery %d during the snapshot: got %v, want %v", i+1, got, want)
		}
	}
	if c.reason != endSlow {
		t.Fatalf("got reason %q, want %q", c.reason, endSlow)
	}
}

// TestLiveConnSlowClient: a client that stops reading fills its socket, then its backlog, and
// is dropped; the deliveries never wait for it.
func TestLiveConnSlowClient(t *testing.T) {
	const limit = 4
	c, client := tcpPair(t, limit)
	c.goLive("")
	ended := make(chan string, 1)
	go func() { ended <- c.serve(nil) }()
	big := strings.Repeat("x", 64<<10)
	var i int
	for i = 1; i < 10_000; i++ {
		if !c.Deliver([]*hub.Message{msg(fmt.Sprintf("%d-0", i), big)}) {
			break
		}
	}
	if i == 10_000 {
		t.Fatal("a client that never reads was never dropped")
	}
	if i <= limit {
		t.Fatalf("dropped after %d deliveries, before its socket was even full", i)
	}
	if got := <-ended; got != endSlow {
		t.Fatalf("serve ended with %q, want %q", got, endSlow)
	}
	c.nc.Close() // as the handler's return does
	// what the client got is whole frames, in order, up to where it stopped
	client.SetReadDeadline(time.Now().Add(5 * time.Second))
	data, _ := io.ReadAll(io.LimitReader(client, 1<<30))
	frame := textFrame([]byte(big))
	if len(data) < len(frame) || string(data[:len(frame)]) != string(frame) {
		t.Fatalf("the client got %d bytes that do not start with the first frame", len(data))
	}
}

// TestLiveConnPings: the connection pings on time and hears the client's answers; a client
// silent past readWait, one that floods the server, and one that closes are gone.
func TestLiveConnPings(t *testing.T) {
	ping := [][]byte{textFrame(pingFrame), pingControl}
	pingBytes := string(ping[0]) + string(ping[1])
	// serve runs a live connection pinging every pingEvery and tolerating readWait of silence;
	// its reason to end arrives on the channel
	serve := func(pingEvery, readWait time.Duration) (net.Conn, <-chan string) {
		c, client := tcpPair(t, 8)
		c.pingEvery, c.readWait = pingEvery, readWait
		c.goLive("")
		ended := make(chan string, 1)
		go func() { ended <- c.serve(ping) }()
		return client, ended
	}

	client, ended := serve(50*time.Millisecond, time.Hour)
	for range 2 {
		if got := readN(t, client, len(pingBytes)); got != pingBytes {
			t.Fatalf("got %q, want a ping %q", got, pingBytes)
		}
	}
	client.Close()
	if got := <-ended; got != endGone {
		t.Fatalf("closed client: serve ended with %q, want %q", got, endGone)
	}

	client, ended = serve(20*time.Millisecond, 200*time.Millisecond)
	go io.Copy(io.Discard, client) // reads the pings, never answers
	if got := <-ended; got != endSilent {
		t.Fatalf("silent client: serve ended with %q, want %q", got, endSilent)
	}

	client, ended = serve(20*time.Millisecond, 200*time.Millisecond)
	go io.Copy(io.Discard, client)
	stop := time.Now().Add(time.Second)
	for time.Now().Before(stop) { // a masked, empty pong, as a browser answers a ping
		if _, err := client.Write([]byte{0x8a, 0x80, 1, 2, 3, 4}); err != nil {
			t.Fatal(err)
		}
		time.Sleep(20 * time.Millisecond)
	}
	select {
	case got := <-ended:
		t.Fatalf("a client that answers: serve ended with %q", got)
	default:
	}
	go client.Write(make([]byte, 2*maxInbound))
	if got := <-ended; got != endFlood {
		t.Fatalf("flooding client: serve ended with %q, want %q", got, endFlood)
	}
}

// TestLiveConnWithoutSocket: a transport without a socket to write to directly (net.Pipe)
// still gets every event, through the connection's goroutine.
func TestLiveConnWithoutSocket(t *testing.T) {
	server, client := net.Pipe()
	defer client.Close()
	c := newLiveConn(server, 8)
	if c.raw != nil {
		t.Fatal("net.Pipe has a socket?")
	}
	c.goLive("")
	go c.serve(nil)
	c.Deliver([]*hub.Message{msg("1-0", "a"), msg("2-0", "b")})
	c.Deliver([]*hub.Message{msg("3-0", "c")})
	if got, want := readN(t, client, 9), "\x81\x01a\x81\x01b\x81\x01c"; got != want {
		t.Fatalf("got %q, want %q", got, want)
	}
}
