package live

import (
	"context"
	"encoding/json"
	"sync"
	"sync/atomic"
	"time"

	"luot/config"
)

// snapshotFresh is how long a snapshot serves the clients that connect after it when no event
// of its site comes: what time alone changes (the site opening, a wait's estimate passing
// closing time) is at most this old, as on the board.
const snapshotFresh = time.Second

// snapshots keeps, per site and audience, the first frame of a client of the site's feed
// ("snapshot"): read from Redis and encoded once for every client that connects before the
// site's next event, or within snapshotFresh. A reconnect storm (every screen of a hall
// after a restart or a network cut) then costs one read of the site, not one per client,
// and a connecting client allocates nothing of its own for it.
//
// It stays gapless because the feed forgets a site's snapshots (forget) before it publishes
// the site's events to the hub, and a client subscribes before it asks for one: an event its
// subscription missed was published before it subscribed, so forgotten before it asked, and
// the snapshot it gets was read after that event. The clients already waiting for a read
// that an event overtakes still get it: they subscribed before the read began, so the hub
// brings them the event, and the snapshot's id tells their connection what to skip.
// Snapshots serve only while the feed that forgets them reads every stream (ready): before,
// an event could pass unseen, and each client reads its own.
type snapshots struct {
	mu     sync.Mutex
	ready  bool
	frames map[snapKey]*snapshot // at most two a site: bounded by the organisation
	keep   time.Duration         // snapshotFresh (tests: longer, to see what events do)
	reads  atomic.Int64
}

type snapKey struct {
	site string
	aud  Audience
}

// snapshot is one read of a site for an audience, shared by the clients that ask while it
// is fresh; done is closed once it is read.
type snapshot struct {
	done chan struct{}
	org  *config.Org // the organisation it was read under: a reload renames
	wall time.Time   // when its read began
	at   time.Time   // the engine's time then (a test's clock may jump)
	data []byte
	last string
	err  error
}

func newSnapshots() *snapshots {
	return &snapshots{frames: map[snapKey]*snapshot{}, keep: snapshotFresh}
}

// forget drops a site's snapshots: its events are about to be published.
func (s *snapshots) forget(site string) {
	s.mu.Lock()
	delete(s.frames, snapKey{site, Public})
	delete(s.frames, snapKey{site, Staff})
	s.mu.Unlock()
}

// setReady notes that the feed reads every stream: from now on it forgets what changes.
func (s *snapshots) setReady() {
	s.mu.Lock()
	s.ready = true
	s.mu.Unlock()
}

// fresh reports whether sn may serve a client asking at now under org for keep after it.
func (sn *snapshot) fresh(org *config.Org, now time.Time, keep time.Duration) bool {
	age := now.Sub(sn.at)
	return sn.org == org && time.Since(sn.wall) < keep && age >= 0 && age < keep
}

// get returns the snapshot frame of k and the id of the last event it reflects: a fresh one
// if there is one (waiting for its read if it is under way), or one read with read.
func (s *snapshots) get(ctx context.Context, k snapKey, org *config.Org, now time.Time,
	read func(ctx context.Context) ([]byte, string, error)) ([]byte, string, error) {
	s.mu.Lock()
	if !s.ready {
		s.mu.Unlock()
		s.reads.Add(1)
		return read(ctx)
	}
	if sn := s.frames[k]; sn != nil && sn.fresh(org, now, s.keep) {
		s.mu.Unlock()
		select {
		case <-sn.done:
			return sn.data, sn.last, sn.err
		case <-ctx.Done():
			return nil, "", ctx.Err()
		}
	}
	sn := &snapshot{done: make(chan struct{}), org: org, wall: time.Now(), at: now}
	s.frames[k] = sn
	s.mu.Unlock()
	s.reads.Add(1)
	sn.data, sn.last, sn.err = read(ctx)
	close(sn.done)
	if sn.err != nil { // the next client reads again
		s.mu.Lock()
		if s.frames[k] == sn {
			delete(s.frames, k)
		}
		s.mu.Unlock()
	}
	return sn.data, sn.last, sn.err
}

// snapshotFrame reads a site's state and encodes it for an audience as the first frame of its
// feed, {"type": "snapshot", "id", "site"}, with the id of the last event it reflects.
func (l *Live) snapshotFrame(ctx context.Context, site string, aud Audience) ([]byte, string, error) {
	v, err := l.engine.Site(ctx, site)
	if err != nil {
		return nil, "", err
	}
	var body any = v
	if aud != Staff {
		body = ProjectSite(l.engine.Org().Site(site), v)
	}
	data, err := json.Marshal(struct {
		Type string `json:"type"`
		ID   string `json:"id"`
		Site any    `json:"site"`
	}{"snapshot", v.LastEvent, body})
	return data, v.LastEvent, err
}
