package api_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"luot/server/internal/testenv"
	"luot/server/internal/testserver"
	"luot/server/queue"
	"luot/server/report"
)

// readsSite is the provincial centre of config/binhduong.yaml: 18 services, 16 counters.
const readsSite = "ttpvhcc"

// BenchmarkReads times the four reads that once cost the whole day — the site's detail,
// today's report, an officer's day and the waiting list (and a search in it) — over HTTP on
// loopback against the whole server (testserver), after a day of 300 tickets and after one of
// 30,000 at the provincial centre, seeded through the store's scripts (seedDay). A read whose
// cost does not grow with the day takes about as long at both sizes: compare the two in the
// same run (`go test -run '^$' -bench Reads ./server/api/`). site-detail-x48 opens the
// detail from 48 clients at once, the load under which 45 of 47 once failed with 503: ns/op
// is then the time per answer of the whole server, and every answer must be 200.
func BenchmarkReads(b *testing.B) {
	org := testserver.ShippedOrg(b)
	for _, n := range []int{300, 30_000} {
		env := testenv.NewWith(b, org)
		start := time.Date(2026, 11, 23, 7, 30, 0, 0, testenv.Loc())
		seeded := seedDay(b, env, start, n)
		env.Clock.Set(start.Add(9 * time.Hour))
		s := testserver.StartWith(b, env)
		sup := s.User(b, "giam-sat", queue.RoleSupervisor, readsSite)
		reads := []struct{ name, path string }{
			{"site-detail", "/api/v1/admin/sites/" + readsSite},
			{"report-today", "/api/v1/reports?site=" + readsSite + "&by=officer"},
			{"officer-today", "/api/v1/sites/" + readsSite + "/officers/" + seeded.officer + "/today"},
			{"waiting", "/api/v1/sites/" + readsSite + "/waiting"},
			{"waiting-search", "/api/v1/sites/" + readsSite + "/waiting?q=12"},
		}
		fields, bytes := 0, int64(0)
		for _, dim := range report.Fields {
			key := "luot:{" + readsSite + "}:fig:20261123:" + dim
			fields += int(env.Redis.Client().HLen(context.Background(), key).Val())
			bytes += env.Redis.Client().MemoryUsage(context.Background(), key).Val()
		}
		b.Logf("%d tickets: %s; the day's figures hold %d fields in %d KB", n, seeded, fields, bytes/1024)
		for _, r := range reads {
			b.Run(fmt.Sprintf("tickets=%d/%s", n, r.name), func(b *testing.B) {
				for b.Loop() {
					s.Do(b, sup, "GET", r.path, nil, 200, nil)
				}
			})
		}
		// the load that once failed: 48 supervisors opening the site's detail at once
		b.Run(fmt.Sprintf("tickets=%d/site-detail-x48", n), func(b *testing.B) {
			client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 64}}
			b.SetParallelism(24)
			b.RunParallel(func(pb *testing.PB) {
				for pb.Next() {
					if err := getOK(client, s.URL+reads[0].path, sup); err != nil {
						b.Error(err)
						return
					}
				}
			})
		})
	}
}

// getOK reads a path with a bearer token and wants 200 (from any goroutine).
func getOK(client *http.Client, url, token string) error {
	req, err := http.NewRequest("GET", url, nil)
	if err != nil {
		return err
	}
	req.Header.Set("Authorization", "Bearer "+token)
	res, err := client.Do(req)
	if err != nil {
		return err
	}
	body, err := io.ReadAll(res.Body)
	res.Body.Close()
	if err == nil && res.StatusCode != http.StatusOK {
		err = fmt.Errorf("GET %s: %d %s", url, res.StatusCode, body)
	}
	return err
}

// seeded tells what a seeded day left.
type seeded struct {
	officer                                           string // an officer of the day, for their figures
	issued, calls, recalls, noShows, transfers, rated int
}

func (s seeded) String() string {
	return fmt.Sprintf("%d issued, %d calls, %d recalls, %d no-shows, %d transfers, %d rated",
		s.issued, s.calls, s.recalls, s.noShows, s.transfers, s.rated)
}

// seedDay plays a day of n tickets at the provincial centre through the store's scripts, fast:
// tickets are issued evenly from start over nine hours (one in twenty with priority), then
// the 16 counters call them in parallel, about twelve minutes after their issue, until all
// but a sixteenth of them are called. Half are started; one in twenty-five is recalled and
// marked absent, one in thirty-three transferred to another service keeping its place (it is
// called again later); the others are done, six in ten of them rated. The counters keep their
// last ticket, called or serving, and the rest wait.
func seedDay(b *testing.B, env *testenv.Env, start time.Time, n int) seeded {
	b.Helper()
	ctx := context.Background()
	st, site := env.Store, env.Org.Site(readsSite)
	span := 9 * time.Hour
	at := func(i int64) time.Time { return start.Add(span * time.Duration(i) / time.Duration(n)) }
	day := queue.LocalDay(start, site.Location())
	counters := queue.CounterIDs(site)
	out := seeded{officer: readsSite + "-" + counters[0]}

	parallel(b, 8, func(w int) error {
		for i := w; i < n; i += 8 {
			svc := env.Org.Service(site.Services[(i*7919)%len(site.Services)])
			prio := ""
			if i%20 == 0 {
				prio = "elderly"
			}
			now := at(int64(i))
			if _, err := st.Issue(ctx, queue.IssueArgs{Site: readsSite, Service: svc.ID, Prefix: svc.Prefix, Priority: prio,
				Channel: queue.Kiosk, Day: day, Hour: queue.LocalHour(now, site.Location()), Caller: "device:kiosk",
				Counters: counters}, queue.Meta{Now: now, By: "device:kiosk"}); err != nil {
				return err
			}
		}
		return nil
	})
	out.issued = n

	var calls, recalls, noShows, transfers atomic.Int64
	var mu sync.Mutex
	var done []string
	budget := int64(n - n/16)
	parallel(b, len(site.Counters), func(w int) error {
		cc := site.Counters[w]
		officer := readsSite + "-" + cc.ID
		ref := queue.CounterRef{Site: readsSite, Counter: cc.ID, Holder: officer}
		if _, _, err := st.Open(ctx, readsSite, cc.ID, officer, cc.Services, queue.Meta{Now: start, By: officer}); err != nil {
			return err
		}
		current := ""
		for {
			c := calls.Add(1)
			if c > budget {
				return nil
			}
			now := at(c).Add(12 * time.Minute)
			m := func(d time.Duration) queue.Meta { return queue.Meta{Now: now.Add(d), By: officer} }
			_, t, err := st.Next(ctx, ref, m(0))
			if err != nil {
				return err
			}
			if current != "" {
				mu.Lock()
				done = append(done, current)
				mu.Unlock()
				current = ""
			}
			if t == nil {
				return nil // nobody waits for this counter's services
			}
			switch {
			case c%25 == 0:
				for _, step := range []struct {
					action string
					after  time.Duration
				}{{queue.ActRecall, time.Minute}, {queue.ActNoShow, 3 * time.Minute}} {
					if _, _, err := st.ActOnCurrent(ctx, ref, step.action, 3, m(step.after)); err != nil {
						return err
					}
				}
				recalls.Add(1)
				noShows.Add(1)
			case c%33 == 0:
				other := site.Services[(int(c)*31)%len(site.Services)]
				if other == t.Service {
					other = site.Services[(int(c)*31+1)%len(site.Services)]
				}
				if _, _, err := st.Transfer(ctx, ref, other, "", true, m(time.Minute)); err != nil {
					return err
				}
				transfers.Add(1)
			case c%2 == 0:
				if _, _, err := st.ActOnCurrent(ctx, ref, queue.ActStart, 3, m(time.Minute)); err != nil {
					return err
				}
				current = t.ID
			default:
				current = t.ID
			}
		}
	})
	out.calls, out.recalls, out.noShows, out.transfers = int(calls.Load()), int(recalls.Load()), int(noShows.Load()), int(transfers.Load())

	end := start.Add(span)
	levels := env.Org.Rating
	var rated atomic.Int64
	parallel(b, 8, func(w int) error {
		for i := w; i < len(done); i += 8 {
			if i%10 >= 6 {
				continue
			}
			rated.Add(1)
			level := levels[i%len(levels)]
			if _, err := st.Rate(ctx, done[i], level, "", "", 24*time.Hour, "anon", "", queue.Meta{Now: end, By: "anon"}); err != nil {
				return fmt.Errorf("rate %s: %w", done[i], err)
			}
		}
		return nil
	})
	out.rated = int(rated.Load())
	return out
}

// parallel runs fn(0..workers-1) at once and fails the benchmark on the first error.
func parallel(b *testing.B, workers int, fn func(w int) error) {
	b.Helper()
	errs := make(chan error, workers)
	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs <- fn(w)
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			b.Fatal(err)
		}
	}
}
