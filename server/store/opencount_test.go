package store_test

import (
	"context"
	"strconv"
	"testing"

	"luot/server/internal/redistest"
	"luot/server/internal/testenv"
	"luot/server/queue"
)

// TestOpenCountKept: the open counters serving each service are kept as counts between
// counter changes: an issue with the counts kept reads no counter (one HMGET, of the counts),
// a pause, a resume, a close or a change of services drops them, and the next issue counts
// anew, right.
func TestOpenCountKept(t *testing.T) {
	env := testenv.New(t)
	ctx := context.Background()
	rdb := env.Redis.Client()
	counters := queue.CounterIDs(env.Org.Site("centre"))
	o1, o2 := testenv.Officer("o1", "centre"), testenv.Officer("o2", "centre")
	if _, err := env.Engine.Open(ctx, o1, "centre", "q1", nil); err != nil { // dat-dai
		t.Fatal(err)
	}
	if _, err := env.Engine.Open(ctx, o2, "centre", "q2", nil); err != nil { // dat-dai, ho-tich
		t.Fatal(err)
	}
	openFor := func(step string, want int) {
		t.Helper()
		tk, err := env.Engine.Issue(ctx, testenv.Kiosk("centre"), "centre", "dat-dai", "", "")
		if err != nil {
			t.Fatal(err)
		}
		v, err := env.Store.Ticket(ctx, tk.ID, counters)
		if err != nil {
			t.Fatal(err)
		}
		kept, err := rdb.HGet(ctx, "luot:{centre}:open", "dat-dai").Result()
		if err != nil && rdb.HExists(ctx, "luot:{centre}:open", "_").Val() {
			kept, err = "0", nil // kept: no open counter serves it
		}
		if v.OpenCounters != want || kept != strconv.Itoa(want) {
			t.Fatalf("%s: got %d open counters serving dat-dai (kept %q, %v), want %d", step, v.OpenCounters, kept, err, want)
		}
	}
	hmgets := func() int { return int(redistest.Commands(t, rdb)["hmget"]["calls"]) }
	openFor("q1 and q2 open", 2)
	before := hmgets()
	openFor("counts kept", 2)
	if n := hmgets() - before; n != 2 { // the issue's and the ticket read's, of the counts only
		t.Fatalf("an issue and a read with the counts kept: got %d HMGETs, want 2 (no counter read)", n)
	}
	if _, err := env.Engine.Pause(ctx, o2, "centre", "q2", "nghỉ giải lao"); err != nil {
		t.Fatal(err)
	}
	openFor("q2 paused", 1)
	if _, err := env.Engine.Resume(ctx, o2, "centre", "q2"); err != nil {
		t.Fatal(err)
	}
	openFor("q2 resumed", 2)
	if _, err := env.Engine.Open(ctx, o2, "centre", "q2", []string{"ho-tich"}); err != nil {
		t.Fatal(err)
	}
	openFor("q2 serves ho-tich only", 1)
	if _, err := env.Engine.Close(ctx, o1, "centre", "q1"); err != nil {
		t.Fatal(err)
	}
	openFor("q1 closed", 0)
}
