package api

import (
	"context"
	"encoding/json"
	"time"

	"github.com/gofiber/contrib/websocket"
	"github.com/gofiber/fiber/v2"

	"luot/config"
	"luot/server/hub"
	"luot/server/live"
	"luot/server/queue"
)

// boardFlush is how often the live board sends the rows of the sites that had events.
const boardFlush = time.Second

// boardUpgrade lets only an admin or a supervisor open the live board.
func (a *adminArea) boardUpgrade(c *fiber.Ctx) error {
	who := actor(c)
	if !websocket.IsWebSocketUpgrade(c) {
		return fiber.ErrUpgradeRequired
	}
	// a page of another origin may not open the board with the user's session
	if err := sameOrigin(c); err != nil {
		return err
	}
	c.Locals("board_actor", who)
	return c.Next()
}

// boardMessage is a frame of /ws/board: "board" (every site, first) or "update" (the sites
// that changed), or "ping".
type boardMessage struct {
	Type  string           `json:"type"`
	At    time.Time        `json:"at"`
	Sites []queue.BoardRow `json:"sites"`
}

// boardSocket serves /ws/board: the rows of every site the user may watch, then the rows of
// sites as their events arrive (subscribed to each site's feed on the hub) and as time makes
// a wait pass its target, and pings. A client that lost the connection reconnects and gets
// the whole board again, so it misses nothing.
func (a *adminArea) boardSocket() fiber.Handler {
	return websocket.New(func(conn *websocket.Conn) {
		who, _ := conn.Locals("board_actor").(queue.Actor)
		b := a.newBoardLoop(conn, who.Visible(a.Engine.Org()))
		defer b.close()
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		go b.read(cancel)
		if b.snapshot(ctx) {
			b.run(ctx)
		}
	})
}

// newBoardLoop subscribes a board connection to the hub's feed of each of its sites.
func (a *adminArea) newBoardLoop(conn *websocket.Conn, sites []*config.Site) *boardLoop {
	b := &boardLoop{area: a, conn: conn, sites: sites, subs: make(map[string]*hub.Subscription, len(sites)),
		last: map[string]queue.BoardRow{}}
	for _, s := range sites {
		b.subs[s.ID] = a.Hub.Subscribe(s.ID)
	}
	return b
}

// close ends the connection's subscriptions.
func (b *boardLoop) close() {
	for _, sub := range b.subs {
		sub.Close()
	}
}

// read is the connection's reader: it takes pongs and notices the client leaving (done).
func (b *boardLoop) read(done func()) {
	defer done()
	conn := b.conn
	conn.SetReadLimit(4096)
	conn.SetReadDeadline(time.Now().Add(live.ReadWait))
	conn.SetPongHandler(func(string) error { return conn.SetReadDeadline(time.Now().Add(live.ReadWait)) })
	for {
		if _, _, err := conn.ReadMessage(); err != nil {
			return
		}
		conn.SetReadDeadline(time.Now().Add(live.ReadWait))
	}
}

// send writes one frame, and reports whether the client took it.
func (b *boardLoop) send(m boardMessage) bool {
	data, err := json.Marshal(m)
	if err != nil {
		return false
	}
	b.conn.SetWriteDeadline(time.Now().Add(live.WriteWait))
	return b.conn.WriteMessage(websocket.TextMessage, data) == nil
}

// snapshot sends the whole board, first; Redis unavailable closes with "try again later".
func (b *boardLoop) snapshot(ctx context.Context) bool {
	rows, err := b.area.Engine.BoardRows(ctx, b.sites)
	if err != nil {
		b.area.Log.Warn("board snapshot", "err", err)
		b.conn.WriteControl(websocket.CloseMessage, websocket.FormatCloseMessage(websocket.CloseTryAgainLater, "unavailable"), time.Now().Add(time.Second))
		return false
	}
	for _, r := range rows {
		b.last[r.ID] = r
	}
	return b.send(boardMessage{Type: "board", At: b.area.Engine.Now(), Sites: rows})
}

// run sends the rows that changed (of the sites with events, every boardFlush; of every
// site, every boardEvery) and pings, until the client leaves or stops taking frames.
func (b *boardLoop) run(ctx context.Context) {
	flush := time.NewTicker(boardFlush)
	defer flush.Stop()
	full := time.NewTicker(b.area.boardEvery)
	defer full.Stop()
	ping := time.NewTicker(live.PingEvery)
	defer ping.Stop()
	for {
		var changed []queue.BoardRow
		select {
		case <-ctx.Done():
			return
		case <-flush.C:
			changed = b.update(ctx, b.dirty())
		case <-full.C:
			b.dirty() // drained: every site is read anyway
			changed = b.update(ctx, b.sites)
		case <-ping.C:
			if !b.send(boardMessage{Type: "ping", At: b.area.Engine.Now()}) {
				return
			}
			b.conn.WriteControl(websocket.PingMessage, nil, time.Now().Add(live.WriteWait))
		}
		if len(changed) > 0 && !b.send(boardMessage{Type: "update", At: b.area.Engine.Now(), Sites: changed}) {
			return
		}
	}
}

// boardLoop is the state of one live board connection.
type boardLoop struct {
	area  *adminArea
	conn  *websocket.Conn
	sites []*config.Site
	subs  map[string]*hub.Subscription
	last  map[string]queue.BoardRow
}

// dirty drains the subscriptions and returns the sites that had events. A subscription the
// hub dropped for slowness is renewed and its site counted as changed.
func (b *boardLoop) dirty() []*config.Site {
	var out []*config.Site
	for _, s := range b.sites {
		sub, changed := b.subs[s.ID], false
	drain:
		for {
			select {
			case <-sub.C():
				changed = true
			case <-sub.Done():
				sub.Close()
				b.subs[s.ID] = b.area.Hub.Subscribe(s.ID)
				changed = true
				break drain
			default:
				break drain
			}
		}
		if changed {
			out = append(out, s)
		}
	}
	return out
}

// update reads the rows of sites and returns those that differ from what the client has.
func (b *boardLoop) update(ctx context.Context, sites []*config.Site) []queue.BoardRow {
	var out []queue.BoardRow
	for _, s := range sites {
		r, err := b.area.Engine.BoardRow(ctx, s)
		if err != nil {
			b.area.Log.Warn("board row", "site", s.ID, "err", err)
			continue
		}
		if old, ok := b.last[s.ID]; ok && sameRow(old, r) {
			continue
		}
		b.last[s.ID] = r
		out = append(out, r)
	}
	return out
}

// sameRow reports whether two rows show the same thing.
func sameRow(x, y queue.BoardRow) bool {
	a, _ := json.Marshal(x)
	b, _ := json.Marshal(y)
	return string(a) == string(b)
}
