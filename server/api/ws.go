package api

import (
	"context"
	"encoding/json"
	"time"

	"github.com/gofiber/contrib/websocket"
	"github.com/gofiber/fiber/v2"

	"luot/server/hub"
	"luot/server/queue"
	"luot/server/store"
)

// Timing of the live feed.
const (
	pingEvery = 25 * time.Second // the contract asks for a ping at least every 30 s
	writeWait = 10 * time.Second
	readWait  = 75 * time.Second // a client silent longer than this (no pong) is gone
	maxReplay = 10_000           // events replayed at most; older clients get a snapshot
)

var pingFrame = []byte(`{"type":"ping"}`)

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
// event that happens meanwhile is queued, and it skips events the snapshot or replay already
// covered: nothing is missed, nothing is sent twice.
func (s *Server) wsHandler() fiber.Handler {
	return websocket.New(func(conn *websocket.Conn) {
		site := conn.Params("site")
		since, _ := conn.Locals("since").(string)
		sub := s.Hub.Subscribe(site)
		defer sub.Close()
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()

		go func() { // the reader: answers pongs, notices the client leaving
			defer cancel()
			conn.SetReadLimit(4096)
			conn.SetReadDeadline(time.Now().Add(readWait))
			conn.SetPongHandler(func(string) error { return conn.SetReadDeadline(time.Now().Add(readWait)) })
			for {
				if _, _, err := conn.ReadMessage(); err != nil {
					return
				}
				conn.SetReadDeadline(time.Now().Add(readWait))
			}
		}()

		write := func(data []byte) bool {
			conn.SetWriteDeadline(time.Now().Add(writeWait))
			return conn.WriteMessage(websocket.TextMessage, data) == nil
		}
		last, ok := s.catchUp(ctx, site, since, write)
		if !ok {
			conn.WriteControl(websocket.CloseMessage, websocket.FormatCloseMessage(websocket.CloseTryAgainLater, "unavailable"), time.Now().Add(time.Second))
			return
		}
		ping := time.NewTicker(pingEvery)
		defer ping.Stop()
		for {
			select {
			case m := <-sub.C():
				if m.ID != "" && store.CompareIDs(m.ID, last) <= 0 {
					continue
				}
				if !write(m.Data) {
					return
				}
				last = m.ID
			case <-sub.Done():
				// too slow: close, the client resumes with since and misses nothing
				conn.WriteControl(websocket.CloseMessage, websocket.FormatCloseMessage(websocket.CloseTryAgainLater, "slow"), time.Now().Add(time.Second))
				return
			case <-ping.C:
				if !write(pingFrame) {
					return
				}
				conn.WriteControl(websocket.PingMessage, nil, time.Now().Add(writeWait))
			case <-ctx.Done():
				return
			}
		}
	})
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

// Feed follows every site's event log and publishes each event to the hub, encoded once for
// all of its clients. It runs until ctx ends.
func (s *Server) Feed(ctx context.Context) {
	org := s.Engine.Org()
	sites := make([]string, len(org.Sites))
	for i, site := range org.Sites {
		sites[i] = site.ID
	}
	s.Store.Follow(ctx, sites, s.Log, func(e queue.Event) {
		data, err := s.encodeEvent(&e)
		if err != nil {
			s.Log.Error("encode event", "site", e.Site, "id", e.ID, "err", err)
			return
		}
		s.metrics.waiting(e.Site, e.Waiting)
		s.Hub.Publish(hub.Message{Site: e.Site, ID: e.ID, Data: data})
	})
}
