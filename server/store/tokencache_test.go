package store_test

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"sync/atomic"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"luot/server/internal/testenv"
	"luot/server/queue"
	"luot/server/store"
)

// evals counts the scripts a client runs.
type evals struct{ n atomic.Int64 }

func (h *evals) DialHook(next redis.DialHook) redis.DialHook { return next }
func (h *evals) ProcessHook(next redis.ProcessHook) redis.ProcessHook {
	return func(ctx context.Context, cmd redis.Cmder) error {
		if n := cmd.Name(); n == "evalsha" || n == "eval" {
			h.n.Add(1)
		}
		return next(ctx, cmd)
	}
}
func (h *evals) ProcessPipelineHook(next redis.ProcessPipelineHook) redis.ProcessPipelineHook {
	return next
}

// instance is another server instance on the same Redis: its own client, store and token
// cache, following the revocations.
func instance(t *testing.T, env *testenv.Env) (*store.Store, *evals) {
	t.Helper()
	client, err := store.NewClient(env.Redis.URL())
	if err != nil {
		t.Fatal(err)
	}
	h := &evals{}
	client.AddHook(h)
	st := store.New(client, env.Org.Location, store.Options{})
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { defer close(done); st.FollowRevocations(ctx, slog.New(slog.NewTextHandler(io.Discard, nil))) }()
	t.Cleanup(func() { cancel(); <-done; client.Close() })
	return st, h
}

// cached waits until the instance answers a token from its cache (no script run).
func cached(t *testing.T, st *store.Store, h *evals, token string) {
	t.Helper()
	ctx := context.Background()
	for deadline := time.Now().Add(5 * time.Second); ; {
		before := h.n.Load()
		if _, err := st.Resolve(ctx, token); err != nil {
			t.Fatalf("resolve a valid token: %v", err)
		}
		if _, err := st.Resolve(ctx, token); err != nil {
			t.Fatalf("resolve a valid token: %v", err)
		}
		if h.n.Load()-before <= 1 {
			return
		}
		if time.Now().After(deadline) {
			t.Fatal("the token is never answered from the cache")
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// stops measures how long after revoke the instance refuses the token.
func stops(t *testing.T, st *store.Store, token, what string, revoke func() error) {
	t.Helper()
	ctx := context.Background()
	if err := revoke(); err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	for {
		_, err := st.Resolve(ctx, token)
		if errors.Is(err, queue.ErrUnauthorized) {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		if time.Since(start) > time.Second {
			t.Fatalf("%s: the other instance still accepts the token after 1 s", what)
		}
		time.Sleep(time.Millisecond)
	}
	t.Logf("%s: refused by the other instance after %v", what, time.Since(start).Round(time.Millisecond))
}

// TestRevokedTokenStops: tokens are answered from an in-process cache (no Redis script per
// request), and a session ended, a user disabled or a device deleted on one instance stops
// being accepted by another within a second, through the revocation channel.
func TestRevokedTokenStops(t *testing.T) {
	env := testenv.New(t)
	ctx := context.Background()
	a := env.Store
	b, calls := instance(t, env)

	u := store.User{Username: "canbo", FullName: "Cán bộ Một", Role: queue.RoleOfficer, Sites: []string{"centre"}}
	if err := a.PutUser(ctx, u); err != nil {
		t.Fatal(err)
	}
	user, err := a.User(ctx, "canbo")
	if err != nil {
		t.Fatal(err)
	}
	if err := a.NewSession(ctx, "phien-1", user, "csrf", time.Hour); err != nil {
		t.Fatal(err)
	}
	cached(t, b, calls, "phien-1")
	stops(t, b, "phien-1", "session ended", func() error { return a.DeleteSession(ctx, "phien-1") })

	if err := a.NewSession(ctx, "phien-2", user, "csrf", time.Hour); err != nil {
		t.Fatal(err)
	}
	cached(t, b, calls, "phien-2")
	disabled := *user
	disabled.Disabled = true
	stops(t, b, "phien-2", "user disabled", func() error { return a.PutUser(ctx, disabled) })

	if err := a.CreateDevice(ctx, store.Device{ID: "kiosk-1", Site: "centre", Kind: "kiosk", Name: "Ki-ốt"}, "thiet-bi-1"); err != nil {
		t.Fatal(err)
	}
	cached(t, b, calls, "thiet-bi-1")
	stops(t, b, "thiet-bi-1", "device deleted", func() error { return a.DeleteDevice(ctx, "kiosk-1") })
}
