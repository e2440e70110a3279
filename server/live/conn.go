package live

import (
	"errors"
	"net"
	"sync"
	"syscall"
	"time"

	"luot/server/hub"
	"luot/server/queue"
)

// Why a live connection ended.
const (
	endSlow   = "slow"        // it fell a queue behind: dropped, it resumes with since
	endGone   = "gone"        // closed, reset, or a write that failed or timed out
	endSilent = "silent"      // nothing heard, not even a pong, for readWait
	endFlood  = "flood"       // sent more than a display ever sends
	endServer = "unavailable" // the snapshot or replay failed (Redis down): the same words as the API's 503
	endFull   = "full"        // a ticket already followed by as many connections as it may be
)

// sendBuffer is the kernel's send buffer of a live connection (Linux doubles it). Events are
// a few KB; without a bound, autotuning lets a client that stopped reading park megabytes
// in the kernel before it is noticed, at 5,000 clients a lot of memory that is not ours to
// see.
const sendBuffer = 64 << 10

// aLongTimeAgo is a read deadline in the past: setting it wakes the connection's goroutine
// from its Read at once.
var aLongTimeAgo = time.Unix(1, 0)

// liveConn is a websocket client of the live feed, as the hub's Sink. The hub's workers
// deliver events to it by writing their frames straight to the socket, without blocking and
// without waking the connection's goroutine: at 5,000 clients a call costs 5,000 system
// calls, not 5,000 goroutine hand-offs as well. Only when the socket is full (a client
// reading slowly) do frames go to a backlog, which the connection's own goroutine writes
// with a deadline; a client more than a queue behind is dropped and resumes with since.
//
// The connection's goroutine spends its life in Read, which also tells it at once when the
// client closes; a deadline wakes it to ping, and a deliverer that leaves it work sets the
// read deadline in the past to wake it.
type liveConn struct {
	nc    net.Conn        // the TCP connection under the websocket
	raw   syscall.RawConn // the same, for non-blocking writes; nil if the transport has none
	limit int             // messages a client may fall behind

	pingEvery, readWait time.Duration // the package's constants, but in tests

	mu      sync.Mutex
	live    bool           // caught up: events are written; before, they wait in early
	early   []*hub.Message // events delivered during the snapshot or replay
	last    string         // ID of the last event written or queued
	backlog []byte         // bytes the connection's goroutine must write, starting at a frame boundary or where a write stopped
	queued  int            // events in backlog
	writing bool           // the connection's goroutine is writing the backlog: deliverers only queue
	woken   bool           // the goroutine has been woken and has not yet looked at its work
	reason  string         // why the connection ends ("" while it lasts)

	// the non-blocking write, a method value made once, and its input and outputs (under mu)
	write func(fd uintptr) bool
	out   []byte
	wrote int
	werr  error
}

// joinPool holds the buffers that join the frames of one delivery into one write: shared,
// since a buffer of each connection's own would cost every client a few KB for good.
var joinPool = sync.Pool{New: func() any { return new([]byte) }}

func newLiveConn(nc net.Conn, limit int) *liveConn {
	// fasthttp hands the websocket a wrapper of the hijacked connection; the deliverers
	// need the socket itself, and reads need no buffering (what a client sends is discarded)
	if u, ok := nc.(interface{ UnsafeConn() net.Conn }); ok {
		nc = u.UnsafeConn()
	}
	c := &liveConn{nc: nc, limit: max(limit, 1), pingEvery: pingEvery, readWait: readWait}
	if tc, ok := nc.(interface{ SetWriteBuffer(int) error }); ok {
		tc.SetWriteBuffer(sendBuffer)
	}
	if sc, ok := nc.(syscall.Conn); ok {
		if raw, err := sc.SyscallConn(); err == nil {
			c.raw = raw
			c.write = c.writeFD
		}
	}
	return c
}

// Deliver is the hub's hand-over of the events of one change. It never blocks: the frames
// go to the socket as far as it takes them, and the rest to the backlog.
func (c *liveConn) Deliver(msgs []*hub.Message) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	switch {
	case c.reason != "":
		return true // ending: the handler closes the subscription
	case !c.live:
		if len(c.early)+len(msgs) > c.limit {
			c.end(endSlow)
			return false
		}
		c.early = append(c.early, msgs...)
		return true
	case c.writing || len(c.backlog) > 0 || c.raw == nil:
		if !c.queue(msgs) {
			c.end(endSlow)
			return false
		}
		c.wake()
		return true
	}
	b, joined := c.frames(msgs)
	if joined != nil {
		defer joinPool.Put(joined)
	}
	if len(b) == 0 {
		return true
	}
	n, err := c.writeNow(b)
	switch {
	case err != nil:
		c.end(endGone)
	case n < len(b):
		// the socket is full: the rest goes with the next writes, by the goroutine
		c.backlog = append(c.backlog, b[n:]...)
		c.queued = 1
		c.wake()
	}
	return true
}

// frames returns the frames of the events of msgs the client has not had, joined in a buffer
// of joinPool, also returned for the caller to put back (nil when there are none), and moves
// last on. Called with mu held.
func (c *liveConn) frames(msgs []*hub.Message) (b []byte, joined *[]byte) {
	joined = joinPool.Get().(*[]byte)
	b = (*joined)[:0]
	for _, m := range msgs {
		if c.fresh(m) {
			b = appendFrame(b, m.Data)
		}
	}
	*joined = b
	if len(b) == 0 {
		joinPool.Put(joined)
		return nil, nil
	}
	return b, joined
}

// queue appends the frames of the events of msgs the client has not had to the backlog and
// reports whether the client is still within its limit. Called with mu held.
func (c *liveConn) queue(msgs []*hub.Message) bool {
	for _, m := range msgs {
		if c.fresh(m) {
			c.backlog = appendFrame(c.backlog, m.Data)
			c.queued++
		}
	}
	return c.queued <= c.limit
}

// fresh reports whether the client has yet to get m, and if so records it as had: events
// the snapshot or replay covered, which the hub may deliver after it, are skipped.
func (c *liveConn) fresh(m *hub.Message) bool {
	if !after(m, c.last) {
		return false
	}
	c.last = next(m, c.last)
	return true
}

// after reports whether m comes after the event last: a message without an ID always does.
func after(m *hub.Message, last string) bool {
	return m.ID == "" || queue.CompareEventIDs(m.ID, last) > 0
}

// next is the last event had once m is.
func next(m *hub.Message, last string) string {
	if m.ID == "" {
		return last
	}
	return m.ID
}

// writeNow writes b to the socket without waiting and returns how much it took. A full
// socket is not an error: it took less. Called with mu held.
func (c *liveConn) writeNow(b []byte) (int, error) {
	c.out, c.wrote, c.werr = b, 0, nil
	err := c.raw.Write(c.write)
	c.out = nil
	if err != nil {
		return 0, err
	}
	return c.wrote, c.werr
}

// writeFD is the body of writeNow, run by the runtime with the socket's descriptor.
func (c *liveConn) writeFD(fd uintptr) bool {
	for c.wrote < len(c.out) {
		n, err := syscall.Write(int(fd), c.out[c.wrote:])
		if n > 0 {
			c.wrote += n
		}
		switch {
		case errors.Is(err, syscall.EINTR):
			continue
		case errors.Is(err, syscall.EAGAIN):
			return true
		case err != nil:
			c.werr = err
			return true
		case n <= 0:
			return true
		}
	}
	return true // done, or as far as the socket went: never wait for it here
}

// end records why the connection ends and wakes its goroutine, or cuts short the write it
// is blocked in. Called with mu held.
func (c *liveConn) end(reason string) {
	if c.reason == "" {
		c.reason = reason
	}
	if c.writing {
		c.nc.SetWriteDeadline(aLongTimeAgo)
	}
	c.wake()
}

// wake makes the connection's goroutine return from Read to look at its work. Called with
// mu held.
func (c *liveConn) wake() {
	if !c.woken && !c.writing {
		c.woken = true
		c.nc.SetReadDeadline(aLongTimeAgo)
	}
}

// goLive ends the catch-up: last is the event the snapshot or replay reached, and the events
// delivered meanwhile that come after it are queued for the connection's goroutine.
func (c *liveConn) goLive(last string) bool {
	// the catch-up's writes leave a deadline that would fail the deliverers' in writeWait
	c.nc.SetWriteDeadline(time.Time{})
	c.mu.Lock()
	defer c.mu.Unlock()
	c.last = last
	c.live = true
	early := c.early
	c.early = nil
	return c.reason == "" && c.queue(early)
}

// send queues frames of the connection's own (pings) behind the events.
func (c *liveConn) send(frames ...[]byte) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, f := range frames {
		c.backlog = append(c.backlog, f...)
	}
}

// work writes the backlog, blocking up to writeWait a write, and returns why the connection
// must end, or "".
func (c *liveConn) work() string {
	c.mu.Lock()
	defer c.mu.Unlock()
	for c.reason == "" && len(c.backlog) > 0 {
		b := c.backlog
		c.backlog, c.queued = nil, 0
		c.writing = true
		c.mu.Unlock()
		c.nc.SetWriteDeadline(time.Now().Add(writeWait))
		_, err := c.nc.Write(b)
		// no deadline between writes: a passed one would fail the deliverers' writes too
		c.nc.SetWriteDeadline(time.Time{})
		c.mu.Lock()
		c.writing = false
		if err != nil && c.reason == "" {
			c.reason = endGone
		}
	}
	c.woken = false
	return c.reason
}

// serve runs the connection once it is live, on the handler's goroutine, until it ends, and
// returns why: it writes the backlog, pings every pingEvery, and reads what the client sends
// (pongs, a close), noticing at once when it closes. Ping carries the frames of a ping.
func (c *liveConn) serve(ping [][]byte) string {
	buf := make([]byte, 512)
	heard := time.Now()
	nextPing := heard.Add(c.pingEvery)
	inbound := 0
	for {
		// the deadline before the look at the work: a wake after the look lands on Read
		c.nc.SetReadDeadline(nextPing)
		if reason := c.work(); reason != "" {
			return reason
		}
		n, err := c.nc.Read(buf)
		now := time.Now()
		if n > 0 {
			heard = now
			if inbound += n; inbound > maxInbound {
				return endFlood
			}
		}
		var ne net.Error
		switch {
		case err == nil:
		case !errors.As(err, &ne) || !ne.Timeout():
			return endGone
		case now.Before(nextPing):
			// woken for work
		case now.Sub(heard) > c.readWait:
			return endSilent
		default:
			inbound = 0
			nextPing = now.Add(c.pingEvery)
			c.send(ping...)
		}
	}
}

// stop ends the connection from the handler's side, so that no deliverer touches the socket
// again, and reports whether the stream stands at a frame boundary (a close frame may follow).
func (c *liveConn) stop(reason string) (clean bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.reason == "" {
		c.reason = reason
	}
	clean = len(c.backlog) == 0
	c.backlog, c.early = nil, nil
	return clean
}
