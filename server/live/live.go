// Package live is the real-time path of a server instance: it follows every site's event log
// in Redis, makes each event's frame once per audience, and serves the three feeds of api.md
// ("Live events") over websockets: a site's public feed (PublicEvent: no ticket ids, no
// names), a site's staff feed (full events), and one ticket's own feed (its changes, with
// its place while it waits). Who may open which feed is decided before the upgrade, in
// server/api, which hands the connection over with Grant.
package live

import (
	"context"
	"encoding/json"
	"log/slog"
	"sync/atomic"

	"luot/server/hub"
	"luot/server/queue"
)

// Live is the real-time path of one server; create it with New and run its feed with Run.
type Live struct {
	engine    *queue.Engine
	store     EventLog
	hub       *hub.Hub
	log       *slog.Logger
	onEvent   func(e *queue.Event)
	onReading func()
	tickets   *ticketFeed
	board     *Board
	snapshots atomic.Pointer[snapshots] // the running feed's: it forgets what it publishes
}

// EventLog is what the real-time path reads of the sites' event logs (the store's Redis
// Streams): it follows them live, and replays a site's events after an id for catch-up.
type EventLog interface {
	Follow(ctx context.Context, sites []string, log *slog.Logger, reading func(), fn func(site string, events []queue.Event))
	Replay(ctx context.Context, site, since string, limit int) (events []queue.Event, ok bool, err error)
}

// Options are what Live is built from.
type Options struct {
	Engine *queue.Engine
	Store  EventLog
	Hub    *hub.Hub
	Log    *slog.Logger
	// OnEvent, if set, sees every event of every site as the feed reads it (the server's
	// metrics of queue lengths), on the feed's goroutine: it must not block.
	OnEvent func(e *queue.Event)
	// OnReading, if set, is called once each Run has read every stream's tail: from then on
	// no event is missed (the server's readiness waits for it).
	OnReading func()
	// TicketConns is how many connections may follow one ticket at once (DefaultTicketConns
	// if not positive).
	TicketConns int
	// Days reads the report figures kept per site as events happen: the transparency page's
	// (Board.Public).
	Days Days
}

// New returns the real-time path of a server.
func New(o Options) *Live {
	l := &Live{engine: o.Engine, store: o.Store, hub: o.Hub, log: o.Log, onEvent: o.OnEvent, onReading: o.OnReading}
	l.tickets = newTicketFeed(l, o.TicketConns)
	l.board = newBoard(o.Engine, o.Days, o.Hub, o.Log)
	l.snapshots.Store(newSnapshots())
	return l
}

// Board is the province board and the transparency page's figures, shared by every viewer.
func (l *Live) Board() *Board { return l.board }

// Clients is the number of live websocket clients of the feeds, the province board's
// included.
func (l *Live) Clients() int { return l.hub.Total() + l.tickets.count() }

// TicketFull reports whether a ticket is followed by as many connections as it may be: the
// upgrade handler refuses one more before upgrading (the feed refuses it again after, exactly).
func (l *Live) TicketFull(site, id string) bool {
	return l.tickets.followers(site, id) >= l.tickets.max
}

// Run follows every site's event log until ctx ends: it publishes the events of each change
// to the hub, encoded once for each audience that has clients at the site, tells the ticket
// feed which of its tickets may have changed, and the shared board which sites did.
func (l *Live) Run(ctx context.Context) {
	org := l.engine.Org()
	sites := make([]string, len(org.Sites))
	for i, site := range org.Sites {
		sites[i] = site.ID
	}
	go l.tickets.run(ctx)
	go l.board.run(ctx)
	// this feed's snapshots: a feed before it (a reload restarts it) no longer forgets them
	snaps := newSnapshots()
	l.snapshots.Store(snaps)
	reading := func() {
		snaps.setReady()
		if l.onReading != nil {
			l.onReading()
		}
	}
	l.store.Follow(ctx, sites, l.log, reading, func(site string, events []queue.Event) {
		snaps.forget(site) // before the hub has them (snapshots.go)
		l.tickets.touch(site, events)
		l.board.touch(site)
		if l.onEvent != nil {
			for i := range events {
				l.onEvent(&events[i])
			}
		}
		// nobody to tell: a client that subscribes now reads a snapshot or replay from
		// Redis, which already has these events
		for _, aud := range [...]Audience{Staff, Public} {
			if t := topic(site, aud); l.hub.Count(t) > 0 {
				l.publish(t, aud, events)
			}
		}
	})
}

// publish hands the events of one change, encoded once for an audience, to the hub's
// subscribers of its topic. The hub takes the batch over: a new one for each.
func (l *Live) publish(topic string, aud Audience, events []queue.Event) {
	msgs := make([]hub.Message, 0, len(events))
	for i := range events {
		e := &events[i]
		data, err := l.encodeFor(aud, e)
		if err != nil {
			l.log.Error("encode event", "site", e.Site, "id", e.ID, "err", err)
			continue
		}
		msgs = append(msgs, hub.Message{Site: e.Site, ID: e.ID, Data: data})
	}
	l.hub.PublishBatch(topic, msgs)
}

// encodeFor completes an event's counter with its configuration and encodes the event for
// one audience.
func (l *Live) encodeFor(aud Audience, e *queue.Event) ([]byte, error) {
	l.engine.CompleteCounter(e.Site, e.Counter)
	if e.Waiting == nil {
		e.Waiting = map[string]int{}
	}
	if aud == Staff {
		return json.Marshal(e)
	}
	return json.Marshal(ProjectEvent(l.engine.Org().Site(e.Site), e))
}

// catchUp sends the replay of the events after r.Since, or a snapshot, in r's audience, and
// returns the id of the last event the client now reflects.
func (l *Live) catchUp(ctx context.Context, r Request, write func([]byte) bool) (string, bool) {
	if r.Since != "" {
		events, ok, err := l.store.Replay(ctx, r.Site, r.Since, MaxReplay)
		if err != nil {
			l.log.Warn("websocket replay", "site", r.Site, "err", err)
			return "", false
		}
		if ok {
			last := r.Since
			for i := range events {
				data, err := l.encodeFor(r.Audience, &events[i])
				if err != nil || !write(data) {
					return "", false
				}
				last = events[i].ID
			}
			return last, true
		}
	}
	data, last, err := l.snapshots.Load().get(ctx, snapKey{r.Site, r.Audience}, l.engine.Org(), l.engine.Now(),
		func(ctx context.Context) ([]byte, string, error) { return l.snapshotFrame(ctx, r.Site, r.Audience) })
	if err != nil {
		l.log.Warn("websocket snapshot", "site", r.Site, "err", err)
		return "", false
	}
	return last, write(data)
}
