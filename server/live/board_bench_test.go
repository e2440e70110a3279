package live

import (
	"context"
	"encoding/json"
	"math/rand/v2"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/fasthttp/websocket"

	"luot/config"
	"luot/server/hub"
	"luot/server/queue"
	"luot/server/report"
)

// The benchmarks of the shared board run on a national organisation (3,300 sites) and a real
// Redis, against the way the board and the transparency page were served before it, in the
// same run (oldBoardRows, oldPublic, oldViewer reproduce the code this package replaced):
//
//	go test -run '^$' -bench 'BenchmarkBoard$' -benchtime 1x ./server/live/
//
// redis-calls/read is what one read costs Redis (commands processed, from INFO); redis-calls/s/viewer
// what each follower of the live board adds, at ten tickets a second over the country.

const benchSites = 3300

// nationalBoard is the benchmarks' server: 3,300 sites, a few hundred tickets.
func nationalBoard(b *testing.B) *boardEnv {
	be := startBoard(b, benchSites-2)
	for i := range 300 {
		be.issue(b, "p"+pad(i*7%(benchSites-2)))
	}
	time.Sleep(2 * BoardTick)
	return be
}

// BenchmarkBoard runs both on one server.
func BenchmarkBoard(b *testing.B) {
	be := nationalBoard(b)
	b.Run("read", func(b *testing.B) { benchmarkBoardRead(b, be) })
	b.Run("viewers", func(b *testing.B) { benchmarkBoardViewers(b, be) })
}

func pad(i int) string {
	s := strconv.Itoa(i)
	return strings.Repeat("0", max(0, 3-len(s))) + s
}

// redisCalls is how many commands Redis has processed.
func (be *boardEnv) redisCalls(b *testing.B) int64 {
	info, err := be.env.Redis.Client().Info(context.Background(), "stats").Result()
	if err != nil {
		b.Fatal(err)
	}
	for _, line := range strings.Split(info, "\n") {
		if v, ok := strings.CutPrefix(strings.TrimSpace(line), "total_commands_processed:"); ok {
			n, _ := strconv.ParseInt(v, 10, 64)
			return n
		}
	}
	b.Fatal("no total_commands_processed in INFO")
	return 0
}

// oldBoardRows is GET /api/v1/board as it was: every row read from Redis for each request.
func oldBoardRows(ctx context.Context, e *queue.Engine, sites []*config.Site) ([]byte, error) {
	rows := make([]queue.BoardRow, 0, len(sites))
	for _, s := range sites {
		r, err := e.BoardRow(ctx, s)
		if err != nil {
			return nil, err
		}
		rows = append(rows, r)
	}
	return json.Marshal(map[string]any{"at": e.Now(), "sites": rows})
}

// oldPublic is GET /api/v1/public/sites as it was built (then kept 30 s): the month's and
// the day's reports by site, and every site's live view.
func oldPublic(ctx context.Context, e *queue.Engine, days *report.Builder, all []*config.Site) ([]byte, error) {
	org := e.Org()
	now := e.Now().In(org.Location)
	first := time.Date(now.Year(), now.Month(), 1, 0, 0, 0, 0, org.Location).Format(time.DateOnly)
	day := now.Format(time.DateOnly)
	build := func(from string) (*report.Report, error) {
		q, err := report.ParseQuery("", from, day, report.BySite, "", now)
		if err != nil {
			return nil, err
		}
		return days.BuildSites(ctx, q, all)
	}
	month, err := build(first)
	if err != nil {
		return nil, err
	}
	today, err := build(day)
	if err != nil {
		return nil, err
	}
	sites := make([]publicSite, 0, len(all))
	for _, s := range all {
		v, err := e.Site(ctx, s.ID)
		if err != nil {
			return nil, err
		}
		p := publicSite{SiteInfo: queue.InfoOf(s), OpenNow: v.OpenNow}
		for _, sv := range v.Services {
			p.Waiting += sv.Waiting
		}
		sites = append(sites, p)
	}
	return json.Marshal(map[string]any{"today": figuresOf(today.Total), "this_month": figuresOf(month.Total), "sites": sites})
}

// benchmarkBoardRead is reps reads of the whole board and of the transparency page, old and
// new (each sub-benchmark once: -benchtime 1x).
func benchmarkBoardRead(b *testing.B, be *boardEnv) {
	ctx := context.Background()
	all := be.sites()
	board := be.live.Board()
	days := &report.Builder{Source: be.env.Store, Org: be.env.Engine.Org, Now: be.env.Engine.Now}
	run := func(name string, reps int, read func() error) {
		b.Run(name, func(b *testing.B) {
			if err := read(); err != nil { // warm: the shared board's first full read
				b.Fatal(err)
			}
			calls := be.redisCalls(b)
			start := time.Now()
			for range b.N * reps {
				if err := read(); err != nil {
					b.Fatal(err)
				}
			}
			took := time.Since(start)
			n := float64(b.N * reps)
			b.ReportMetric(float64(be.redisCalls(b)-calls-1)/n, "redis-calls/read")
			b.ReportMetric(float64(took.Microseconds())/1000/n, "ms/read")
		})
	}
	run("board/old", 3, func() error { _, err := oldBoardRows(ctx, be.env.Engine, all); return err })
	run("board/new", 100, func() error { _, err := board.BoardRows(ctx, all); return err })
	run("public/old", 2, func() error { _, err := oldPublic(ctx, be.env.Engine, days, all); return err })
	run("public/new", 100, func() error { _, err := board.Public(ctx); return err })
	run("public/new-rebuilt", 20, func() error {
		board.mu.Lock()
		board.public.body = nil // what a reader a tick after the last one pays
		board.mu.Unlock()
		_, err := board.Public(ctx)
		return err
	})
}

// oldViewer is one /ws/board connection as it was, without its socket: a hub subscription
// per site, the rows of the sites with events read every second, every row every 5 s.
func oldViewer(ctx context.Context, e *queue.Engine, h *hub.Hub, sites []*config.Site) {
	subs := make(map[string]*hub.Subscription, len(sites))
	for _, s := range sites {
		subs[s.ID] = h.Subscribe(s.ID)
	}
	defer func() {
		for _, sub := range subs {
			sub.Close()
		}
	}()
	if _, err := oldBoardRows(ctx, e, sites); err != nil {
		return
	}
	flush, full := time.NewTicker(time.Second), time.NewTicker(5*time.Second)
	defer flush.Stop()
	defer full.Stop()
	for {
		var dirty []*config.Site
		select {
		case <-ctx.Done():
			return
		case <-flush.C:
			for _, s := range sites {
				changed := false
			drain:
				for {
					select {
					case <-subs[s.ID].C():
						changed = true
					default:
						break drain
					}
				}
				if changed {
					dirty = append(dirty, s)
				}
			}
		case <-full.C:
			dirty = sites
		}
		for _, s := range dirty {
			if _, err := e.BoardRow(ctx, s); err != nil && ctx.Err() != nil {
				return
			}
		}
	}
}

// benchmarkBoardViewers is the Redis work of K followers of the live board over a window of
// 6 s with ten tickets a second at random sites, old and new, net of the same window without
// followers.
func benchmarkBoardViewers(b *testing.B, be *boardEnv) {
	all := be.sites()
	const window = 6 * time.Second
	measure := func(b *testing.B, start func(ctx context.Context)) float64 {
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		start(ctx)
		time.Sleep(2 * time.Second) // the followers' first frames
		calls := be.redisCalls(b)
		end := time.Now().Add(window)
		for time.Now().Before(end) {
			be.issue(b, "p"+pad(rand.IntN(benchSites-2)))
			time.Sleep(100 * time.Millisecond)
		}
		return float64(be.redisCalls(b)-calls) / window.Seconds()
	}
	var base float64
	b.Run("none", func(b *testing.B) {
		for range b.N {
			base = measure(b, func(context.Context) {})
		}
		b.ReportMetric(base, "redis-calls/s")
	})
	for _, k := range []int{1, 10} {
		b.Run("old/"+strconv.Itoa(k), func(b *testing.B) {
			var got float64
			for range b.N {
				got = measure(b, func(ctx context.Context) {
					for range k {
						go oldViewer(ctx, be.env.Engine, be.hub, all)
					}
				})
			}
			b.ReportMetric(got, "redis-calls/s")
			b.ReportMetric((got-base)/float64(k), "redis-calls/s/viewer")
		})
		b.Run("new/"+strconv.Itoa(k), func(b *testing.B) {
			var got float64
			for range b.N {
				got = measure(b, func(ctx context.Context) {
					for range k {
						conn, _, err := websocket.DefaultDialer.Dial(be.url+"all", nil)
						if err != nil {
							b.Fatal(err)
						}
						go func() {
							<-ctx.Done()
							conn.Close()
						}()
						go func() {
							for {
								if _, _, err := conn.ReadMessage(); err != nil {
									return
								}
							}
						}()
					}
				})
			}
			b.ReportMetric(got, "redis-calls/s")
			b.ReportMetric((got-base)/float64(k), "redis-calls/s/viewer")
		})
	}
}
