package live

import (
	"bytes"
	"context"
	"encoding/json"
	"sync"
	"time"

	"luot/server/hub"
	"luot/server/queue"
)

// DefaultTicketConns is how many connections may follow one ticket at once: the citizen's
// phone, a relative's, a reload that overlaps the old page. A handful, so that an id passed
// around cannot make one ticket cost the server more than that.
const DefaultTicketConns = 4

// retryWait is how long the ticket feed waits before reading again after Redis failed it.
const retryWait = time.Second

// ticketFeed serves GET /ws/tickets/{id}: each followed ticket's changes, and a fresh place
// in the queue and wait whenever they move. The site's feed tells it (touch) which sites had
// events and which followed tickets had events of their own; its goroutine (run) then reads
// those tickets, and every followed ticket still waiting, in one round trip a site, and sends
// each follower what differs from what it has. So its cost grows with the tickets followed,
// not with the site's tickets or its other clients, and bursts of events coalesce into one
// read.
//
// Every read carries its position in the site's event log (the last event it reflects,
// store.Ticket): a follower gets a state only if it is newer than the one it has, so a read
// that raced with a newer one never takes the page back.
type ticketFeed struct {
	l    *Live
	max  int
	wake chan struct{}

	mu    sync.Mutex
	sites map[string]*siteTickets
	n     int // followers in all
}

// siteTickets are the followed tickets of one site.
type siteTickets struct {
	tickets map[string]*followed
	dirty   bool            // an event since the last read: places may have moved
	touched map[string]bool // tickets with events of their own since the last read
}

// followed is one ticket and its followers.
type followed struct {
	followers []*follower
	at        string // position of the newest state read ("" before any)
	waiting   bool   // the newest state read is waiting (its place moves with others' events)
}

// follower is one connection following a ticket, and the state it has.
type follower struct {
	conn  *liveConn
	at    string // position of the state it has ("" before its first)
	state []byte // the frame it has
}

func newTicketFeed(l *Live, max int) *ticketFeed {
	if max <= 0 {
		max = DefaultTicketConns
	}
	return &ticketFeed{l: l, max: max, wake: make(chan struct{}, 1), sites: map[string]*siteTickets{}}
}

// join makes c a follower of the ticket id of site, unless it has as many as it may.
func (t *ticketFeed) join(site, id string, c *liveConn) bool {
	t.mu.Lock()
	defer t.mu.Unlock()
	st := t.sites[site]
	if st == nil {
		st = &siteTickets{tickets: map[string]*followed{}, touched: map[string]bool{}}
		t.sites[site] = st
	}
	f := st.tickets[id]
	if f == nil {
		f = &followed{}
		st.tickets[id] = f
	}
	if len(f.followers) >= t.max {
		return false
	}
	f.followers = append(f.followers, &follower{conn: c})
	t.n++
	return true
}

// leave ends c's following of the ticket; a second call does nothing.
func (t *ticketFeed) leave(site, id string, c *liveConn) {
	t.mu.Lock()
	defer t.mu.Unlock()
	st := t.sites[site]
	if st == nil || st.tickets[id] == nil {
		return
	}
	f := st.tickets[id]
	for i, fl := range f.followers {
		if fl.conn == c {
			f.followers = append(f.followers[:i:i], f.followers[i+1:]...)
			t.n--
			break
		}
	}
	if len(f.followers) == 0 {
		delete(st.tickets, id)
		delete(st.touched, id)
	}
	if len(st.tickets) == 0 {
		delete(t.sites, site)
	}
}

// followers is how many connections follow the ticket id of site.
func (t *ticketFeed) followers(site, id string) int {
	t.mu.Lock()
	defer t.mu.Unlock()
	if st := t.sites[site]; st != nil && st.tickets[id] != nil {
		return len(st.tickets[id].followers)
	}
	return 0
}

// count is how many connections follow tickets.
func (t *ticketFeed) count() int {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.n
}

// touch notes the events of a site for the next read. It never blocks the site's feed.
func (t *ticketFeed) touch(site string, events []queue.Event) {
	t.mu.Lock()
	st := t.sites[site]
	if st != nil {
		st.dirty = true
		for i := range events {
			if tk := events[i].Ticket; tk != nil && st.tickets[tk.ID] != nil {
				st.touched[tk.ID] = true
			}
		}
	}
	t.mu.Unlock()
	if st != nil {
		select {
		case t.wake <- struct{}{}:
		default: // a read is due already
		}
	}
}

// first sends c, a new follower of the ticket id of site, its ticket, and returns the
// position from which it goes live.
func (t *ticketFeed) first(ctx context.Context, site, id string, c *liveConn, write func([]byte) bool) (string, bool) {
	ts, at, err := t.l.engine.TicketsAt(ctx, site, []string{id})
	if err != nil {
		t.l.log.Warn("ticket feed: first read", "site", site, "err", err)
		return "", false
	}
	if ts[0] == nil {
		return "", false // gone since the upgrade checked it (expired)
	}
	data, err := ticketFrame(ts[0])
	if err != nil || !write(data) {
		return "", false
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	if f := t.lookup(site, id); f != nil {
		f.newest(at[0], ts[0].Status == queue.Waiting)
		for _, fl := range f.followers {
			// a newer state sent meanwhile stays: the connection gets it once live
			if fl.conn == c && (fl.at == "" || queue.CompareEventIDs(at[0], fl.at) > 0) {
				fl.at, fl.state = at[0], data
			}
		}
	}
	return at[0], true
}

// lookup is the followed ticket id of site, or nil. Called with mu held.
func (t *ticketFeed) lookup(site, id string) *followed {
	if st := t.sites[site]; st != nil {
		return st.tickets[id]
	}
	return nil
}

// newest records a read's position and whether it is waiting, if it is the newest yet.
func (f *followed) newest(at string, waiting bool) {
	if f.at == "" || queue.CompareEventIDs(at, f.at) > 0 {
		f.at, f.waiting = at, waiting
	}
}

// run reads and sends, whenever touch has noted events, until ctx ends.
func (t *ticketFeed) run(ctx context.Context) {
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.wake:
		}
		for site, ids := range t.take() {
			if err := t.refresh(ctx, site, ids); err != nil {
				if ctx.Err() != nil {
					return
				}
				t.l.log.Warn("ticket feed: read", "site", site, "err", err)
				t.again(site, ids)
				select {
				case <-ctx.Done():
					return
				case <-time.After(retryWait):
				}
			}
		}
	}
}

// take returns, per site, the tickets to read now: those with events of their own, and,
// where the site had events, every followed ticket that waits (or whose state is not known
// yet); and clears the notes.
func (t *ticketFeed) take() map[string][]string {
	t.mu.Lock()
	defer t.mu.Unlock()
	work := map[string][]string{}
	for site, st := range t.sites {
		if !st.dirty && len(st.touched) == 0 {
			continue
		}
		var ids []string
		for id, f := range st.tickets {
			if st.touched[id] || (st.dirty && (f.waiting || f.at == "")) {
				ids = append(ids, id)
			}
		}
		st.dirty = false
		clear(st.touched)
		if len(ids) > 0 {
			work[site] = ids
		}
	}
	return work
}

// again notes tickets whose read failed, for the next round.
func (t *ticketFeed) again(site string, ids []string) {
	t.mu.Lock()
	if st := t.sites[site]; st != nil {
		for _, id := range ids {
			if st.tickets[id] != nil {
				st.touched[id] = true
			}
		}
	}
	t.mu.Unlock()
	select {
	case t.wake <- struct{}{}:
	default:
	}
}

// refresh reads tickets of a site in one round trip and sends each follower what is newer
// than, and differs from, what it has.
func (t *ticketFeed) refresh(ctx context.Context, site string, ids []string) error {
	ts, at, err := t.l.engine.TicketsAt(ctx, site, ids)
	if err != nil {
		return err
	}
	for i, id := range ids {
		if ts[i] == nil {
			continue // expired: its followers keep what they have
		}
		data, err := ticketFrame(ts[i])
		if err != nil {
			t.l.log.Error("ticket feed: encode", "site", site, "err", err)
			continue
		}
		t.send(site, id, at[i], ts[i].Status == queue.Waiting, data)
	}
	return nil
}

// send hands the state of a ticket at position at to each follower that has an older one
// that differs. A follower that cannot take it is ending (liveConn.Deliver).
func (t *ticketFeed) send(site, id, at string, waiting bool, data []byte) {
	t.mu.Lock()
	defer t.mu.Unlock()
	f := t.lookup(site, id)
	if f == nil {
		return
	}
	f.newest(at, waiting)
	var m *hub.Message
	for _, fl := range f.followers {
		if fl.at != "" && queue.CompareEventIDs(at, fl.at) <= 0 {
			continue
		}
		fl.at = at
		if bytes.Equal(fl.state, data) {
			continue
		}
		fl.state = data
		if m == nil {
			m = &hub.Message{ID: at, Data: data}
		}
		fl.conn.Deliver([]*hub.Message{m})
	}
}

// ticketFrame is the frame of a ticket's state: {"type":"ticket","ticket":{…}}.
func ticketFrame(tk *queue.Ticket) ([]byte, error) {
	return json.Marshal(struct {
		Type   string        `json:"type"`
		Ticket *queue.Ticket `json:"ticket"`
	}{"ticket", tk})
}
