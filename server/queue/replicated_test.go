package queue_test

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"luot/server/internal/testenv"
	"luot/server/queue"
)

// TestClusterInvariants runs the queue's invariants on a Redis Cluster of three masters with
// a replica each, every write waiting for its replica: tickets issued at once at two sites
// (two slots) are numbered without gap or duplicate, and counters calling at once call each
// ticket exactly once.
func TestClusterInvariants(t *testing.T) {
	env := testenv.NewCluster(t, manyCounters(t, 6))
	ctx := context.Background()
	const kiosks, each = 4, 40
	var mu sync.Mutex
	issued := map[string]*queue.Ticket{}
	var wg sync.WaitGroup
	for _, site := range []string{"centre", "point"} {
		for i := range kiosks {
			wg.Add(1)
			go func() {
				defer wg.Done()
				k := testenv.Kiosk(site)
				k.Device = fmt.Sprintf("kiosk-%s-%d", site, i)
				for range each {
					tk, err := env.Engine.Issue(ctx, k, site, "dat-dai", "", "")
					if err != nil {
						t.Errorf("issue at %s: %v", site, err)
						return
					}
					mu.Lock()
					issued[tk.ID] = tk
					mu.Unlock()
				}
			}()
		}
	}
	wg.Wait()
	if t.Failed() {
		t.FailNow()
	}
	for _, site := range []string{"centre", "point"} {
		checkGapless(t, env, site, issued)
	}

	calls := callUntilEmpty(t, env.Engine, 6)
	if len(calls) != kiosks*each {
		t.Fatalf("got %d tickets of centre called, want %d", len(calls), kiosks*each)
	}
	for id, by := range calls {
		if issued[id] == nil || issued[id].Site != "centre" || len(by) != 1 {
			t.Fatalf("ticket %s called by %v, want one counter of its site", id, by)
		}
	}
}

// TestClusterKill9UnderLoad kills the master of a site's slot with SIGKILL while kiosks issue
// tickets: its replica takes over, the engine answers 503 meanwhile and recovers by itself,
// and every acknowledged ticket is there exactly once, numbered without gap. The killed node
// is started again (as systemd would) and rejoins as the new master's replica: until then the
// shard has no replica, so its writes cannot be confirmed (LUOT_REDIS_REPLICAS=1) and are
// refused with 503.
func TestClusterKill9UnderLoad(t *testing.T) {
	env := testenv.NewCluster(t, nil)
	failover := func() {
		m := env.Cluster.MasterOf("luot:{centre}:events")
		m.Kill9()
		env.Cluster.WaitHealthy()
		if env.Cluster.MasterOf("luot:{centre}:events") == m {
			t.Error("the killed node is still the master")
		}
		m.Restart()
		env.Cluster.WaitHealthy()
	}
	underLoad(t, env, failover)
}

// TestSentinelFailoverUnderLoad asks the sentinels for a failover (SENTINEL FAILOVER) while
// kiosks issue tickets through redis+sentinel://: every acknowledged ticket is there exactly
// once, numbered without gap, and the engine serves again by itself.
func TestSentinelFailoverUnderLoad(t *testing.T) {
	env := testenv.NewSentinel(t, nil)
	underLoad(t, env, func() { env.Sentinel.Failover() })
}

// underLoad runs kiosks issuing at two sites, calls failover once some tickets are
// acknowledged, lets them issue as many again after it, and checks every acknowledged ticket.
func underLoad(t *testing.T, env *testenv.Replicated, failover func()) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	var (
		mu       sync.Mutex
		acked    = map[string]*queue.Ticket{}
		refused  atomic.Int64
		after    atomic.Int64 // acknowledged after the failover
		switched atomic.Bool
		stop     = make(chan struct{})
		wg       sync.WaitGroup
	)
	for _, site := range []string{"centre", "point"} {
		for i := range 3 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				k := testenv.Kiosk(site)
				k.Device = fmt.Sprintf("kiosk-%s-%d", site, i)
				for n := 0; ; n++ {
					select {
					case <-stop:
						return
					default:
					}
					tk, err := env.Engine.Issue(ctx, k, site, "ho-tich", "", fmt.Sprintf("%s-%d-%d", site, i, n))
					if errors.Is(err, queue.ErrUnavailable) {
						refused.Add(1)
						n-- // the kiosk retries with the same idempotency key
						time.Sleep(20 * time.Millisecond)
						continue
					}
					if err != nil {
						t.Errorf("issue at %s: %v", site, err)
						return
					}
					mu.Lock()
					if old := acked[tk.ID]; old != nil && old.Number != tk.Number {
						t.Errorf("ticket %s acknowledged as %s and %s", tk.ID, old.Number, tk.Number)
					}
					acked[tk.ID] = tk
					mu.Unlock()
					if switched.Load() {
						after.Add(1)
					}
				}
			}()
		}
	}
	waitFor := func(what string, ok func() bool) {
		for !ok() {
			if ctx.Err() != nil {
				close(stop)
				wg.Wait()
				t.Fatalf("timed out waiting for %s", what)
			}
			time.Sleep(20 * time.Millisecond)
		}
	}
	waitFor("tickets before the failover", func() bool { mu.Lock(); defer mu.Unlock(); return len(acked) >= 60 })
	failover()
	switched.Store(true)
	waitFor("tickets after the failover", func() bool { return after.Load() >= 60 })
	close(stop)
	wg.Wait()
	t.Logf("%d tickets acknowledged, %d issues refused with 503 during the failover", len(acked), refused.Load())
	for _, site := range []string{"centre", "point"} {
		checkGapless(t, env, site, acked)
	}
}

// checkGapless reads a site's tickets of the day from Redis and checks that their numbers
// are 1..N per prefix, each once, and that every acknowledged ticket of the site is among them
// with the number it was acknowledged with.
func checkGapless(t *testing.T, env *testenv.Replicated, site string, acked map[string]*queue.Ticket) {
	t.Helper()
	ctx := context.Background()
	day := testenv.Monday.Format("20060102")
	stored, err := env.Store.DayTickets(ctx, site, day)
	if err != nil {
		t.Fatalf("read the day of %s: %v", site, err)
	}
	byID := map[string]*queue.Ticket{}
	byPrefix := map[string][]string{}
	for _, tk := range stored {
		if byID[tk.ID] != nil {
			t.Fatalf("%s: ticket %s stored twice", site, tk.ID)
		}
		byID[tk.ID] = tk
		p := strings.TrimRight(tk.Number, "0123456789")
		byPrefix[p] = append(byPrefix[p], tk.Number)
	}
	for p, nums := range byPrefix {
		sort.Slice(nums, func(i, j int) bool {
			return len(nums[i]) < len(nums[j]) || len(nums[i]) == len(nums[j]) && nums[i] < nums[j]
		})
		for i, n := range nums {
			if want := queue.FormatNumber(p, int64(i+1)); n != want {
				t.Fatalf("%s: number %d of %s is %s, want %s (a duplicate or a gap)", site, i, p, n, want)
			}
		}
	}
	n := 0
	for id, tk := range acked {
		if tk.Site != site {
			continue
		}
		n++
		got := byID[id]
		if got == nil {
			t.Fatalf("%s: acknowledged ticket %s (%s) is lost", site, id, tk.Number)
		}
		if got.Number != tk.Number {
			t.Fatalf("%s: ticket %s acknowledged as %s, stored as %s", site, id, tk.Number, got.Number)
		}
	}
	if n == 0 {
		t.Fatalf("%s: no ticket acknowledged", site)
	}
}
