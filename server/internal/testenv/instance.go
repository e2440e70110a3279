package testenv

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"sync/atomic"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"luot/server/queue"
	"luot/server/store"
)

// Instance is another server instance on the test's Redis: its own client, store and token
// cache, following the revocations, with a count of the scripts its client runs (a token
// answered from the cache runs none).
type Instance struct {
	Store   *store.Store
	scripts atomic.Int64
}

// Instance starts another instance on e's Redis until the test ends.
func (e *Env) Instance(t testing.TB) *Instance {
	t.Helper()
	client, err := store.NewClient(e.Redis.URL())
	if err != nil {
		t.Fatal(err)
	}
	in := &Instance{}
	client.AddHook(scriptCount{&in.scripts})
	in.Store = store.New(client, e.Org.Location, store.Options{})
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		defer close(done)
		in.Store.FollowRevocations(ctx, slog.New(slog.NewTextHandler(io.Discard, nil)))
	}()
	t.Cleanup(func() { cancel(); <-done; client.Close() })
	return in
}

// Scripts is how many scripts the instance's client has run.
func (in *Instance) Scripts() int64 { return in.scripts.Load() }

// Cached waits until the instance answers token from its cache: of two resolutions in a
// row, at most the first runs a script.
func (in *Instance) Cached(t testing.TB, token string) {
	t.Helper()
	ctx := context.Background()
	for deadline := time.Now().Add(5 * time.Second); ; {
		before := in.Scripts()
		for range 2 {
			if _, err := in.Store.Resolve(ctx, token); err != nil {
				t.Fatalf("resolve %s: %v", token, err)
			}
		}
		if in.Scripts()-before <= 1 {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s is never answered from the cache", token)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// Refused waits until the instance refuses token (queue.ErrUnauthorized), and fails the test
// when it still accepts it a second after since (the revocation); it returns how long after
// since the token was refused.
func (in *Instance) Refused(t testing.TB, token string, since time.Time) time.Duration {
	t.Helper()
	ctx := context.Background()
	for {
		_, err := in.Store.Resolve(ctx, token)
		if errors.Is(err, queue.ErrUnauthorized) {
			return time.Since(since)
		}
		if err != nil {
			t.Fatal(err)
		}
		if time.Since(since) > time.Second {
			t.Fatalf("%s is still accepted by the other instance 1 s after its revocation", token)
		}
		time.Sleep(time.Millisecond)
	}
}

// scriptCount is a client hook counting EVAL and EVALSHA.
type scriptCount struct{ n *atomic.Int64 }

func (h scriptCount) DialHook(next redis.DialHook) redis.DialHook { return next }
func (h scriptCount) ProcessHook(next redis.ProcessHook) redis.ProcessHook {
	return func(ctx context.Context, cmd redis.Cmder) error {
		if n := cmd.Name(); n == "evalsha" || n == "eval" {
			h.n.Add(1)
		}
		return next(ctx, cmd)
	}
}
func (h scriptCount) ProcessPipelineHook(next redis.ProcessPipelineHook) redis.ProcessPipelineHook {
	return next
}
