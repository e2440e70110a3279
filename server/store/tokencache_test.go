package store_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"luot/server/internal/testenv"
	"luot/server/queue"
	"luot/server/store"
)

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
	in := env.Instance(t)
	b := in.Store

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
	in.Cached(t, "phien-1")
	stops(t, b, "phien-1", "session ended", func() error { return a.DeleteSession(ctx, "phien-1") })

	if err := a.NewSession(ctx, "phien-2", user, "csrf", time.Hour); err != nil {
		t.Fatal(err)
	}
	in.Cached(t, "phien-2")
	disabled := *user
	disabled.Disabled = true
	stops(t, b, "phien-2", "user disabled", func() error { return a.PutUser(ctx, disabled) })

	if err := a.CreateDevice(ctx, store.Device{ID: "kiosk-1", Site: "centre", Kind: "kiosk", Name: "Ki-ốt"}, "thiet-bi-1"); err != nil {
		t.Fatal(err)
	}
	in.Cached(t, "thiet-bi-1")
	stops(t, b, "thiet-bi-1", "device deleted", func() error { return a.DeleteDevice(ctx, "kiosk-1") })
}
