package api

import (
	"encoding/binary"
	"net"
	"strings"
	"sync"
	"testing"
	"time"

	"luot/server/hub"
)

func TestTextFrame(t *testing.T) {
	for _, n := range []int{0, 1, 125, 126, 1000, 65535, 65536, 200000} {
		data := []byte(strings.Repeat("x", n))
		f := textFrame(data)
		if f[0] != 0x81 {
			t.Fatalf("%d bytes: first byte %#x, want 0x81 (FIN, text)", n, f[0])
		}
		var got, head int
		switch {
		case f[1] < 126:
			got, head = int(f[1]), 2
		case f[1] == 126:
			got, head = int(binary.BigEndian.Uint16(f[2:])), 4
		default:
			got, head = int(binary.BigEndian.Uint64(f[2:])), 10
		}
		if f[1]&0x80 != 0 {
			t.Errorf("%d bytes: masked, but a server never masks", n)
		}
		if got != n || len(f) != head+n {
			t.Errorf("%d bytes: header says %d, frame %d bytes with a %d-byte header", n, got, len(f), head)
		}
	}
}

// TestFrameWriterBatches: queued frames go out in one write, an event the client already has
// is skipped, and the bytes are exactly the frames in order.
func TestFrameWriterBatches(t *testing.T) {
	server, client := net.Pipe()
	defer client.Close()
	w := &frameWriter{conn: server, pool: &sync.Pool{}}
	last := w.add(&hub.Message{ID: "5-0", Data: []byte("a")}, "4-0")
	last = w.add(&hub.Message{ID: "3-0", Data: []byte("old")}, last) // replayed already
	last = w.add(&hub.Message{ID: "6-0", Data: []byte("bb"), Frame: textFrame([]byte("bb"))}, last)
	if last != "6-0" || len(w.batch) != 2 {
		t.Fatalf("got last %s and %d frames, want 6-0 and 2", last, len(w.batch))
	}
	errc := make(chan error, 1)
	go func() { errc <- w.flush() }()
	buf := make([]byte, 7)
	client.SetReadDeadline(time.Now().Add(2 * time.Second))
	n, err := client.Read(buf) // net.Pipe delivers one Write per Read
	if err != nil || string(buf[:n]) != "\x81\x01a\x81\x02bb" {
		t.Fatalf("got %q, %v; want both frames in one write", buf[:n], err)
	}
	if err := <-errc; err != nil || len(w.batch) != 0 {
		t.Fatalf("flush: %v, %d frames left", err, len(w.batch))
	}
}

// TestFrameWriterListen: the pongs a client sends keep it alive; a client that closes, that
// stays silent past readWait, or that floods the server is gone.
func TestFrameWriterListen(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	pair := func() (*frameWriter, net.Conn) {
		c, err := net.Dial("tcp", ln.Addr().String())
		if err != nil {
			t.Fatal(err)
		}
		s, err := ln.Accept()
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { c.Close(); s.Close() })
		return &frameWriter{conn: s, heard: time.Now()}, c
	}
	w, c := pair()
	if !w.listen(time.Now()) {
		t.Error("a quiet, recently heard client: gone, want alive")
	}
	c.Write([]byte{0x8a, 0x80, 1, 2, 3, 4}) // a masked, empty pong
	time.Sleep(50 * time.Millisecond)
	later := time.Now().Add(readWait - time.Second)
	if !w.listen(later) || !w.heard.Equal(later) {
		t.Error("a client that answered: gone or not heard, want alive and heard")
	}
	if w.listen(later.Add(readWait + time.Second)) {
		t.Error("a client silent past readWait: alive, want gone")
	}

	w, c = pair()
	c.Close()
	time.Sleep(50 * time.Millisecond)
	if w.listen(time.Now()) {
		t.Error("a closed client: alive, want gone")
	}

	w, c = pair()
	go func() { c.Write(make([]byte, 2*maxInbound)) }()
	time.Sleep(100 * time.Millisecond)
	if w.listen(time.Now()) {
		t.Error("a client sending 128 KiB between pings: alive, want gone")
	}
}
