package backup_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"

	"luot/config"
	"luot/server/archive"
	"luot/server/backup"
	"luot/server/internal/testenv"
	"luot/server/queue"
	"luot/server/report"
	"luot/server/report/reporttest"
	"luot/server/store"
)

// at is a local time of the test week (Monday 23 November 2026 is day 0).
func at(day, hh, mm int) time.Time {
	return time.Date(2026, 11, 23+day, hh, mm, 0, 0, testenv.Loc())
}

// busyDays plays a busy Monday at the test organisation, rolls it up at midnight (its
// aggregates and its archive file), and plays Tuesday until 10:00: a store with a closed day
// and a live one, counters open and citizens waiting.
func busyDays(t *testing.T, env *testenv.Env, archiveDir string) {
	t.Helper()
	busy := reporttest.NewBusy(t, env, at(0, 7, 30), nil, nil, nil)
	busy.Run(t, at(0, 17, 30))
	env.Clock.Set(at(1, 0, 5))
	job := &archive.Job{Store: env.Store, Org: env.Engine.Org, Clock: env.Clock, Dir: archiveDir, Lookback: 35}
	if res, err := job.Rollup(context.Background(), "2026-11-23"); err != nil || res.File == "" {
		t.Fatalf("rollup of Monday: %+v, %v", res, err)
	}
	busy.Run(t, at(1, 10, 0))
	t.Logf("busy days: %s", busy)
}

// writeBackup backs env up to a file and returns its path.
func writeBackup(t *testing.T, env *testenv.Env, archiveDir string, opts store.SnapshotOptions) (string, *backup.Manifest) {
	t.Helper()
	file := filepath.Join(t.TempDir(), "luot.backup.tar.gz")
	f, err := os.Create(file)
	if err != nil {
		t.Fatal(err)
	}
	m, err := backup.Write(context.Background(), env.Store, f, backup.Options{ArchiveDir: archiveDir, Now: env.Clock.Now(), TempDir: t.TempDir(), Snapshot: opts})
	if err != nil {
		t.Fatalf("backup: %v", err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	return file, m
}

// emptyEnv is a fresh Redis with an engine on org at the clock's time.
func emptyEnv(t *testing.T, org *config.Org, now time.Time) *testenv.Env {
	t.Helper()
	env := testenv.NewWith(t, org)
	env.Clock.Set(now)
	return env
}

func restore(t *testing.T, env *testenv.Env, file, archiveDir string, force bool) (*backup.RestoreResult, error) {
	t.Helper()
	return backup.Restore(context.Background(), env.Store, file, backup.RestoreOptions{ArchiveDir: archiveDir, Force: force,
		Now: env.Clock.Now(), Schema: store.SchemaVersion()})
}

// reports is every report of the two days, as JSON: by every grouping, for each site, the
// centre's branch-less scope and the province, over Monday, Tuesday and both.
func reports(t *testing.T, env *testenv.Env) map[string]string {
	t.Helper()
	b := &report.Builder{Source: env.Store, Org: env.Engine.Org, Now: env.Clock.Now, KeepDays: 35}
	out := map[string]string{}
	for _, by := range report.Groupings {
		for _, site := range []string{"", "centre", "point"} {
			for _, period := range [][2]string{{"2026-11-23", "2026-11-23"}, {"2026-11-24", "2026-11-24"}, {"2026-11-23", "2026-11-24"}} {
				q, err := report.ParseQuery(site, period[0], period[1], by, "", env.Clock.Now())
				if err != nil {
					t.Fatal(err)
				}
				r, err := b.Build(context.Background(), q)
				if err != nil {
					t.Fatalf("report %s %s %v: %v", by, site, period, err)
				}
				data, err := json.Marshal(r)
				if err != nil {
					t.Fatal(err)
				}
				out[by+" "+site+" "+period[0]+".."+period[1]] = string(data)
			}
		}
	}
	return out
}

// histories is every ticket of both days with its history, as JSON, by ticket id.
func histories(t *testing.T, env *testenv.Env) map[string]string {
	t.Helper()
	ctx := context.Background()
	out := map[string]string{}
	for _, site := range env.Org.Sites {
		for _, day := range []string{"20261123", "20261124"} {
			tickets, err := env.Store.DayTickets(ctx, site.ID, day)
			if err != nil {
				t.Fatal(err)
			}
			for _, tk := range tickets {
				h, err := env.Store.History(ctx, tk.ID)
				if err != nil {
					t.Fatal(err)
				}
				data, _ := json.Marshal(struct {
					T *queue.Ticket
					H []queue.HistoryEntry
				}{tk, h})
				out[tk.ID] = string(data)
			}
		}
	}
	return out
}

func diff(t *testing.T, what string, got, want map[string]string) {
	t.Helper()
	if len(got) != len(want) {
		t.Errorf("%s: got %d, want %d", what, len(got), len(want))
	}
	n := 0
	for k, w := range want {
		if g := got[k]; g != w && n < 3 {
			n++
			t.Errorf("%s %s:\n got  %.400s\n want %.400s", what, k, g, w)
		}
	}
}

// TestBackupRestoreBusyDays: a busy day rolled up and a busy morning, backed up and restored
// into an empty Redis and an empty archive folder, give identical reports (JSON of every
// grouping, site and period), identical tickets and histories, users, devices and archive
// files; the restored store goes on numbering where the original does. A restore into a
// Redis with data refuses and changes nothing, unless forced.
func TestBackupRestoreBusyDays(t *testing.T) {
	ctx := context.Background()
	src := testenv.New(t)
	srcArchive := t.TempDir()
	busyDays(t, src, srcArchive)
	admin := store.User{Username: "admin", FullName: "Quản trị", Role: queue.RoleAdmin, Sites: []string{}}
	if err := src.Store.PutUser(ctx, admin); err != nil {
		t.Fatal(err)
	}
	kiosk := store.Device{ID: "kiosk-centre", Site: "centre", Kind: queue.DeviceKiosk, Name: "Kiosk sảnh", CreatedAt: src.Clock.Now()}
	if err := src.Store.CreateDevice(ctx, kiosk, "d_token-of-the-kiosk"); err != nil {
		t.Fatal(err)
	}
	if err := src.Store.NewSession(ctx, "session-token", &admin, "csrf", time.Hour); err != nil {
		t.Fatal(err)
	}
	file, m := writeBackup(t, src, srcArchive, store.SnapshotOptions{})
	if m.Keys == 0 || len(m.Sites) != 2 || len(m.Files) != 2 {
		t.Fatalf("manifest: %d keys, sites %v, files %v; want keys, 2 sites, keys.bin and one archive file", m.Keys, m.Sites, m.Files)
	}

	dst := emptyEnv(t, src.Org, src.Clock.Now())
	dstArchive := t.TempDir()
	res, err := restore(t, dst, file, dstArchive, false)
	if err != nil {
		t.Fatalf("restore: %v", err)
	}
	if res.Restored == 0 || res.Files != 1 || res.Wiped != 0 {
		t.Errorf("restore: %+v", res)
	}
	rs := reports(t, src)
	t.Logf("%d reports, %d tickets; restore %+v", len(rs), len(histories(t, src)), *res)
	diff(t, "report", reports(t, dst), rs)
	diff(t, "ticket", histories(t, dst), histories(t, src))
	for _, day := range []string{"2026-11-23"} {
		got, err1 := os.ReadFile(archive.Path(dstArchive, day))
		want, err2 := os.ReadFile(archive.Path(srcArchive, day))
		if err1 != nil || err2 != nil || !bytes.Equal(got, want) {
			t.Errorf("archive of %s: not restored identically (%v, %v)", day, err1, err2)
		}
	}
	if u, err := dst.Store.User(ctx, "admin"); err != nil || u.FullName != "Quản trị" {
		t.Errorf("user admin: %+v, %v", u, err)
	}
	if p, err := dst.Store.Resolve(ctx, "d_token-of-the-kiosk"); err != nil || p.Device == nil || p.Device.ID != kiosk.ID {
		t.Errorf("the kiosk's token after a restore: %+v, %v; want the kiosk", p, err)
	}
	if _, err := dst.Store.Resolve(ctx, "session-token"); !errors.Is(err, queue.ErrUnauthorized) {
		t.Errorf("a session after a restore: %v; want none (sessions are left out)", err)
	}
	// the restored store numbers on, without a gap or a repeat (DESIGN.md §4.1)
	a, err := src.Engine.Issue(ctx, testenv.Kiosk("centre"), "centre", "dat-dai", "", "")
	if err != nil {
		t.Fatal(err)
	}
	b, err := dst.Engine.Issue(ctx, testenv.Kiosk("centre"), "centre", "dat-dai", "", "")
	if err != nil {
		t.Fatal(err)
	}
	if a.Number != b.Number || a.Number == "A001" {
		t.Errorf("the next number: original %s, restored %s; want the same, after the day's", a.Number, b.Number)
	}
	// a display that saw events before the restore takes a fresh snapshot, not a replay of
	// the restored store's new events onto a state that no longer holds
	seen := src.Redis.Client().XRevRangeN(ctx, store.SitePrefix("centre")+"events", "+", "-", 2).Val()
	if len(seen) != 2 {
		t.Fatal("the original has no events")
	}
	if _, ok, err := dst.Store.Replay(ctx, "centre", seen[1].ID, 10_000); ok || err != nil {
		t.Errorf("replay after a restore from an event before it: got ok %v, %v; want a snapshot", ok, err)
	}

	// into a Redis with data: refused, nothing changed; forced: restored again
	before := dst.Redis.Client().DBSize(ctx).Val()
	if _, err := restore(t, dst, file, dstArchive, false); !errors.Is(err, backup.ErrNotEmpty) {
		t.Fatalf("restore into a Redis with data: got %v, want ErrNotEmpty", err)
	}
	if after := dst.Redis.Client().DBSize(ctx).Val(); after != before {
		t.Errorf("the refused restore changed Redis: %d keys, was %d", after, before)
	}
	res, err = restore(t, dst, file, dstArchive, true)
	if err != nil || res.Wiped == 0 || res.Same != 1 {
		t.Fatalf("forced restore: %+v, %v", res, err)
	}
	diff(t, "report after a forced restore", reports(t, dst), reports(t, emptyRestored(t, src, file)))
}

// emptyRestored is the backup restored into another empty Redis.
func emptyRestored(t *testing.T, src *testenv.Env, file string) *testenv.Env {
	t.Helper()
	env := emptyEnv(t, src.Org, src.Clock.Now())
	if _, err := restore(t, env, file, t.TempDir(), false); err != nil {
		t.Fatal(err)
	}
	return env
}

// TestRestoreRefusesDamagedFiles: a truncated file, a file with one byte changed and a file
// of something else are refused before Redis is touched.
func TestRestoreRefusesDamagedFiles(t *testing.T) {
	src := testenv.New(t)
	if _, err := src.Engine.Issue(context.Background(), testenv.Kiosk("centre"), "centre", "dat-dai", "", ""); err != nil {
		t.Fatal(err)
	}
	file, _ := writeBackup(t, src, "", store.SnapshotOptions{})
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	dst := emptyEnv(t, src.Org, src.Clock.Now())
	for name, bad := range map[string][]byte{
		"truncated": data[:len(data)*2/3],
		"not gzip":  []byte("hello"),
		"byte flipped": func() []byte {
			b := bytes.Clone(data)
			b[len(b)/2] ^= 0x40
			return b
		}(),
	} {
		p := filepath.Join(t.TempDir(), "bad")
		os.WriteFile(p, bad, 0o600)
		if _, err := restore(t, dst, p, t.TempDir(), false); err == nil {
			t.Errorf("%s: restored", name)
		}
		if n := dst.Redis.Client().DBSize(context.Background()).Val(); n != 0 {
			t.Fatalf("%s: the refused restore wrote %d keys", name, n)
		}
	}
}
