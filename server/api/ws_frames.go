package api

import (
	"encoding/binary"
	"errors"
	"net"
	"sync"
	"time"

	"luot/server/hub"
	"luot/server/store"
)

// maxBatch bounds how many queued events one write carries.
const maxBatch = 32

// textFrame encodes data as one final, unmasked websocket text frame, as a server sends it
// (RFC 6455 §5.2). The feed frames every event once; each connection then writes the same
// bytes, and several queued frames in one system call.
func textFrame(data []byte) []byte {
	n := len(data)
	var f []byte
	switch {
	case n < 126:
		f = make([]byte, 2, 2+n)
		f[1] = byte(n)
	case n <= 0xFFFF:
		f = make([]byte, 4, 4+n)
		f[1] = 126
		binary.BigEndian.PutUint16(f[2:], uint16(n))
	default:
		f = make([]byte, 10, 10+n)
		f[1] = 127
		binary.BigEndian.PutUint64(f[2:], uint64(n))
	}
	f[0] = 0x81 // FIN, text
	return append(f, data...)
}

// frameOf is the frame of a hub message: the one the feed made, or made now.
func frameOf(m *hub.Message) []byte {
	if f, ok := m.Frame.([]byte); ok {
		return f
	}
	return textFrame(m.Data)
}

// frameWriter writes whole frames straight to a connection's socket. It must be the only
// writer of data frames on the connection; the websocket library's control frames (pongs,
// close) may interleave only between two writes, which the socket's own lock guarantees.
type frameWriter struct {
	conn  net.Conn
	pool  *sync.Pool // of *[]byte, to join a batch into one write
	batch [][]byte
	heard time.Time // when the client last sent anything
}

// listen reads and discards what the client sent since the last call (pongs, a close),
// waiting a millisecond at most, and reports whether the client is still there: not closed,
// heard from within readWait, and not sending more than a display ever sends.
func (w *frameWriter) listen(now time.Time) bool {
	var buf [512]byte
	w.conn.SetReadDeadline(time.Now().Add(time.Millisecond))
	for got := 0; ; {
		n, err := w.conn.Read(buf[:])
		if n > 0 {
			w.heard = now
			got += n
		}
		if got > maxInbound {
			return false
		}
		if err != nil {
			var ne net.Error
			if !errors.As(err, &ne) || !ne.Timeout() {
				return false // closed
			}
			break
		}
	}
	return now.Sub(w.heard) < readWait
}

// add queues m's frame unless the client already has it (its ID is not after last), and
// returns the new last ID.
func (w *frameWriter) add(m *hub.Message, last string) string {
	if m.ID != "" && store.CompareIDs(m.ID, last) <= 0 {
		return last
	}
	w.batch = append(w.batch, frameOf(m))
	if m.ID != "" {
		return m.ID
	}
	return last
}

// flush writes the queued frames in one system call.
func (w *frameWriter) flush() error {
	defer func() { clear(w.batch); w.batch = w.batch[:0] }()
	switch len(w.batch) {
	case 0:
		return nil
	case 1:
		w.conn.SetWriteDeadline(time.Now().Add(writeWait))
		_, err := w.conn.Write(w.batch[0])
		return err
	}
	bp, _ := w.pool.Get().(*[]byte)
	if bp == nil {
		bp = new([]byte)
	}
	b := (*bp)[:0]
	for _, f := range w.batch {
		b = append(b, f...)
	}
	w.conn.SetWriteDeadline(time.Now().Add(writeWait))
	_, err := w.conn.Write(b)
	if cap(b) <= 256<<10 {
		*bp = b[:0]
		w.pool.Put(bp)
	}
	return err
}
