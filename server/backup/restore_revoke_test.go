package backup_test

import (
	"context"
	"testing"
	"time"

	"luot/server/internal/testenv"
	"luot/server/queue"
	"luot/server/store"
)

// TestRestoreRevokesCachedTokens: a server still running on the target Redis has cached a
// login session and a device's token (paired after the backup); `luot restore -force`
// deletes the session (a backup keeps none) and gives the device back its token of the
// backup. The restore publishes revocations, and the running server stops accepting both
// cached tokens within a second, where its cache would otherwise answer for seconds more;
// the device's token of the backup works again.
func TestRestoreRevokesCachedTokens(t *testing.T) {
	env := testenv.New(t)
	ctx := context.Background()
	a := env.Store
	if err := a.PutUser(ctx, store.User{Username: "lan", FullName: "Lan", Role: queue.RoleOfficer, Sites: []string{"centre"}}); err != nil {
		t.Fatal(err)
	}
	if err := a.CreateDevice(ctx, store.Device{ID: "kiosk-1", Site: "centre", Kind: queue.DeviceKiosk, Name: "Ki-ốt"}, "ki-ot-sao-luu"); err != nil {
		t.Fatal(err)
	}
	file, _ := writeBackup(t, env, t.TempDir(), store.SnapshotOptions{})

	// after the backup: a session, and the kiosk registered again with another token
	lan, err := a.User(ctx, "lan")
	if err != nil {
		t.Fatal(err)
	}
	if err := a.NewSession(ctx, "phien-lan", lan, "csrf", time.Hour); err != nil {
		t.Fatal(err)
	}
	if err := a.CreateDevice(ctx, store.Device{ID: "kiosk-1", Site: "centre", Kind: queue.DeviceKiosk, Name: "Ki-ốt"}, "ki-ot-moi"); err != nil {
		t.Fatal(err)
	}

	// another running instance, following revocations, answers both from its cache
	in := env.Instance(t)
	for _, tok := range []string{"phien-lan", "ki-ot-moi"} {
		in.Cached(t, tok)
	}

	res, err := restore(t, env, file, t.TempDir(), true)
	if err != nil {
		t.Fatal(err)
	}
	if res.Revoked < 4 { // the session, the new token, the user, the device (deleted, then written)
		t.Errorf("the restore published %d revocations, want at least 4", res.Revoked)
	}
	start := time.Now()
	for _, tok := range []string{"phien-lan", "ki-ot-moi"} {
		in.Refused(t, tok, start)
	}
	t.Logf("both cached tokens refused %v after the restore returned (%d revocations)", time.Since(start).Round(time.Millisecond), res.Revoked)
	if p, err := in.Store.Resolve(ctx, "ki-ot-sao-luu"); err != nil || p.Device == nil || p.Device.ID != "kiosk-1" {
		t.Errorf("the device's token of the backup after the restore: %+v, %v", p, err)
	}
}
