package api

import (
	"context"
	"encoding/json"
	"sync"
	"time"

	"github.com/gofiber/contrib/websocket"
	"github.com/gofiber/fiber/v2"

	"luot/server/hub"
	"luot/server/queue"
	"luot/server/ready"
)

// Timing of the live feed.
const (
	pingEvery = 25 * time.Second // the contract asks for a ping at least every 30 s
	writeWait = 10 * time.Second
	readWait  = 75 * time.Second // a client silent longer than this (no pong) is gone
	maxReplay = 10_000           // events replayed at most; older clients get a snapshot

	catchUpWait = 30 * time.Second // the snapshot or replay of a new client, at most
	maxInbound  = 64 << 10         // bytes a client may send between two pings (pongs: a few)
)

// Buffers of a live connection: clients send only pongs and closes, so the read buffer is
// small; events go out as frames made once by the feed and need no buffer, and the snapshot
// and replay borrow one from a pool. At 5,000 clients this keeps memory per connection low.
const (
	wsReadBuffer  = 64 // unused once live: what a client sends is read raw and discarded (liveConn.serve)
	wsWriteBuffer = 4096
)

// closeCodes are the close frames of the ends a client is told about: try again later (with
// since) after an outage or a drop for slowness; a policy violation for a client silent past
// readWait or sending what no display sends. A client that left is told nothing.
var closeCodes = map[string]int{
	endServer: websocket.CloseTryAgainLater,
	endSlow:   websocket.CloseTryAgainLater,
	endSilent: websocket.ClosePolicyViolation,
	endFlood:  websocket.ClosePolicyViolation,
}

var (
	pingFrame   = []byte(`{"type":"ping"}`)
	pingControl = []byte{0x89, 0} // a websocket ping with no payload (RFC 6455 §5.5.2)
)

// wsUpgrade refuses non-websocket requests and unknown sites before upgrading.
func (s *Server) wsUpgrade(c *fiber.Ctx) error {
	if s.Engine.Org().Site(c.Params("site")) == nil {
		return queue.Fail(queue.ErrNotFound, "unknown_site", "no such site")
	}
	if !websocket.IsWebSocketUpgrade(c) {
		return fiber.ErrUpgradeRequired
	}
	c.Locals("since", c.Query("since"))
	return c.Next()
}

// wsHandler serves /ws/sites/{site}: a snapshot (or the replay of the events after since),
// then live events in order, and pings. It subscribes to the hub before reading Redis, so an
// event that happens meanwhile is kept, and it skips events the snapshot or replay already
// covered: nothing is missed, nothing is sent twice. Once live, the hub's workers write the
// events to the socket themselves (liveConn); the handler's goroutine pings and listens.
func (s *Server) wsHandler() fiber.Handler {
	ping := [][]byte{textFrame(pingFrame), pingControl}
	cfg := websocket.Config{ReadBufferSize: wsReadBuffer, WriteBufferSize: wsWriteBuffer, WriteBufferPool: &sync.Pool{}}
	return websocket.New(func(conn *websocket.Conn) {
		site := conn.Params("site")
		since, _ := conn.Locals("since").(string)
		lc := newLiveConn(conn.NetConn(), s.Hub.QueueSize())
		sub := s.Hub.SubscribeSink(site, lc)
		defer sub.Close()

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
			last, ok = s.catchUp(ctx, site, since, write)
		}()
		<-done
		reason := endServer
		if ok && lc.goLive(last) {
			reason = lc.serve(ping)
		} else if ok {
			reason = endSlow
		}
		clean := lc.stop(reason)
		sub.Close()
		if !clean {
			return // mid-frame: a close frame now would be garbage; the client reconnects anyway
		}
		if code, ok := closeCodes[reason]; ok {
			conn.WriteControl(websocket.CloseMessage, websocket.FormatCloseMessage(code, reason), time.Now().Add(time.Second))
		}
	}, cfg)
}

// catchUp sends the replay of the events after since, or a snapshot, and returns the id of
// the last event the client now reflects.
func (s *Server) catchUp(ctx context.Context, site, since string, write func([]byte) bool) (string, bool) {
	if since != "" {
		events, ok, err := s.Store.Replay(ctx, site, since)
		if err != nil {
			s.Log.Warn("websocket replay", "site", site, "err", err)
			return "", false
		}
		if ok && len(events) <= maxReplay {
			last := since
			for i := range events {
				data, err := s.encodeEvent(&events[i])
				if err != nil || !write(data) {
					return "", false
				}
				last = events[i].ID
			}
			return last, true
		}
	}
	v, err := s.Engine.Site(ctx, site)
	if err != nil {
		s.Log.Warn("websocket snapshot", "site", site, "err", err)
		return "", false
	}
	data, err := json.Marshal(struct {
		Type string          `json:"type"`
		ID   string          `json:"id"`
		Site *queue.SiteView `json:"site"`
	}{"snapshot", v.LastEvent, v})
	if err != nil || !write(data) {
		return "", false
	}
	return v.LastEvent, true
}

// encodeEvent completes an event's counter with its configuration and encodes it once.
func (s *Server) encodeEvent(e *queue.Event) ([]byte, error) {
	s.Engine.CompleteCounter(e.Site, e.Counter)
	if e.Waiting == nil {
		e.Waiting = map[string]int{}
	}
	return json.Marshal(e)
}

// Feed follows every site's event log and publishes the events of each change to the hub,
// each encoded and framed once for all of its clients. It runs until ctx ends.
func (s *Server) Feed(ctx context.Context) {
	org := s.Engine.Org()
	sites := make([]string, len(org.Sites))
	for i, site := range org.Sites {
		sites[i] = site.ID
	}
	var msgs []hub.Message
	s.Store.Follow(ctx, sites, s.Log, func() { s.Ready.Done(ready.Feed) }, func(site string, events []queue.Event) {
		watched := s.Hub.Count(site) > 0
		now := time.Now()
		msgs = msgs[:0]
		for i := range events {
			e := &events[i]
			data, err := s.encodeEvent(e)
			if err != nil {
				s.Log.Error("encode event", "site", e.Site, "id", e.ID, "err", err)
				continue
			}
			m := hub.Message{Site: site, ID: e.ID, Data: data}
			if watched {
				m.Frame = textFrame(data) // framed once here, written as is to every client
			}
			msgs = append(msgs, m)
			s.metrics.waiting(site, e.Waiting)
			s.ops.observeLag(e.ID, now)
		}
		s.Hub.PublishBatch(site, msgs)
	})
}
