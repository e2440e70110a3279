package live

import (
	"bytes"
	"io"
	"net"
	"strconv"
	"testing"

	"luot/server/hub"
)

// benchConn and benchMsg are the live connection and an event's message as the feed makes
// them (the only lines that differ from the code before the hub lost Message.Frame, so that
// the two are compared in one run).
func benchConn(nc net.Conn, limit int) *liveConn { return newLiveConn(nc, limit) }

func benchMsg(id string, data []byte) hub.Message { return hub.Message{ID: id, Data: data} }

// BenchmarkFanOut is the hub's delivery of one event to 1,000 live connections over
// loopback TCP, each reading as fast as it can: the hub's workers write straight to the
// sockets (liveConn.Deliver).
//
//	go test -run '^$' -bench 'BenchmarkFanOut' -benchtime 2000x ./server/live/
func BenchmarkFanOut(b *testing.B) {
	const n = 1000
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		b.Fatal(err)
	}
	defer ln.Close()
	h := hub.New(hub.Options{})
	ping := [][]byte{textFrame(pingFrame), pingControl}
	for range n {
		client, server := loopbackPair(b, ln)
		go io.Copy(io.Discard, client)
		c := benchConn(server, hub.DefaultQueueSize)
		c.goLive("0-0")
		go c.serve(ping)
		defer h.SubscribeSink("s", c).Close()
	}
	data := bytes.Repeat([]byte("x"), 600) // a call event
	b.ResetTimer()
	for i := range b.N {
		h.PublishBatch("s", []hub.Message{benchMsg(strconv.Itoa(i+1)+"-0", data)})
	}
	b.StopTimer()
	if got := h.Count("s"); got != n {
		b.Errorf("%d connections left of %d: some were dropped", got, n)
	}
}
