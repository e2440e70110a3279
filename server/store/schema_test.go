package store

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"testing"
	"time"

	"luot/server/internal/fakeclock"
	"luot/server/internal/redistest"
	"luot/server/queue"
)

func quietLog() *slog.Logger { return slog.New(slog.NewTextHandler(io.Discard, nil)) }

// v1Store writes a store as the release before schema versions wrote it: tickets, a user,
// no luot:schema key.
func v1Store(t *testing.T, s *Store, tickets int) {
	t.Helper()
	ctx := context.Background()
	m := queue.Meta{Now: time.Date(2026, 11, 23, 9, 0, 0, 0, s.loc), By: "device:kiosk"}
	for i := range tickets {
		if _, err := s.Issue(ctx, queue.IssueArgs{Site: "centre", Service: "dat-dai", Prefix: "A", Channel: queue.Kiosk,
			Day: "20261123", Counters: []string{"q1"}}, m); err != nil {
			t.Fatalf("issue %d: %v", i, err)
		}
	}
	if err := s.PutUser(ctx, User{Username: "admin", Role: queue.RoleAdmin, Sites: []string{}}); err != nil {
		t.Fatal(err)
	}
	if n := s.rdb.Exists(ctx, schemaKey).Val(); n != 0 {
		t.Fatal("a version-1 store has no schema key")
	}
}

// probeStep is a step for the tests (the code has none yet): it marks every ticket record
// "migrated", SCAN batch by SCAN batch, saving the cursor after each, and counts its visits
// of each key and its completions, so a test sees what ran twice. after, if set, runs after
// each batch, before its progress is saved (a crash there).
func probeStep(after func(batch int)) Migration {
	return Migration{To: 2, Name: "probe: mark every ticket", Run: func(ctx context.Context, s *Store, cursor string, save func(string) error) error {
		cur, _ := strconv.ParseUint(cursor, 10, 64)
		for batch := 0; ; batch++ {
			keys, next, err := s.rdb.Scan(ctx, cur, "luot:{*}:t:*", 20).Result()
			if err != nil {
				return wrap(err)
			}
			for _, k := range keys {
				pipe := s.rdb.TxPipeline()
				pipe.HSet(ctx, k, "probe", "migrated")
				pipe.HIncrBy(ctx, "luot:test:visits", k, 1)
				if _, err := pipe.Exec(ctx); err != nil {
					return wrap(err)
				}
			}
			if next == 0 {
				return wrap(s.rdb.Incr(ctx, "luot:test:finished").Err())
			}
			cur = next
			if after != nil {
				after(batch)
			}
			if err := save(strconv.FormatUint(cur, 10)); err != nil {
				return err
			}
		}
	}}
}

func TestMigrateEmptyAndVersion1(t *testing.T) {
	ctx := context.Background()
	clock := fakeclock.New(time.Date(2026, 11, 23, 6, 0, 0, 0, time.UTC))

	empty := testStore(t)
	from, to, err := empty.migrate(ctx, []Migration{probeStep(nil)}, clock, quietLog())
	if err != nil || from != 0 || to != 2 {
		t.Fatalf("empty Redis: got %d → %d, %v; want 0 → 2", from, to, err)
	}
	if st, _ := empty.Schema(ctx); st.Version != 2 || empty.rdb.Exists(ctx, "luot:test:finished").Val() != 0 {
		t.Errorf("empty Redis: got version %d and the step ran; want version 2 and nothing migrated", st.Version)
	}

	// the release before versions: no key, data → version 1 → the step runs
	old := testStore(t)
	v1Store(t, old, 30)
	from, to, err = old.migrate(ctx, []Migration{probeStep(nil)}, clock, quietLog())
	if err != nil || from != 0 || to != 2 {
		t.Fatalf("version-1 store: got %d → %d, %v; want 0 → 2", from, to, err)
	}
	checkMigrated(t, old, 30)
	// again: nothing to do, the step does not run twice
	if from, to, err = old.migrate(ctx, []Migration{probeStep(nil)}, clock, quietLog()); err != nil || from != 2 || to != 2 {
		t.Fatalf("second start: got %d → %d, %v; want 2 → 2", from, to, err)
	}
	if n := old.rdb.Get(ctx, "luot:test:finished").Val(); n != "1" {
		t.Errorf("the step finished %s times, want once", n)
	}

	// this binary (no steps: version 1) is older than the store
	_, _, err = old.migrate(ctx, nil, clock, quietLog())
	if !errors.Is(err, ErrSchemaNewer) || !strings.Contains(err.Error(), "schema version 2, this binary writes version 1") {
		t.Errorf("store newer than the binary: got %v, want ErrSchemaNewer naming both versions", err)
	}
}

// checkMigrated checks that every ticket of v1Store was migrated, the step finished once and
// the schema is at version 2 with no step pending.
func checkMigrated(t *testing.T, s *Store, tickets int) map[string]string {
	t.Helper()
	ctx := context.Background()
	keys, err := s.rdb.Keys(ctx, "luot:{*}:t:*").Result()
	if err != nil || len(keys) != tickets {
		t.Fatalf("got %d ticket keys (%v), want %d", len(keys), err, tickets)
	}
	for _, k := range keys {
		if v := s.rdb.HGet(ctx, k, "probe").Val(); v != "migrated" {
			t.Errorf("%s not migrated", k)
		}
	}
	if n := s.rdb.Get(ctx, "luot:test:finished").Val(); n != "1" {
		t.Errorf("the step finished %q times, want once", n)
	}
	st, err := s.Schema(ctx)
	if err != nil || st.Version != 2 || st.Step != 0 || st.Cursor != "" {
		t.Errorf("schema: got %+v, %v; want version 2, no step pending", st, err)
	}
	if f := s.rdb.HGetAll(ctx, schemaKey).Val(); f["lock"] != "" {
		t.Errorf("the lock is left: %v", f)
	}
	return s.rdb.HGetAll(ctx, "luot:test:visits").Val()
}

// TestMigrateResumesAfterCrash kills -9 a process in the middle of a migration step (after
// it saved its progress twice), then starts the migration again: it resumes from the saved
// cursor (the keys before it are not visited again), finishes once, and the store is at the
// new version.
func TestMigrateResumesAfterCrash(t *testing.T) {
	if os.Getenv("LUOT_TEST_MIGRATE_CRASH") != "" {
		migrateUntilKilled()
		return
	}
	ctx := context.Background()
	srv := redistest.Start(t)
	loc, _ := time.LoadLocation("Asia/Ho_Chi_Minh")
	s := New(srv.Client(), loc, Options{})
	const tickets = 200
	v1Store(t, s, tickets)

	cmd := exec.Command(os.Args[0], "-test.run=^TestMigrateResumesAfterCrash$", "-test.count=1")
	cmd.Env = append(os.Environ(), "LUOT_TEST_MIGRATE_CRASH="+srv.URL())
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer cmd.Process.Kill()
	lines := bufio.NewScanner(out)
	saved := false
	for lines.Scan() {
		if lines.Text() == "saved twice" {
			saved = true
			break
		}
	}
	if !saved {
		t.Fatalf("the migrating process did not get to its second save")
	}
	cmd.Process.Signal(os.Kill)
	cmd.Wait()

	st, err := s.Schema(ctx)
	if err != nil || st.Version != 1 || st.Step != 2 || st.Cursor == "" {
		t.Fatalf("after the crash: got %+v, %v; want version 1, step 2 in progress with a cursor", st, err)
	}
	visited := s.rdb.HGetAll(ctx, "luot:test:visits").Val()
	if len(visited) == 0 || len(visited) >= tickets {
		t.Fatalf("after the crash %d of %d keys were migrated; want some, not all", len(visited), tickets)
	}

	// The dead process's lock expires 30 s after its last renewal: a clock past it resumes.
	clock := fakeclock.New(time.Now().Add(time.Minute))
	from, to, err := s.migrate(ctx, []Migration{probeStep(nil)}, clock, quietLog())
	if err != nil || from != 1 || to != 2 {
		t.Fatalf("restart: got %d → %d, %v; want 1 → 2", from, to, err)
	}
	after := checkMigrated(t, s, tickets)
	twice := 0
	for k, n := range after {
		if n != "1" {
			twice++
		}
		if _, before := visited[k]; before && n != "1" && n != "2" {
			t.Errorf("%s visited %s times", k, n)
		}
	}
	// Only the keys after the last saved cursor (one batch of SCAN) may be visited twice.
	if twice == 0 || twice > 40 || twice >= len(visited) {
		t.Errorf("%d keys were migrated twice of %d migrated before the crash: the restart did not resume from the saved cursor", twice, len(visited))
	}
}

// migrateUntilKilled is the crashing process of TestMigrateResumesAfterCrash: it migrates
// until the step saved twice, says so, and waits to be killed.
func migrateUntilKilled() {
	client, err := NewClient(os.Getenv("LUOT_TEST_MIGRATE_CRASH"))
	if err != nil {
		panic(err)
	}
	s := New(client, time.UTC, Options{})
	step := probeStep(func(batch int) {
		if batch == 2 { // batches 0 and 1 saved, batch 2 migrated but not saved
			fmt.Println("saved twice")
			select {} // until killed
		}
	})
	s.migrate(context.Background(), []Migration{step}, queue.SystemClock{}, quietLog())
	os.Exit(3) // unreachable: the step blocks
}

// TestMigrateConcurrentStarts starts four instances at once on a version-1 store: one
// migrates, the others wait for it, and the step runs once.
func TestMigrateConcurrentStarts(t *testing.T) {
	s := testStore(t)
	v1Store(t, s, 60)
	clock := queue.SystemClock{}
	errs := make(chan error, 4)
	for range 4 {
		go func() {
			st := New(s.rdb, s.loc, Options{})
			_, to, err := st.migrate(context.Background(), []Migration{probeStep(func(int) { time.Sleep(50 * time.Millisecond) })}, clock, quietLog())
			if err == nil && to != 2 {
				err = fmt.Errorf("ended at version %d", to)
			}
			errs <- err
		}()
	}
	for range 4 {
		if err := <-errs; err != nil {
			t.Error(err)
		}
	}
	for k, n := range checkMigrated(t, s, 60) {
		if n != "1" {
			t.Errorf("%s visited %s times; want once", k, n)
		}
	}
}
