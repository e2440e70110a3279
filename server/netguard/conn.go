package netguard

import (
	"net"
	"net/netip"
	"sync"
	"syscall"
)

// conn is a connection counted by its Listener until it is closed.
type conn struct {
	net.Conn
	l    *Listener
	addr netip.Addr // counted against this address; zero when exempt

	mu     sync.Mutex
	closed bool
	hooks  []func()
}

// Close closes the connection and, the first time, counts it out and runs its OnClose hooks.
func (c *conn) Close() error {
	err := c.Conn.Close()
	c.mu.Lock()
	if c.closed {
		c.mu.Unlock()
		return err
	}
	c.closed = true
	hooks := c.hooks
	c.hooks = nil
	c.mu.Unlock()
	c.l.release(c.addr)
	for _, f := range hooks {
		f()
	}
	return err
}

// SyscallConn and SetWriteBuffer pass through to the socket: the live feed writes frames to
// it without blocking and bounds its send buffer (server/api/ws_conn.go).
func (c *conn) SyscallConn() (syscall.RawConn, error) {
	if sc, ok := c.Conn.(syscall.Conn); ok {
		return sc.SyscallConn()
	}
	return nil, syscall.EINVAL
}

// SetWriteBuffer sets the socket's send buffer, when it has one.
func (c *conn) SetWriteBuffer(n int) error {
	if wb, ok := c.Conn.(interface{ SetWriteBuffer(int) error }); ok {
		return wb.SetWriteBuffer(n)
	}
	return nil
}

// OnClose runs f once nc is closed (at once if it already is) and reports true, when nc is a
// connection of a Listener, or fasthttp's wrapper of a hijacked one; otherwise it does
// nothing and reports false. A websocket's handler returns long before its connection ends:
// this is how what it holds (a Gate's place) is given back when the connection ends.
func OnClose(nc net.Conn, f func()) bool {
	if u, ok := nc.(interface{ UnsafeConn() net.Conn }); ok {
		nc = u.UnsafeConn()
	}
	c, ok := nc.(*conn)
	if !ok {
		return false
	}
	c.mu.Lock()
	if c.closed {
		c.mu.Unlock()
		f()
		return true
	}
	c.hooks = append(c.hooks, f)
	c.mu.Unlock()
	return true
}
