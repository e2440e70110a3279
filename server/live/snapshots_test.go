package live

import (
	"bytes"
	"encoding/json"
	"sync"
	"testing"
	"time"

	"github.com/fasthttp/websocket"

	"luot/server/internal/testenv"
	"luot/server/queue"
)

// siteFrame is a frame of a site's feed as the tests read it: an event's waiting are in
// waiting, a snapshot's in its site (snapshotOf).
type siteFrame struct {
	Type    string
	ID      string
	Waiting map[string]int
}

// snapshotOf is a snapshot frame's site, as the tests read it.
func snapshotOf(data []byte) (f struct {
	ID   string
	Site struct {
		Services []struct {
			ID      string
			Waiting int
		}
	}
}) {
	json.Unmarshal(data, &f)
	return f
}

// siteClient is one client of a site's feed.
type siteClient struct {
	conn  *websocket.Conn
	first []byte // the snapshot, as sent
}

// connect opens a site's feed (staff: its staff feed) and reads its snapshot.
func (be *boardEnv) connect(t testing.TB, site string, staff bool) (*siteClient, error) {
	url := be.sitesURL + site
	if staff {
		url += "?staff=1"
	}
	conn, _, err := websocket.DefaultDialer.Dial(url, nil)
	if err != nil {
		return nil, err
	}
	t.Cleanup(func() { conn.Close() })
	c := &siteClient{conn: conn}
	f, data, err := c.next()
	if err != nil {
		return nil, err
	}
	if f.Type != "snapshot" {
		return nil, &frameError{"first frame", data}
	}
	c.first = data
	return c, nil
}

type frameError struct {
	what string
	data []byte
}

func (e *frameError) Error() string { return e.what + ": " + string(e.data) }

// next is the client's next frame but pings.
func (c *siteClient) next() (siteFrame, []byte, error) {
	for {
		c.conn.SetReadDeadline(time.Now().Add(15 * time.Second))
		_, data, err := c.conn.ReadMessage()
		if err != nil {
			return siteFrame{}, nil, err
		}
		var f siteFrame
		if err := json.Unmarshal(data, &f); err != nil {
			return f, data, err
		}
		if f.Type != "ping" {
			return f, data, nil
		}
	}
}

// keep makes the running feed's snapshots serve for d unless an event comes.
func (be *boardEnv) keep(d time.Duration) *snapshots {
	s := be.live.snapshots.Load()
	s.mu.Lock()
	s.keep = d
	s.mu.Unlock()
	return s
}

// TestSnapshotsShared: 40 displays connecting at once to a site's public feed cost one read
// of the site and get the same snapshot; the staff feed's is its own; an event makes the
// next client read the site again, and see it.
func TestSnapshotsShared(t *testing.T) {
	be := startBoard(t, 0)
	snaps := be.keep(time.Hour) // only events make a snapshot old
	clients := make([]*siteClient, 40)
	var wg sync.WaitGroup
	errs := make(chan error, len(clients))
	for i := range clients {
		wg.Go(func() {
			c, err := be.connect(t, "centre", false)
			clients[i] = c
			errs <- err
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	if got := snaps.reads.Load(); got != 1 {
		t.Errorf("40 clients connecting at once: %d reads of the site, want 1", got)
	}
	for _, c := range clients[1:] {
		if !bytes.Equal(c.first, clients[0].first) {
			t.Fatalf("two snapshots of the same moment differ:\n%s\n%s", c.first, clients[0].first)
		}
	}
	staff, err := be.connect(t, "centre", true)
	if err != nil {
		t.Fatal(err)
	}
	if got := snaps.reads.Load(); got != 2 || bytes.Equal(staff.first, clients[0].first) {
		t.Errorf("the staff feed: %d reads (want 2), its snapshot the public one: %v", got, bytes.Equal(staff.first, clients[0].first))
	}

	be.issue(t, "centre")
	if f, data, err := clients[0].next(); err != nil || f.Waiting["ho-tich"] != 1 {
		t.Fatalf("the event: %v %s", err, data)
	}
	late, err := be.connect(t, "centre", false)
	if err != nil {
		t.Fatal(err)
	}
	if got, n := snaps.reads.Load(), waitingOf(late.first, "ho-tich"); got != 3 || n != 1 {
		t.Errorf("a client after the event: %d reads (want 3), waiting %d (want 1)", got, n)
	}
}

// waitingOf is how many wait for service in a snapshot frame (-1: no such service).
func waitingOf(snapshot []byte, service string) int {
	for _, s := range snapshotOf(snapshot).Site.Services {
		if s.ID == service {
			return s.Waiting
		}
	}
	return -1
}

// TestSnapshotsGapless: while a kiosk issues 120 tickets one after another, 30 displays
// connect in bursts of five spread over the run, sharing snapshots wherever no event came
// between; each sees every ticket exactly once: its snapshot's count, then each event one
// more, to 120.
func TestSnapshotsGapless(t *testing.T) {
	be := startBoard(t, 0)
	snaps := be.keep(time.Hour) // shared as long as no event comes: the case that could lose one
	const tickets, displays = 120, 30
	issued := make(chan struct{})
	go func() {
		defer close(issued)
		for range tickets {
			if _, err := be.env.Engine.Issue(t.Context(), testenv.Kiosk("centre"), "centre", "ho-tich", "", ""); err != nil {
				t.Errorf("issue: %v", err)
				return
			}
		}
	}()
	var wg sync.WaitGroup
	for i := range displays {
		wg.Go(func() {
			time.Sleep(time.Duration(i/5) * 40 * time.Millisecond)
			c, err := be.connect(t, "centre", false)
			if err != nil {
				t.Error(err)
				return
			}
			n, last := waitingOf(c.first, "ho-tich"), snapshotOf(c.first).ID
			for n < tickets {
				e, data, err := c.next()
				if err != nil {
					t.Errorf("display %d at %d tickets: %v", i, n, err)
					return
				}
				if e.Waiting["ho-tich"] != n+1 || queue.CompareEventIDs(e.ID, last) <= 0 {
					t.Errorf("display %d: after %d tickets (event %s) came %s", i, n, last, data)
					return
				}
				n, last = n+1, e.ID
			}
		})
	}
	wg.Wait()
	<-issued
	t.Logf("%d reads of the site for %d displays", snaps.reads.Load(), displays)
}
