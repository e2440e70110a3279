package store_test

import (
	"context"
	"testing"
	"time"

	"luot/server/internal/testenv"
	"luot/server/queue"
	"luot/server/store"
)

// stops measures how long after revoke the instance refuses the token.
func stops(t *testing.T, in *testenv.Instance, token, what string, revoke func() error) {
	t.Helper()
	if err := revoke(); err != nil {
		t.Fatal(err)
	}
	took := in.Refused(t, token, time.Now())
	t.Logf("%s: refused by the other instance after %v", what, took.Round(time.Millisecond))
}

// TestRevokedTokenStops: tokens are answered from an in-process cache (no Redis script per
// request), and a session ended, a user disabled or a device deleted on one instance stops
// being accepted by another within a second, through the revocation channel.
func TestRevokedTokenStops(t *testing.T) {
	env := testenv.New(t)
	ctx := context.Background()
	a := env.Store
	in := env.Instance(t)

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
	stops(t, in, "phien-1", "session ended", func() error { return a.DeleteSession(ctx, "phien-1") })

	if err := a.NewSession(ctx, "phien-2", user, "csrf", time.Hour); err != nil {
		t.Fatal(err)
	}
	in.Cached(t, "phien-2")
	disabled := *user
	disabled.Disabled = true
	stops(t, in, "phien-2", "user disabled", func() error { return a.PutUser(ctx, disabled) })

	if err := a.CreateDevice(ctx, store.Device{ID: "kiosk-1", Site: "centre", Kind: "kiosk", Name: "Ki-ốt"}, "thiet-bi-1"); err != nil {
		t.Fatal(err)
	}
	in.Cached(t, "thiet-bi-1")
	stops(t, in, "thiet-bi-1", "device deleted", func() error { return a.DeleteDevice(ctx, "kiosk-1") })
}
