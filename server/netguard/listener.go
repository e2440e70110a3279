package netguard

import (
	"bytes"
	"errors"
	"log/slog"
	"net"
	"net/netip"
	"strconv"
	"sync"
	"syscall"
	"time"
)

// Options are the caps of a Listener.
type Options struct {
	// MaxConns caps the open connections in all; MaxConnsPerIP those of one address. A
	// connection past either is answered at once with a short error and closed.
	MaxConns, MaxConnsPerIP int
	// Exempt are addresses not capped per address: the trusted proxies, each of whose
	// connections carries many clients, and Loopback.
	Exempt []netip.Prefix
	// Log receives a line when a cap is reached or accept fails (at most one every 10 s).
	Log *slog.Logger
}

// Listener is a net.Listener that caps connections and survives running out of file
// descriptors. fasthttp's accept loop ends the server on any accept error that is not a
// timeout, and EMFILE ("too many open files") is not one: a client holding thousands of idle
// connections could stop the whole service. Here such errors are waited out, with backoff,
// and never reach fasthttp; the caps, below the open-file limit (see CapToFileLimit), keep
// connections from exhausting descriptors in the first place.
type Listener struct {
	net.Listener
	opts Options
	done chan struct{}
	once sync.Once

	mu     sync.Mutex
	total  int
	byAddr map[netip.Addr]int
	warned time.Time // of the last log line
	quiet  int       // events since that were not logged

	refusing chan struct{} // a place per refusal being answered (refuseAtOnce)
}

// Listen wraps ln with the caps of opts (a cap of 0 is no cap).
func Listen(ln net.Listener, opts Options) *Listener {
	if opts.Log == nil {
		opts.Log = slog.New(slog.DiscardHandler)
	}
	return &Listener{Listener: ln, opts: opts, done: make(chan struct{}), byAddr: map[netip.Addr]int{},
		refusing: make(chan struct{}, refuseAtOnce)}
}

// Accept returns the next connection within the caps. Connections past a cap are refused
// here; errors that pass (descriptors or buffers exhausted) are retried after a pause of 5 ms
// doubling to 1 s, so that the descriptors held by idle connections can be freed by their
// timeouts meanwhile. Only a closed listener or a lasting error ends it.
func (l *Listener) Accept() (net.Conn, error) {
	var pause time.Duration
	for {
		c, err := l.Listener.Accept()
		if err != nil {
			if !passing(err) {
				return nil, err
			}
			pause = min(max(2*pause, 5*time.Millisecond), time.Second)
			l.warn("accept failed; retrying", "err", err, "retry_in", pause)
			select {
			case <-l.done:
				return nil, net.ErrClosed
			case <-time.After(pause):
			}
			continue
		}
		pause = 0
		if gc, ok := l.admit(c); ok {
			return gc, nil
		}
	}
}

// Close closes the listener and ends a pause of Accept.
func (l *Listener) Close() error {
	l.once.Do(func() { close(l.done) })
	return l.Listener.Close()
}

// Open returns the connections open now, in all.
func (l *Listener) Open() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.total
}

// passing reports whether an accept error is one that goes away by itself: a process or
// system out of descriptors or memory, or a connection that ended before it was accepted.
func passing(err error) bool {
	if errors.Is(err, net.ErrClosed) {
		return false
	}
	var ne net.Error
	if errors.As(err, &ne) && ne.Timeout() {
		return true
	}
	for _, e := range []error{syscall.EMFILE, syscall.ENFILE, syscall.ENOBUFS, syscall.ENOMEM,
		syscall.ECONNABORTED, syscall.ECONNRESET, syscall.EINTR, syscall.EAGAIN, syscall.EPROTO, syscall.EPERM} {
		if errors.Is(err, e) {
			return true
		}
	}
	return false
}

// Refusals are written to a connection past a cap before it is closed, in the contract's
// error shape (the caller's language is not known yet: Vietnamese, with English in detail).
var (
	refuseAddr = []byte("HTTP/1.1 429 Too Many Requests\r\nContent-Type: application/json\r\nRetry-After: 10\r\nConnection: close\r\nContent-Length: " +
		bodyLen(addrBody) + "\r\n\r\n" + addrBody)
	refuseAll = []byte("HTTP/1.1 503 Service Unavailable\r\nContent-Type: application/json\r\nRetry-After: 10\r\nConnection: close\r\nContent-Length: " +
		bodyLen(allBody) + "\r\n\r\n" + allBody)
)

const (
	addrBody = `{"error":{"code":"too_many_connections","message":"Quá nhiều kết nối từ địa chỉ của bạn, vui lòng thử lại sau ít phút","detail":"too many connections from your address"}}`
	allBody  = `{"error":{"code":"unavailable","message":"Hệ thống đang quá tải, vui lòng thử lại sau ít phút","detail":"the server has all the connections it can take"}}`
)

// admit counts a new connection in, or refuses it past a cap.
func (l *Listener) admit(c net.Conn) (net.Conn, bool) {
	addr := addrOf(c.RemoteAddr())
	capped := addr.IsValid() && l.opts.MaxConnsPerIP > 0 && !Within(l.opts.Exempt, addr)
	l.mu.Lock()
	full := l.opts.MaxConns > 0 && l.total >= l.opts.MaxConns
	over := !full && capped && l.byAddr[addr] >= l.opts.MaxConnsPerIP
	if !full && !over {
		l.total++
		if capped {
			l.byAddr[addr]++
		}
	}
	l.mu.Unlock()
	if full || over {
		refuse := refuseAddr
		if full {
			refuse = refuseAll
		}
		l.refuse(c, refuse)
		if full {
			l.warn("connection refused: the server is at LUOT_MAX_CONNS", "max_conns", l.opts.MaxConns)
		} else {
			l.warn("connection refused: its address is at LUOT_MAX_CONNS_PER_IP", "addr", addr.String(), "max_conns_per_ip", l.opts.MaxConnsPerIP)
		}
		return nil, false
	}
	gc := &conn{Conn: c, l: l}
	if capped {
		gc.addr = addr
	}
	return gc, true
}

// Refusing takes a little care so that the client reads the answer: written before the
// request arrives, an HTTP client takes it for a stray answer on an idle connection; closed
// with the request unread, the kernel resets the connection and the answer is lost. So a
// refused connection's request head is read first (briefly, a bounded number at a time, on
// goroutines of their own so that accepting goes on), then the answer written and the
// connection closed once the client has it. Past refuseAtOnce such connections are closed
// at once: a flood gets no answer, as it would get none from a full accept queue.
const (
	refuseAtOnce = 64
	refuseWait   = 500 * time.Millisecond
)

// refuse answers c with msg and closes it (see refuseAtOnce).
func (l *Listener) refuse(c net.Conn, msg []byte) {
	select {
	case l.refusing <- struct{}{}:
	default:
		_ = c.Close()
		return
	}
	go func() {
		defer func() { <-l.refusing }()
		defer c.Close()
		_ = c.SetDeadline(time.Now().Add(refuseWait))
		readHead(c)
		_ = c.SetDeadline(time.Now().Add(refuseWait)) // the read may have used it all
		if _, err := c.Write(msg); err != nil {
			return
		}
		if cw, ok := c.(interface{ CloseWrite() error }); ok {
			_ = cw.CloseWrite()
			var sink [512]byte
			for { // until the client closes (it has read the answer) or the deadline
				if _, err := c.Read(sink[:]); err != nil {
					return
				}
			}
		}
	}()
}

// readHead reads what a client sends until the end of a request head, at most 8 KB, or
// until the connection's deadline.
func readHead(c net.Conn) {
	var buf [8 << 10]byte
	n := 0
	for n < len(buf) {
		m, err := c.Read(buf[n:])
		n += m
		if err != nil || bytes.Contains(buf[max(0, n-m-3):n], []byte("\r\n\r\n")) {
			return
		}
	}
}

// release counts a closed connection out.
func (l *Listener) release(addr netip.Addr) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.total--
	if addr.IsValid() {
		if n := l.byAddr[addr] - 1; n > 0 {
			l.byAddr[addr] = n
		} else {
			delete(l.byAddr, addr)
		}
	}
}

// warn logs at most one line every 10 seconds, with the number of events not logged since:
// a flood must not become a flood of log lines.
func (l *Listener) warn(msg string, args ...any) {
	l.mu.Lock()
	now := time.Now()
	if now.Sub(l.warned) < 10*time.Second {
		l.quiet++
		l.mu.Unlock()
		return
	}
	quiet := l.quiet
	l.warned, l.quiet = now, 0
	l.mu.Unlock()
	l.opts.Log.Warn(msg, append(args, "similar_since_last_line", quiet)...)
}

func addrOf(a net.Addr) netip.Addr {
	if ta, ok := a.(*net.TCPAddr); ok {
		if ip, ok := netip.AddrFromSlice(ta.IP); ok {
			return ip.Unmap()
		}
	}
	return netip.Addr{}
}

func bodyLen(s string) string { return strconv.Itoa(len(s)) }
