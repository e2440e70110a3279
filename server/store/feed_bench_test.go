package store_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"luot/server/internal/redistest"
	"luot/server/internal/testenv"
	"luot/server/queue"
)

// BenchmarkFeed measures what following the sites' streams costs Redis per ticket issued,
// with S sites and I server instances each following every site: the live feed of
// follow.go (notified: SSUBSCRIBE, then XREAD of the streams that moved) against the design
// it replaced in the same run (xread-all: every instance's XREAD BLOCK names every site's
// stream). Tickets are issued by four kiosks at random sites; each iteration waits until every
// instance has delivered every ticket. Metrics: Redis's CPU per ticket (main thread, INFO cpu,
// scripts included) and the time Redis spent in the feed's commands per ticket (INFO
// commandstats: XREAD, XREVRANGE, SSUBSCRIBE).
//
//	go test -run '^$' -bench BenchmarkFeed -benchtime 1000x ./server/store/
func BenchmarkFeed(b *testing.B) {
	for _, sites := range []int{300, 3300} {
		for _, instances := range []int{1, 3} {
			for _, design := range []string{"notified", "xread-all"} {
				b.Run(fmt.Sprintf("sites=%d/instances=%d/%s", sites, instances, design), func(b *testing.B) {
					benchFeed(b, sites, instances, design)
				})
			}
		}
	}
}

func benchFeed(b *testing.B, n, instances int, design string) {
	env := testenv.NewWith(b, manySites(b, n))
	rdb := env.Redis.Client()
	sites := make([]string, n)
	for i := range sites {
		sites[i] = "s" + strconv.Itoa(i)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var delivered atomic.Int64
	var wg sync.WaitGroup
	for range instances {
		ready := make(chan struct{})
		wg.Add(1)
		go func() {
			defer wg.Done()
			count := func(_ string, events []queue.Event) { delivered.Add(int64(len(events))) }
			if design == "notified" {
				env.Store.Follow(ctx, sites, slog.New(slog.NewTextHandler(io.Discard, nil)), func() { close(ready) }, count)
			} else {
				xreadAll(ctx, rdb, sites, ready, &delivered)
			}
		}()
		<-ready
	}
	if err := rdb.ConfigResetStat(ctx).Err(); err != nil {
		b.Fatal(err)
	}
	cpu := redistest.MainThreadCPU(b, rdb)
	b.ResetTimer()
	var next atomic.Int64
	var iw sync.WaitGroup
	for k := range 4 {
		iw.Add(1)
		go func() {
			defer iw.Done()
			for {
				i := next.Add(1)
				if i > int64(b.N) {
					return
				}
				site := sites[(int(i)*7919+k)%n]
				if _, err := env.Engine.Issue(ctx, testenv.Kiosk(site), site, "ho-tich", "", ""); err != nil {
					b.Error(err)
					return
				}
			}
		}()
	}
	iw.Wait()
	want := int64(b.N * instances)
	for deadline := time.Now().Add(time.Minute); delivered.Load() < want; {
		if time.Now().After(deadline) {
			b.Fatalf("delivered %d events, want %d", delivered.Load(), want)
		}
		time.Sleep(time.Millisecond)
	}
	b.StopTimer()
	b.ReportMetric((redistest.MainThreadCPU(b, rdb)-cpu)/float64(b.N), "redis-cpu-µs/ticket")
	b.ReportMetric(feedUsec(b, rdb)/float64(b.N), "feed-µs/ticket")
	cancel()
	wg.Wait()
}

// xreadAll is the feed this package had before follow.go: one XREAD BLOCK naming every
// site's stream, from the tails.
func xreadAll(ctx context.Context, rdb *redis.Client, sites []string, ready chan struct{}, delivered *atomic.Int64) {
	args := make([]string, 0, 2*len(sites))
	index := map[string]int{}
	for i, s := range sites {
		args = append(args, "luot:{"+s+"}:events")
		index[args[i]] = len(sites) + i
	}
	for range sites {
		args = append(args, "0-0") // the streams of a fresh Redis are empty
	}
	close(ready)
	for ctx.Err() == nil {
		res, err := rdb.XRead(ctx, &redis.XReadArgs{Streams: args, Block: time.Second, Count: 1000}).Result()
		if err != nil {
			continue
		}
		for _, st := range res {
			args[index[st.Stream]] = st.Messages[len(st.Messages)-1].ID
			delivered.Add(int64(len(st.Messages)))
		}
	}
}

// feedUsec is the time Redis spent in the feed's own commands (XREAD, XREVRANGE, SSUBSCRIBE)
// since the last CONFIG RESETSTAT; the commands the scripts call are counted there too, so
// they are named, not excluded.
func feedUsec(b *testing.B, rdb *redis.Client) float64 {
	stats := redistest.Commands(b, rdb)
	return stats["xread"]["usec"] + stats["xrevrange"]["usec"] + stats["ssubscribe"]["usec"]
}
