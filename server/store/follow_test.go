package store_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"luot/config"
	"luot/server/internal/testenv"
	"luot/server/queue"
)

// follower runs Store.Follow over sites and collects the ticket numbers it delivers.
type follower struct {
	mu     sync.Mutex
	got    map[string][]string // site → numbers, in order
	ready  chan struct{}
	cancel context.CancelFunc
}

func follow(t *testing.T, env *testenv.Env, sites []string) *follower {
	t.Helper()
	f := &follower{got: map[string][]string{}, ready: make(chan struct{})}
	ctx, cancel := context.WithCancel(context.Background())
	f.cancel = cancel
	done := make(chan struct{})
	go func() {
		defer close(done)
		env.Store.Follow(ctx, sites, slog.New(slog.NewTextHandler(io.Discard, nil)), func() { close(f.ready) },
			func(site string, events []queue.Event) {
				f.mu.Lock()
				defer f.mu.Unlock()
				for _, e := range events {
					if e.Ticket != nil {
						f.got[site] = append(f.got[site], e.Ticket.Number)
					}
				}
			})
	}()
	t.Cleanup(func() { cancel(); <-done })
	select {
	case <-f.ready:
	case <-time.After(10 * time.Second):
		t.Fatal("the feed did not subscribe and read the tails within 10 s")
	}
	return f
}

// wait waits until the feed has delivered want numbers of a site.
func (f *follower) wait(t *testing.T, site string, want []string) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		f.mu.Lock()
		got := strings.Join(f.got[site], ",")
		f.mu.Unlock()
		if got == strings.Join(want, ",") {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s: the feed delivered %q, want %q", site, got, strings.Join(want, ","))
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// manySites is an organisation of n points with one counter each.
func manySites(t testing.TB, n int) *config.Org {
	t.Helper()
	var b strings.Builder
	b.WriteString(testenv.OrgYAML[:strings.Index(testenv.OrgYAML, "sites:")])
	b.WriteString("sites:\n")
	for i := range n {
		fmt.Fprintf(&b, "  - {id: s%d, name: \"Điểm %d\", kind: point, services: [ho-tich], counters: [{id: q1, number: 1, services: [ho-tich]}]}\n", i, i)
	}
	org, err := config.Parse([]byte(b.String()), "many.yaml")
	if err != nil {
		t.Fatal(err)
	}
	return org
}

// xreads counts the XREAD commands sent and the streams they name.
type xreads struct{ calls, streams atomic.Int64 }

func (h *xreads) DialHook(next redis.DialHook) redis.DialHook { return next }
func (h *xreads) ProcessHook(next redis.ProcessHook) redis.ProcessHook {
	return func(ctx context.Context, cmd redis.Cmder) error { h.count(cmd); return next(ctx, cmd) }
}
func (h *xreads) ProcessPipelineHook(next redis.ProcessPipelineHook) redis.ProcessPipelineHook {
	return func(ctx context.Context, cmds []redis.Cmder) error {
		for _, c := range cmds {
			h.count(c)
		}
		return next(ctx, cmds)
	}
}
func (h *xreads) count(cmd redis.Cmder) {
	if cmd.Name() == "xread" {
		h.calls.Add(1)
		h.streams.Add(int64(strings.Count(fmt.Sprint(cmd.Args()), "}:events")))
	}
}

// TestFeedReadsOnlyWhatMoved: with 300 sites, 20 changes at one site cost at most 20 reads,
// each naming that site's stream alone — not every site's stream in every read.
func TestFeedReadsOnlyWhatMoved(t *testing.T) {
	const n = 300
	env := testenv.NewWith(t, manySites(t, n))
	sites := make([]string, n)
	for i := range sites {
		sites[i] = fmt.Sprintf("s%d", i)
	}
	h := &xreads{}
	env.Store.Client().AddHook(h)
	f := follow(t, env, sites)
	var want []string
	for range 20 {
		tk, err := env.Engine.Issue(context.Background(), testenv.Kiosk("s7"), "s7", "ho-tich", "", "")
		if err != nil {
			t.Fatal(err)
		}
		want = append(want, tk.Number)
	}
	f.wait(t, "s7", want)
	if c, s := h.calls.Load(), h.streams.Load(); c < 1 || c > 20 || s != c {
		t.Fatalf("got %d XREADs naming %d streams, want 1..20 naming one stream each", c, s)
	}
}

// TestFeedCatchesUpAfterLostNotifications: the feed's subscription connections are killed
// (CLIENT KILL TYPE pubsub) while tickets are issued, so their notifications are lost; the
// feed subscribes again, reads every stream from where it was, and delivers every event once,
// in order.
func TestFeedCatchesUpAfterLostNotifications(t *testing.T) {
	env := testenv.New(t)
	f := follow(t, env, []string{"centre", "point"})
	ctx := context.Background()
	var want []string
	for i := range 30 {
		if i%10 == 5 {
			if err := env.Redis.Client().Do(ctx, "client", "kill", "type", "pubsub").Err(); err != nil {
				t.Fatal(err)
			}
		}
		tk, err := env.Engine.Issue(ctx, testenv.Kiosk("centre"), "centre", "dat-dai", "", "")
		if err != nil {
			t.Fatal(err)
		}
		want = append(want, tk.Number)
	}
	f.wait(t, "centre", want)
}
