// Package reporttest plays a known day at the test organisation (testenv.OrgYAML) with a
// fake clock, so that the tests of reports, the rollup and the admin API assert every figure
// of it exactly. Expected figures are worked out by hand in Scripted's comments.
package reporttest

import (
	"context"
	"testing"
	"time"

	"luot/server/internal/testenv"
	"luot/server/queue"
)

// Day is the local date of the scripted day: Monday 23 November 2026.
const Day = "2026-11-23"

// Officers of the scripted day.
var (
	O1 = testenv.Officer("o1", "centre") // counter q1 of the centre
	O3 = testenv.Officer("o3", "centre") // counter q3 of the centre
	OP = testenv.Officer("op", "point")  // counter p1 of the point
)

// Scripted plays the day at env (whose clock stands at Monday 09:00) and returns the
// tickets by name. The day, with waits (issue → first call) and service times:
//
//	centre  t1 A001 dat-dai  09:00  called 09:18 by q1, no-show 09:21          wait 18
//	        t2 B001 ho-tich  09:00  called 09:10 by q3, start 09:11, done 09:19 wait 10, service 8, satisfied
//	        t3 A002 dat-dai  09:02  elderly: called first 09:06 by q1, start 09:07, done 09:17
//	                                                                          wait 4, service 10, very satisfied
//	        t4 A003 dat-dai  10:00  called 10:06 by q1, done by next 10:16    wait 6, service 10 (from the call), dissatisfied
//	        t5 B002 ho-tich  10:01  called 10:05 by q3, transferred to dat-dai keeping its place,
//	                                called again 10:16 by q1, start 10:20, done 10:26
//	                                                                          wait 4, service 6, very satisfied
//	        t6 C001 doanh-nghiep 10:02 never called
//	        t7 B003 ho-tich  14:00  called 14:03:30 by q3, start 14:05, done 14:12 wait 3.5, service 7
//	point   p1 B001 ho-tich  09:30  called 09:41 by p1, done 09:45            wait 11, service 4
//	        p2 A001 dat-dai  09:31  called 09:46 by p1, start 09:47, done 09:59 wait 15, service 12, satisfied
func Scripted(t testing.TB, env *testenv.Env) map[string]*queue.Ticket {
	t.Helper()
	ctx := context.Background()
	e := env.Engine
	start := time.Date(2026, 11, 23, 9, 0, 0, 0, testenv.Loc())
	at := func(hh, mm, ss int) {
		env.Clock.Set(time.Date(2026, 11, 23, hh, mm, ss, 0, testenv.Loc()))
	}
	env.Clock.Set(start)
	kiosk := map[string]queue.Actor{"centre": testenv.Kiosk("centre"), "point": testenv.Kiosk("point")}
	got := map[string]*queue.Ticket{}
	issue := func(name, site, service, priority string) {
		t.Helper()
		tk, err := e.Issue(ctx, kiosk[site], site, service, priority, "")
		if err != nil {
			t.Fatalf("issue %s: %v", name, err)
		}
		got[name] = tk
	}
	must := func(what string, _ *queue.Counter, err error) {
		t.Helper()
		if err != nil {
			t.Fatalf("%s: %v", what, err)
		}
	}
	act := func(a queue.Actor, site, counter, action string) {
		t.Helper()
		c, err := e.ActOnCurrent(ctx, a, site, counter, action)
		must(counter+" "+action, c, err)
	}
	next := func(a queue.Actor, site, counter string) {
		t.Helper()
		c, err := e.Next(ctx, a, site, counter)
		must(counter+" next", c, err)
	}
	open := func(a queue.Actor, site, counter string) {
		t.Helper()
		c, err := e.Open(ctx, a, site, counter, nil)
		must(counter+" open", c, err)
	}
	// serve calls the next ticket at a counter, starts its service and finishes it, at the
	// times of day call, start and end.
	type hms [3]int
	serve := func(a queue.Actor, site, counter string, call, start, end hms) {
		t.Helper()
		at(call[0], call[1], call[2])
		next(a, site, counter)
		at(start[0], start[1], start[2])
		act(a, site, counter, queue.ActStart)
		at(end[0], end[1], end[2])
		act(a, site, counter, queue.ActFinish)
	}

	at(9, 0, 0)
	issue("t1", "centre", "dat-dai", "")
	issue("t2", "centre", "ho-tich", "")
	at(9, 2, 0)
	issue("t3", "centre", "dat-dai", "elderly")
	at(9, 5, 0)
	open(O1, "centre", "q1")
	open(O3, "centre", "q3")
	at(9, 6, 0)
	next(O1, "centre", "q1") // t3, priority first
	at(9, 7, 0)
	act(O1, "centre", "q1", queue.ActStart)
	at(9, 10, 0)
	next(O3, "centre", "q3") // t2
	at(9, 11, 0)
	act(O3, "centre", "q3", queue.ActStart)
	at(9, 17, 0)
	act(O1, "centre", "q1", queue.ActFinish) // t3 done
	at(9, 18, 0)
	next(O1, "centre", "q1") // t1
	at(9, 19, 0)
	act(O3, "centre", "q3", queue.ActFinish) // t2 done
	at(9, 21, 0)
	act(O1, "centre", "q1", queue.ActNoShow) // t1 absent

	at(9, 30, 0)
	issue("p1", "point", "ho-tich", "")
	at(9, 31, 0)
	issue("p2", "point", "dat-dai", "")
	at(9, 40, 0)
	open(OP, "point", "p1")
	at(9, 41, 0)
	next(OP, "point", "p1") // p1
	at(9, 45, 0)
	act(OP, "point", "p1", queue.ActFinish)
	serve(OP, "point", "p1", hms{9, 46, 0}, hms{9, 47, 0}, hms{9, 59, 0}) // p2

	at(10, 0, 0)
	issue("t4", "centre", "dat-dai", "")
	at(10, 1, 0)
	issue("t5", "centre", "ho-tich", "")
	at(10, 2, 0)
	issue("t6", "centre", "doanh-nghiep", "")
	at(10, 5, 0)
	next(O3, "centre", "q3") // t5
	c, err := e.Transfer(ctx, O3, "centre", "q3", "dat-dai", "", true)
	must("transfer t5", c, err)
	at(10, 6, 0)
	next(O1, "centre", "q1") // t4 (issued before t5, which kept its place)
	// t4 done by the next, which calls t5
	serve(O1, "centre", "q1", hms{10, 16, 0}, hms{10, 20, 0}, hms{10, 26, 0})

	at(14, 0, 0)
	issue("t7", "centre", "ho-tich", "")
	serve(O3, "centre", "q3", hms{14, 3, 30}, hms{14, 5, 0}, hms{14, 12, 0}) // t7

	at(14, 30, 0)
	for name, level := range map[string]string{"t3": "very_satisfied", "t2": "satisfied", "t4": "dissatisfied", "t5": "very_satisfied", "p2": "satisfied"} {
		if _, err := e.Rate(ctx, queue.Actor{}, got[name].ID, level, "", ""); err != nil {
			t.Fatalf("rate %s: %v", name, err)
		}
	}
	at(15, 0, 0)
	for name, tk := range got {
		fresh, err := e.Ticket(ctx, tk.ID)
		if err != nil {
			t.Fatalf("read %s: %v", name, err)
		}
		got[name] = fresh
	}
	return got
}
