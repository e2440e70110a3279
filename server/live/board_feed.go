package live

import (
	"context"
	"encoding/json"
	"strconv"
	"strings"
	"time"

	"luot/config"
	"luot/server/hub"
)

// scope is the sites one or more followers of the board may see: an admin's are every site,
// a supervisor's theirs. Followers of the same sites share a scope, and so each frame: the
// board makes one frame a scope per tick, never one per follower.
type scope struct {
	topic string   // the hub's topic of its followers
	sites []string // in the organisation's order
	n     int      // followers
}

// BoardRows answers GET /api/v1/board for a viewer who may see sites: {"at", "sites": [row…]}
// from the shared rows, read once when nobody kept them.
func (b *Board) BoardRows(ctx context.Context, sites []*config.Site) ([]byte, error) {
	if err := b.lockEnsured(ctx, part{rows: true}); err != nil {
		return nil, err
	}
	defer b.mu.Unlock()
	ids := make([]string, len(sites))
	for i, s := range sites {
		ids[i] = s.ID
	}
	return b.frame("", b.current(), ids), nil
}

// current is the engine's time, the rows judged at it if the last judgement is a tick old or
// more (or in the future, a test's clock set back). Called with mu held.
func (b *Board) current() time.Time {
	now := b.engine.Now()
	if d := now.Sub(b.judged); d >= b.tick || d < 0 {
		b.judge(now)
	}
	return now
}

// frame encodes the rows of sites: {"type", "at", "sites"} of /ws/board, or {"at", "sites"}
// of GET /api/v1/board when typ is "". Called with mu held.
func (b *Board) frame(typ string, at time.Time, sites []string) []byte {
	stamp, _ := at.MarshalJSON()
	out := make([]byte, 0, 64+300*len(sites))
	if typ != "" {
		out = append(out, `{"type":"`...)
		out = append(out, typ...)
		out = append(out, `","at":`...)
	} else {
		out = append(out, `{"at":`...)
	}
	out = append(out, stamp...)
	out = append(out, `,"sites":[`...)
	first := true
	for _, id := range sites {
		st := b.sites[id]
		if st == nil || st.json == nil {
			continue
		}
		if !first {
			out = append(out, ',')
		}
		first = false
		out = append(out, st.json...)
	}
	return append(out, "]}"...)
}

// join makes a follower of the board of sites and returns its scope.
func (b *Board) join(sites []string) *scope {
	key := strings.Join(sites, ",")
	b.mu.Lock()
	defer b.mu.Unlock()
	sc := b.scopes[key]
	if sc == nil {
		b.scopeN++
		sc = &scope{topic: boardPrefix + strconv.Itoa(b.scopeN), sites: sites}
		b.scopes[key] = sc
	}
	sc.n++
	return sc
}

// leave ends a follower of a scope.
func (b *Board) leave(sc *scope) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if sc.n--; sc.n <= 0 {
		delete(b.scopes, strings.Join(sc.sites, ","))
		b.rowsSeen = time.Now() // kept a while for a follower that reconnects
	}
}

// versionID is the id of the board's publication v: the follower's connection skips what its
// first frame already covered, as it does a site's events.
func versionID(v uint64) string { return strconv.FormatUint(v, 10) + "-0" }

// snapshot writes a follower's first frame, every row of its scope ("board"), and returns the
// publication it reflects.
func (b *Board) snapshot(ctx context.Context, sc *scope, write func([]byte) bool) (string, bool) {
	if err := b.ensure(ctx, part{rows: true}); err != nil {
		b.log.Warn("board snapshot", "err", err)
		return "", false
	}
	b.mu.Lock()
	if b.err != nil {
		b.mu.Unlock()
		return "", false
	}
	data, last := b.frame("board", b.current(), sc.sites), versionID(b.version)
	b.mu.Unlock()
	return last, write(data)
}

// publish sends each scope with followers the rows of its sites that changed since the last
// publication ("update"), one frame a scope.
func (b *Board) publish() {
	type pub struct {
		topic string
		msg   hub.Message
	}
	var out []pub
	b.mu.Lock()
	if b.rowsOK {
		now := b.engine.Now()
		b.judge(now)
		if len(b.changed) > 0 {
			b.version++
			id := versionID(b.version)
			for _, sc := range b.scopes {
				var ids []string
				for _, s := range sc.sites {
					if b.changed[s] {
						ids = append(ids, s)
					}
				}
				if len(ids) > 0 && b.hub.Count(sc.topic) > 0 {
					out = append(out, pub{sc.topic, hub.Message{ID: id, Data: b.frame("update", now, ids)}})
				}
			}
			clear(b.changed)
		}
	}
	b.mu.Unlock()
	for _, p := range out {
		b.hub.PublishBatch(p.topic, []hub.Message{p.msg})
	}
}

// jsonOf encodes v.
func jsonOf(v any) ([]byte, error) { return json.Marshal(v) }
