package backup_test

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"luot/server/internal/testenv"
	"luot/server/queue"
	"luot/server/report/reporttest"
	"luot/server/store"
)

// canonical is a key's value in a form that does not depend on how Redis encodes it (a
// set's DUMP lists its members in its hash table's order, which a RESTORE may change).
func canonical(t *testing.T, c *redis.Client, k string) string {
	t.Helper()
	ctx := context.Background()
	var v any
	var err error
	switch typ := c.Type(ctx, k).Val(); typ {
	case "string":
		v, err = c.Get(ctx, k).Result()
	case "hash":
		v, err = c.HGetAll(ctx, k).Result() // fmt prints maps sorted
	case "set":
		var m []string
		m, err = c.SMembers(ctx, k).Result()
		slices.Sort(m)
		v = m
	case "zset":
		v, err = c.ZRangeWithScores(ctx, k, 0, -1).Result()
	case "list":
		v, err = c.LRange(ctx, k, 0, -1).Result()
	default:
		t.Fatalf("%s: unexpected type %s", k, typ)
	}
	if err != nil {
		t.Fatalf("read %s: %v", k, err)
	}
	return fmt.Sprintf("%v", v)
}

// keptKeys reads every key a backup keeps (not the streams, sessions, login failures and
// locks) as its value and absolute expiry.
func keptKeys(t *testing.T, c *redis.Client) map[string]string {
	t.Helper()
	ctx := context.Background()
	out := map[string]string{}
	iter := c.Scan(ctx, 0, "luot:*", 1000).Iterator()
	for iter.Next(ctx) {
		k := iter.Val()
		if strings.HasSuffix(k, "}:events") || strings.Contains(k, ":session:") || strings.Contains(k, ":loginfail:") || strings.HasPrefix(k, "luot:rollup:lock:") {
			continue
		}
		v := canonical(t, c, k)
		if strings.HasPrefix(k, "luot:officer:") {
			// an officer's claim "site/counter|claimed-at": a restore rebuilds it from the
			// counters, naming the same counter without the time of the claim (which only
			// judges a claim whose counter lacks the officer: store.Store.Open)
			v, _, _ = strings.Cut(v, "|")
		}
		out[k] = fmt.Sprintf("%s expires %d", v, c.PExpireTime(ctx, k).Val())
	}
	if err := iter.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// everyTransition changes the test organisation's sites in every way a server does, and
// makes every kind of key a transition creates: a new day's list, sequences and quota
// counts, a queue that was empty, a counter's reserved set, a counter never opened before.
func everyTransition(t *testing.T, env *testenv.Env) {
	t.Helper()
	ctx := context.Background()
	e := env.Engine
	env.Clock.Set(env.Clock.Now().Add(24 * time.Hour)) // Tuesday: a new day's keys
	o1, o2, o4 := testenv.Officer("hook-o1", "centre"), testenv.Officer("hook-o2", "centre"), testenv.Officer("hook-o4", "centre")
	kiosk := testenv.Kiosk("centre")
	must := func(what string, err error) {
		t.Helper()
		if err != nil {
			t.Fatalf("%s: %v", what, err)
		}
	}
	var tk [6]*queue.Ticket
	var err error
	for i, svc := range []string{"dat-dai", "ho-tich", "doanh-nghiep", "dat-dai", "ho-tich", "dat-dai"} {
		prio := ""
		if i == 3 {
			prio = "elderly"
		}
		tk[i], err = e.Issue(ctx, kiosk, "centre", svc, prio, "idem-"+strconv.Itoa(i))
		must("issue", err)
	}
	_, err = e.Issue(ctx, testenv.Kiosk("point"), "point", "ho-tich", "", "")
	must("issue at the point", err)
	for _, c := range []struct {
		a  queue.Actor
		id string
	}{{o1, "q1"}, {o2, "q2"}, {o4, "q4"}} {
		_, err = e.Close(ctx, testenv.Admin, "centre", c.id) // whoever held it before
		if err != nil && !strings.Contains(err.Error(), "closed") {
			must("close "+c.id, err)
		}
		_, err = e.Open(ctx, c.a, "centre", c.id, nil)
		must("open "+c.id, err)
	}
	_, err = e.Next(ctx, o1, "centre", "q1")
	must("next", err)
	_, err = e.ActOnCurrent(ctx, o1, "centre", "q1", queue.ActRecall)
	must("recall", err)
	_, err = e.ActOnCurrent(ctx, o1, "centre", "q1", queue.ActStart)
	must("start", err)
	_, err = e.Transfer(ctx, o1, "centre", "q1", "", "q4", true) // reserved for q4
	must("transfer to a counter", err)
	_, err = e.Next(ctx, o2, "centre", "q2")
	must("next at q2", err)
	_, err = e.Transfer(ctx, o2, "centre", "q2", "doanh-nghiep", "", false)
	must("transfer to a service", err)
	_, err = e.Call(ctx, o2, "centre", "q2", tk[5].ID)
	must("call a number", err)
	_, err = e.ActOnCurrent(ctx, o2, "centre", "q2", queue.ActFinish)
	must("finish", err)
	_, err = e.Rate(ctx, queue.Actor{}, tk[5].ID, "satisfied", "", "")
	must("rate", err)
	_, err = e.SetPriority(ctx, testenv.Admin, tk[1].ID, "disability")
	must("priority", err)
	_, err = e.Next(ctx, o4, "centre", "q4")
	must("next at q4", err)
	_, err = e.ActOnCurrent(ctx, o4, "centre", "q4", queue.ActNoShow)
	must("no-show", err)
	_, err = e.Pause(ctx, o4, "centre", "q4", "họp giao ban")
	must("pause", err)
	_, err = e.Resume(ctx, o4, "centre", "q4")
	must("resume", err)
	_, err = e.Close(ctx, o4, "centre", "q4")
	must("close", err)
}

// TestBackupIsConsistentWhileServing: changes made between the backup's scan and its end —
// every kind of transition, new keys of every kind — are in the backup, and the restored
// store equals the original key by key (value and expiry) at the end.
func TestBackupIsConsistentWhileServing(t *testing.T) {
	src := testenv.New(t)
	busy := reporttest.NewBusy(t, src, at(0, 7, 30), nil, nil, nil)
	busy.Run(t, at(0, 9, 30))
	file, m := writeBackup(t, src, "", store.SnapshotOptions{AfterScan: func() { everyTransition(t, src) }})
	want := keptKeys(t, src.Redis.Client())

	dst := emptyEnv(t, src.Org, src.Clock.Now())
	if _, err := restore(t, dst, file, t.TempDir(), false); err != nil {
		t.Fatal(err)
	}
	got := keptKeys(t, dst.Redis.Client())
	for k, w := range want {
		if g, ok := got[k]; !ok {
			t.Errorf("%s is missing from the restored store", k)
		} else if g != w {
			t.Errorf("%s differs after the restore", k)
		}
	}
	for k := range got {
		if _, ok := want[k]; !ok {
			t.Errorf("%s is in the restored store only", k)
		}
	}
	t.Logf("%d keys, %d records, sites %v", len(want), m.Keys, m.Sites)
}

// TestBackupUnderLoad: kiosks issue and officers call at full speed, concurrently, while the
// backup runs; the restored store holds every invariant of a queue: each waiting ticket in
// its queue and nothing else there, the waiting counts, gapless numbers, each counter's
// ticket called to it.
func TestBackupUnderLoad(t *testing.T) {
	src := testenv.New(t)
	ctx := context.Background()
	officers := map[string]queue.Actor{}
	for _, c := range []string{"q1", "q2", "q3", "q4"} {
		officers[c] = testenv.Officer("load-"+c, "centre")
		if _, err := src.Engine.Open(ctx, officers[c], "centre", c, nil); err != nil {
			t.Fatal(err)
		}
	}
	stop := make(chan struct{})
	var wg sync.WaitGroup
	var stopOnce sync.Once
	halt := func() { stopOnce.Do(func() { close(stop) }); wg.Wait() }
	defer halt() // also when the test fails early: no load may outlive it
	var ops atomic.Int64
	for w := range 6 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			svcs := []string{"dat-dai", "ho-tich", "doanh-nghiep"}
			for i := 0; ; i++ {
				select {
				case <-stop:
					return
				default:
				}
				var err error
				if w < 3 {
					_, err = src.Engine.Issue(ctx, testenv.Kiosk("centre"), "centre", svcs[(i+w)%3], "", "")
				} else {
					c := []string{"q1", "q2", "q3", "q4"}[(i+w)%4]
					_, err = src.Engine.Next(ctx, officers[c], "centre", c)
				}
				if err != nil && !strings.Contains(err.Error(), "quota") {
					t.Errorf("load: %v", err)
					return
				}
				ops.Add(1)
			}
		}()
	}
	for ops.Load() < 200 {
		time.Sleep(5 * time.Millisecond)
	}
	file, _ := writeBackup(t, src, "", store.SnapshotOptions{})
	halt()
	checkQueues(t, "the original", src) // the checker holds on the store itself
	dst := emptyEnv(t, src.Org, src.Clock.Now())
	if _, err := restore(t, dst, file, t.TempDir(), false); err != nil {
		t.Fatal(err)
	}
	checkQueues(t, "the restored store", dst)
	t.Logf("%d operations during the test", ops.Load())
}

// checkQueues checks the invariants of the centre's queues in Redis.
func checkQueues(t *testing.T, what string, env *testenv.Env) {
	t.Helper()
	ctx := context.Background()
	c := env.Redis.Client()
	p := store.SitePrefix("centre")
	keys, err := c.Keys(ctx, p+"t:*").Result()
	if err != nil {
		t.Fatal(err)
	}
	waiting := map[string]int{}
	numbers := map[string]int{}
	inQueue := map[string]bool{}
	for _, svc := range []string{"dat-dai", "ho-tich", "doanh-nghiep"} {
		for _, id := range c.ZRange(ctx, p+"q:"+svc, 0, -1).Val() {
			inQueue[id] = true
		}
	}
	for _, k := range keys {
		tk := c.HGetAll(ctx, k).Val()
		id := strings.TrimPrefix(k, p+"t:")
		prefix := strings.TrimRight(tk["number"], "0123456789")
		numbers[prefix+":"+tk["day"]]++
		if tk["status"] == "waiting" {
			waiting[tk["service"]]++
			if !inQueue[id] {
				t.Errorf("%s: waiting ticket %s is in no queue", what, tk["number"])
			}
			delete(inQueue, id)
		}
	}
	for id := range inQueue {
		t.Errorf("%s: queued %s is not a waiting ticket", what, id)
	}
	for svc, n := range c.HGetAll(ctx, p+"w").Val() {
		if got, _ := strconv.Atoi(n); got != waiting[svc] {
			t.Errorf("%s: waiting count of %s is %d, %d tickets wait", what, svc, got, waiting[svc])
		}
	}
	for pd, n := range numbers {
		prefix, day, _ := strings.Cut(pd, ":")
		if seq, _ := c.Get(ctx, p+"seq:"+prefix+":"+day).Int(); seq != n {
			t.Errorf("%s: the sequence of %s on %s is %d for %d tickets", what, prefix, day, seq, n)
		}
	}
	for _, cid := range []string{"q1", "q2", "q3", "q4"} {
		cur := c.HGet(ctx, p+"c:"+cid, "ticket").Val()
		if cur == "" {
			continue
		}
		tk := c.HGetAll(ctx, p+"t:"+cur).Val()
		if tk["counter"] != cid || (tk["status"] != "called" && tk["status"] != "serving") {
			t.Errorf("%s: counter %s's ticket %s is %s at %s", what, cid, tk["number"], tk["status"], tk["counter"])
		}
	}
}
