package live

import (
	"context"
	"log/slog"
	"reflect"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"luot/config"
	"luot/server/hub"
	"luot/server/queue"
	"luot/server/report"
)

// Timing of the shared board.
const (
	// BoardTick is how often the board reads the sites that had events (each at most once a
	// tick, however many events and viewers) and judges every row again in memory, so that a
	// wait passing its target turns the alert on without any event: the staleness of what
	// the board and the transparency page show is at most about a tick and a read.
	BoardTick = time.Second
	// BoardIdle is how long the board (or the transparency page's figures) stays up to date
	// after its last reader when nobody follows it live: past that, events cost nothing, and
	// the next reader waits for one full read.
	BoardIdle = 2 * time.Minute
	// boardReaders read sites at once: Redis answers one at a time, but the round trips overlap.
	boardReaders = 4
	// boardReadWait bounds one tick's reads.
	boardReadWait = 10 * time.Second
)

// Days is what the board reads of the report figures kept per site as events happen (the
// report builder): a site's day, and its total over past days.
type Days interface {
	LiveDay(ctx context.Context, site, day string, fields []string) (*report.Day, error)
	Total(ctx context.Context, site, from, to string) (*report.Agg, error)
}

// Board is the province board and the transparency page's figures of one server, kept once
// for every viewer: the live feed tells it which sites had events (touch), and once a tick
// it reads those sites — each once, however many events it had and whoever watches — and
// judges every row again in memory. GET /api/v1/board, /ws/board and GET
// /api/v1/public/sites answer from it, each viewer's rows filtered by what they may see,
// with no Redis read of their own. Each part (board, public figures) is kept only while
// someone reads or follows it (BoardIdle): otherwise events cost nothing.
type Board struct {
	engine *queue.Engine
	days   Days
	hub    *hub.Hub
	log    *slog.Logger
	tick   time.Duration
	idle   time.Duration

	build sync.Mutex // one full read at a time: the readers after an idle spell share it
	reads atomic.Int64

	mu       sync.Mutex
	org      *config.Org // the organisation the state is of
	gen      uint64      // bumped when the state is dropped: reads begun before are discarded
	sites    map[string]*siteState
	dirty    map[string]bool // sites with events since their last read
	building int             // full reads under way: events meanwhile are read again after
	err      error           // why the last read failed, until one succeeds
	rowsOK   bool            // the rows are kept (read whole once, then as events come)
	figsOK   bool            // the public figures are kept
	rowsSeen time.Time       // the last reader of the rows (wall clock)
	figsSeen time.Time
	day      string          // the local day the figures are of
	judged   time.Time       // the engine's time of the last judgement
	changed  map[string]bool // rows judged anew since the last publication
	behind   bool            // followers have rows of a state since dropped (a reload)
	version  uint64          // of the board's publications (board_feed.go)
	scopes   map[string]*scope
	scopeN   int
	public   publicBody
}

// siteState is what the board keeps of a site.
type siteState struct {
	site   *config.Site
	view   *queue.SiteView // nil until read
	oldest time.Time       // when its longest wait began (zero: nobody waits)
	row    queue.BoardRow
	json   []byte      // row, encoded; nil until judged
	today  *report.Agg // its figures of today, nil until read
	past   *report.Agg // of the month before today
}

// newBoard returns an empty board; it reads nothing until asked.
func newBoard(engine *queue.Engine, days Days, h *hub.Hub, log *slog.Logger) *Board {
	return &Board{engine: engine, days: days, hub: h, log: log, tick: BoardTick, idle: BoardIdle,
		dirty: map[string]bool{}, changed: map[string]bool{}, scopes: map[string]*scope{}}
}

// Reads is how many times the board read a site from Redis since it was made (tests and
// benchmarks: the cost does not grow with viewers).
func (b *Board) Reads() int64 { return b.reads.Load() }

// touch notes that site had events: it is read at the next tick. It never blocks the feed.
func (b *Board) touch(site string) {
	b.mu.Lock()
	if b.rowsOK || b.figsOK || b.building > 0 {
		b.dirty[site] = true
	}
	b.mu.Unlock()
}

// sync drops the state when the organisation changed (a reload). Called with mu held.
func (b *Board) sync() {
	org := b.engine.Org()
	if org == b.org {
		return
	}
	b.org = org
	b.gen++
	b.sites = make(map[string]*siteState, len(org.Sites))
	for i := range org.Sites {
		b.sites[org.Sites[i].ID] = &siteState{site: &org.Sites[i]}
	}
	b.behind = b.rowsOK && len(b.scopes) > 0
	b.rowsOK, b.figsOK, b.err = false, false, nil
	clear(b.dirty)
	clear(b.changed)
	b.public = publicBody{}
}

// localDay is the organisation's date now, YYYY-MM-DD. Called with mu held.
func (b *Board) localDay(now time.Time) string {
	return now.In(b.org.Location).Format(time.DateOnly)
}

// part is what a full read covers.
type part struct{ rows, figs bool }

// lockEnsured ensures the part p (ensure) and locks the board for reading it: the caller
// unlocks it, unless an error (the read's, or the board's own) is returned, which leaves it
// unlocked.
func (b *Board) lockEnsured(ctx context.Context, p part) error {
	if err := b.ensure(ctx, p); err != nil {
		return err
	}
	b.mu.Lock()
	if b.err != nil {
		defer b.mu.Unlock()
		return b.err
	}
	return nil
}

// ensure makes the part p up to date, with one full read of every site if it is not kept,
// and notes a reader of it.
func (b *Board) ensure(ctx context.Context, p part) error {
	if b.kept(p) {
		return nil
	}
	b.build.Lock()
	defer b.build.Unlock()
	if b.kept(p) { // another reader read it meanwhile
		return nil
	}
	b.mu.Lock()
	b.sync()
	gen, now := b.gen, b.engine.Now()
	want := part{rows: p.rows || b.rowsOK, figs: p.figs || b.figsOK}
	day := b.localDay(now)
	all := make([]*config.Site, len(b.org.Sites))
	for i := range b.org.Sites {
		all[i] = &b.org.Sites[i]
	}
	clear(b.dirty) // events from now on are read again at the next tick
	b.building++
	b.mu.Unlock()

	got, err := b.readAll(ctx, all, want, day, true)
	b.mu.Lock()
	defer b.mu.Unlock()
	b.building--
	if err != nil {
		for _, s := range all {
			b.dirty[s.ID] = true
		}
		return err
	}
	if gen != b.gen {
		return queue.ErrUnavailable // reloaded meanwhile: the next reader reads the new sites
	}
	b.apply(got, want)
	b.rowsOK, b.figsOK, b.err, b.day = want.rows, want.figs, nil, day
	if want.rows {
		b.judge(now)
		if !b.behind {
			clear(b.changed) // every follower gets these rows in its first frame
		}
		b.behind = false
	}
	return nil
}

// kept reports whether part p is kept now, and notes a reader of it.
func (b *Board) kept(p part) bool {
	b.mu.Lock()
	defer b.mu.Unlock()
	now := time.Now()
	if p.rows {
		b.rowsSeen = now
	}
	if p.figs {
		b.figsSeen = now
	}
	b.sync()
	return (!p.rows || b.rowsOK) && (!p.figs || b.figsOK)
}

// siteRead is what one read of a site found.
type siteRead struct {
	site   string
	view   *queue.SiteView
	oldest time.Time
	today  *report.Agg
	past   *report.Agg
}

// readAll reads sites, boardReaders at a time: their views, and what p needs besides; with
// past, the month before day too. It fails on the first error.
func (b *Board) readAll(ctx context.Context, sites []*config.Site, p part, day string, past bool) ([]siteRead, error) {
	out := make([]siteRead, len(sites))
	var next atomic.Int64
	var first error
	var once sync.Once
	var wg sync.WaitGroup
	for range min(boardReaders, len(sites)) {
		wg.Go(func() {
			for {
				i := int(next.Add(1) - 1)
				if i >= len(sites) || ctx.Err() != nil {
					return
				}
				r, err := b.read(ctx, sites[i], p, day, past)
				if err != nil {
					once.Do(func() { first = err })
					return
				}
				out[i] = r
			}
		})
	}
	wg.Wait()
	if first == nil && ctx.Err() != nil {
		first = ctx.Err()
	}
	return out, first
}

// dayFields are the splits of a day the figures need: the total is the sum of the hours.
var dayFields = []string{report.FieldTotal, report.FieldHour}

// read reads one site.
func (b *Board) read(ctx context.Context, site *config.Site, p part, day string, past bool) (siteRead, error) {
	b.reads.Add(1)
	r := siteRead{site: site.ID}
	var err error
	if r.view, err = b.engine.Site(ctx, site.ID); err != nil {
		return r, err
	}
	if p.rows {
		o, err := b.engine.OldestWaiting(ctx, site)
		if err != nil {
			return r, err
		}
		r.oldest = o.Site
	}
	if p.figs {
		d, err := b.days.LiveDay(ctx, site.ID, day, dayFields)
		if err != nil {
			return r, err
		}
		r.today = &d.Total
		if past {
			if r.past, err = b.monthBefore(ctx, site.ID, day); err != nil {
				return r, err
			}
		}
	}
	return r, nil
}

// monthBefore is a site's total from the first of day's month to the day before.
func (b *Board) monthBefore(ctx context.Context, site, day string) (*report.Agg, error) {
	d, err := time.Parse(time.DateOnly, day)
	if err != nil || d.Day() == 1 {
		return &report.Agg{}, err
	}
	return b.days.Total(ctx, site, d.AddDate(0, 0, 1-d.Day()).Format(time.DateOnly), d.AddDate(0, 0, -1).Format(time.DateOnly))
}

// apply keeps what reads found. Called with mu held.
func (b *Board) apply(got []siteRead, p part) {
	for _, r := range got {
		st := b.sites[r.site]
		if st == nil || r.view == nil {
			continue
		}
		st.view = r.view
		if p.rows {
			st.oldest = r.oldest
		}
		if p.figs {
			st.today = r.today
			if r.past != nil {
				st.past = r.past
			}
		}
	}
	if p.figs {
		b.public.body = nil
	}
}

// judge makes every site's row again at now, from what was read and the time (a wait
// passing its target, opening hours), and notes the rows that changed. Called with mu held.
func (b *Board) judge(now time.Time) {
	for id, st := range b.sites {
		if st.view == nil {
			continue
		}
		st.view.OpenNow = b.engine.OpenNow(st.site)
		row := queue.Judge(st.site, st.view, st.oldest, now)
		if st.json != nil && sameRow(row, st.row) {
			continue
		}
		data, err := jsonOf(row)
		if err != nil {
			b.log.Error("board row", "site", id, "err", err)
			continue
		}
		st.row, st.json = row, data
		b.changed[id] = true
	}
	b.judged = now
}

// sameRow reports whether two rows show the same thing.
func sameRow(x, y queue.BoardRow) bool {
	if x.OldestIssuedAt == nil || y.OldestIssuedAt == nil {
		if x.OldestIssuedAt != y.OldestIssuedAt {
			return false
		}
	} else if !x.OldestIssuedAt.Equal(*y.OldestIssuedAt) {
		return false
	}
	x.OldestIssuedAt, y.OldestIssuedAt = nil, nil
	if !slices.Equal(x.Unserved, y.Unserved) {
		return false
	}
	x.Unserved, y.Unserved = nil, nil
	return reflect.DeepEqual(x, y)
}

// run keeps the board until ctx ends: once a tick it reads the sites that had events and
// publishes the rows that changed to the board's followers.
func (b *Board) run(ctx context.Context) {
	t := time.NewTicker(b.tick)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			b.refresh(ctx)
		}
	}
}

// refresh is one tick.
func (b *Board) refresh(ctx context.Context) {
	b.mu.Lock()
	b.sync()
	wall := time.Now()
	if b.rowsOK && len(b.scopes) == 0 && wall.Sub(b.rowsSeen) > b.idle {
		b.rowsOK = false
	}
	if b.figsOK && wall.Sub(b.figsSeen) > b.idle {
		b.figsOK = false
	}
	p := part{rows: b.rowsOK, figs: b.figsOK}
	now := b.engine.Now()
	if day := b.localDay(now); day != b.day && (p.rows || p.figs) {
		// a new day: today's counts start again, and the month before today grew by a day;
		// the figures are read whole by their next reader
		b.day, b.figsOK, p.figs = day, false, false
		for id := range b.sites {
			b.dirty[id] = true
		}
	}
	var sites []*config.Site
	if p.rows || p.figs {
		for id := range b.dirty {
			if st := b.sites[id]; st != nil {
				sites = append(sites, st.site)
			}
		}
		clear(b.dirty)
	} else if b.building == 0 {
		clear(b.dirty) // nothing kept: the next reader reads every site
	}
	gen, day := b.gen, b.day
	follow := len(b.scopes) > 0 && !b.rowsOK
	b.mu.Unlock()

	if follow {
		// followed live, but not kept (a reload): read every site again
		rctx, cancel := context.WithTimeout(ctx, boardReadWait)
		err := b.ensure(rctx, part{rows: true})
		cancel()
		if err != nil {
			b.fail(err)
			return
		}
	} else if len(sites) > 0 {
		rctx, cancel := context.WithTimeout(ctx, boardReadWait)
		got, err := b.readAll(rctx, sites, p, day, false)
		cancel()
		b.mu.Lock()
		if gen == b.gen {
			if err != nil {
				b.err = err
				for _, s := range sites {
					b.dirty[s.ID] = true // read again at the next tick
				}
			} else {
				b.err = nil
			}
			b.apply(got, p)
		}
		b.mu.Unlock()
		if err != nil && ctx.Err() == nil {
			b.log.Warn("board read", "sites", len(sites), "err", err)
		}
	}
	b.publish()
}

// fail records a failed read.
func (b *Board) fail(err error) {
	b.mu.Lock()
	b.err = err
	b.mu.Unlock()
	b.log.Warn("board read", "err", err)
}
