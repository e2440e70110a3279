package live

import (
	"context"
	"strings"
	"sync"
	"time"

	"github.com/gofiber/contrib/websocket"
	"github.com/gofiber/fiber/v2"
)

// Timing of the live feeds.
const (
	pingEvery = 25 * time.Second // the contract asks for a ping at least every 30 s
	writeWait = 10 * time.Second
	readWait  = 75 * time.Second // a client silent longer than this (no pong) is gone

	catchUpWait = 30 * time.Second // the snapshot or replay of a new client, at most
	maxInbound  = 64 << 10         // bytes a client may send between two pings (pongs: a few)
)

// MaxReplay is how many events a client's since= may be behind and still get them replayed:
// further behind (a display off for hours at a busy centre), a fresh snapshot serves it as
// well and costs less. The bound is checked before any event is read (store.Replay), so a
// since=0-0 costs at most this many events, whatever the length of the log.
const MaxReplay = 1000

// Buffers of a live connection: clients send only pongs and closes, so the read buffer is
// small; events go out encoded once by the feed, framed into a pooled buffer as they are
// written, and the snapshot and replay borrow one from a pool. At 5,000 clients this keeps memory per connection low.
const (
	wsReadBuffer  = 64 // unused once live: what a client sends is read raw and discarded (liveConn.serve)
	wsWriteBuffer = 4096
)

// closeCodes are the close frames of the ends a client is told about: try again later (with
// since) after an outage, a drop for slowness or a ticket followed by too many; a policy
// violation for a client silent past readWait or sending what no display sends. A client
// that left is told nothing.
var closeCodes = map[string]int{
	endServer: websocket.CloseTryAgainLater,
	endSlow:   websocket.CloseTryAgainLater,
	endFull:   websocket.CloseTryAgainLater,
	endSilent: websocket.ClosePolicyViolation,
	endFlood:  websocket.ClosePolicyViolation,
}

var (
	pingFrame   = []byte(`{"type":"ping"}`)
	pingControl = []byte{0x89, 0} // a websocket ping with no payload (RFC 6455 §5.5.2)
)

// Request is the feed an upgrade handler grants a connection, once it has checked who asks
// (server/api): a site's feed for an audience, from since (a valid stream id, or ""), the
// feed of one ticket, or the province board of the sites the viewer may see.
type Request struct {
	Site     string
	Audience Audience
	Since    string
	Ticket   string // the ticket feed's ticket; Site is then the ticket's site
	// Board asks for the province board (/ws/board) of Sites, the viewer's, in order.
	Board bool
	Sites []string
}

const requestKey = "live.request"

// Grant hands r to Handler, the next handler of the route.
func Grant(c *fiber.Ctx, r Request) error {
	// strings of a request (its path's parameters) live in fasthttp's buffers, which the
	// next request reuses: the connection outlives them and keys maps with them (a board's
	// scope by its sites, too)
	r.Site, r.Since, r.Ticket = strings.Clone(r.Site), strings.Clone(r.Since), strings.Clone(r.Ticket)
	sites := make([]string, len(r.Sites))
	for i, s := range r.Sites {
		sites[i] = strings.Clone(s)
	}
	r.Sites = sites
	c.Locals(requestKey, r)
	return c.Next()
}

// Handler serves the websocket of a request that Grant let through: a site's feed (a
// snapshot, or the replay of the events after since, then live events in order, and pings),
// a ticket's (the ticket, then its changes) or the board's (every row of the viewer's sites,
// then the rows that change, Board). It subscribes before reading Redis, so an
// event that happens meanwhile is kept, and skips what the snapshot or replay already
// covered: nothing is missed, nothing is sent twice. Once live, the hub's workers (or the
// ticket feed) write the events to the socket themselves (liveConn); the handler's
// goroutine pings and listens.
func (l *Live) Handler() fiber.Handler {
	ping := [][]byte{textFrame(pingFrame), pingControl}
	cfg := websocket.Config{ReadBufferSize: wsReadBuffer, WriteBufferSize: wsWriteBuffer, WriteBufferPool: &sync.Pool{}}
	return websocket.New(func(conn *websocket.Conn) {
		r, _ := conn.Locals(requestKey).(Request)
		lc := newLiveConn(conn.NetConn(), l.hub.QueueSize())
		var leave func()
		var catchUp func(ctx context.Context, write func([]byte) bool) (string, bool)
		switch {
		case r.Board:
			sc := l.board.join(r.Sites)
			sub := l.hub.SubscribeSink(sc.topic, lc)
			leave = sync.OnceFunc(func() { sub.Close(); l.board.leave(sc) })
			catchUp = func(ctx context.Context, write func([]byte) bool) (string, bool) {
				return l.board.snapshot(ctx, sc, write)
			}
		case r.Ticket != "":
			if !l.tickets.join(r.Site, r.Ticket, lc) {
				closeWith(conn, endFull)
				return
			}
			leave = func() { l.tickets.leave(r.Site, r.Ticket, lc) }
			catchUp = func(ctx context.Context, write func([]byte) bool) (string, bool) {
				return l.tickets.first(ctx, r.Site, r.Ticket, lc, write)
			}
		default:
			sub := l.hub.SubscribeSink(topic(r.Site, r.Audience), lc)
			leave = sub.Close
			catchUp = func(ctx context.Context, write func([]byte) bool) (string, bool) {
				return l.catchUp(ctx, r, write)
			}
		}
		defer leave()

		write := func(data []byte) bool {
			conn.SetWriteDeadline(time.Now().Add(writeWait))
			return conn.WriteMessage(websocket.TextMessage, data) == nil
		}
		// The snapshot or replay runs on a goroutine of its own: JSON and Redis need a deep
		// stack, which this long-lived goroutine would otherwise keep for the connection's
		// life (8 KB where 2 do).
		var last string
		var ok bool
		done := make(chan struct{})
		go func() {
			defer close(done)
			ctx, cancel := context.WithTimeout(context.Background(), catchUpWait)
			defer cancel()
			last, ok = catchUp(ctx, write)
		}()
		<-done
		reason := endServer
		if ok && lc.goLive(last) {
			reason = lc.serve(ping)
		} else if ok {
			reason = endSlow
		}
		clean := lc.stop(reason)
		leave()
		if clean {
			closeWith(conn, reason) // mid-frame a close frame would be garbage; the client reconnects anyway
		}
	}, cfg)
}

// closeWith tells the client why the connection ends, when it is one of closeCodes.
func closeWith(conn *websocket.Conn, reason string) {
	if code, ok := closeCodes[reason]; ok {
		conn.WriteControl(websocket.CloseMessage, websocket.FormatCloseMessage(code, reason), time.Now().Add(time.Second))
	}
}
