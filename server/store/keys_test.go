package store

import (
	"context"
	"encoding/json"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/redis/go-redis/v9"
)

// derivedShapes are the only keys a script may build itself with k() (lua/base.lua's rule):
// the keys it derives from data it reads or that are per ticket. Every other key comes in
// KEYS, built by Go. Each shape maps to its Go builder, applied to the same parts.
var derivedShapes = map[string]func(site string, parts []string) string{
	"t":      func(s string, p []string) string { return ticketKey(s, p[0]) },
	"h":      func(s string, p []string) string { return historyKey(s, p[0]) },
	"q":      func(s string, p []string) string { return queueKey(s, p[0]) },
	"r":      func(s string, p []string) string { return reservedKey(s, p[0]) },
	"bk":     func(s string, p []string) string { return bookingKey(s, p[0]) },
	"n":      func(s string, p []string) string { return issuedKey(s, p[0], p[1]) },
	"fig":    func(s string, p []string) string { return figuresKey(s, p[0], p[1]) },
	"bkdone": func(s string, p []string) string { return bookingsDoneKey(s, p[0]) },
	"slot":   func(s string, p []string) string { return slotKey(s, p[0], p[1], p[2]) },
}

// fixedShapes are the keys Go passes in KEYS, by the name a k() call would give them: the
// test proves they are also what k() would build, so a key is one name whichever side builds
// it (a backup's shapes, a schema step, an old script still running during a deploy).
var fixedShapes = map[string]func(site string, parts []string) string{
	"events": func(s string, _ []string) string { return streamKey(s) },
	"moved":  func(s string, _ []string) string { return movedChannel(s) },
	"w":      func(s string, _ []string) string { return waitingKey(s) },
	"open":   func(s string, _ []string) string { return openKey(s) },
	"svcmin": func(s string, _ []string) string { return svcminKey(s) },
	"order":  func(s string, _ []string) string { return orderKey(s) },
	"c":      func(s string, p []string) string { return counterKey(s, p[0]) },
	"seq":    func(s string, p []string) string { return seqKey(s, p[0], p[1]) },
	"day":    func(s string, p []string) string { return dayKey(s, p[0]) },
	"num":    func(s string, p []string) string { return numberKey(s, p[0]) },
	"idem":   func(s string, p []string) string { return idempotencyKey(s, "device:k1", "abc") },
	"kiosk":  func(s string, p []string) string { return kioskKey(s, p[0]) },
	"apwait": func(s string, p []string) string { return apwaitKey(s, p[0]) },
	"aprank": func(s string, p []string) string { return aprankKey(s, p[0]) },
	"bkcode": func(s string, _ []string) string { return bookingCodesKey(s) },
	"bkday":  func(s string, p []string) string { return bookingDayKey(s, p[0]) },
	"watch":  func(s string, p []string) string { return watchKey(s, p[0]) },
	"agg":    func(s string, p []string) string { return aggKey(s, p[0]) },
}

// shapeParts are the parts each shape is tried with.
var shapeParts = map[string][]string{
	"t": {"centre.X1"}, "h": {"centre.X1"}, "q": {"dat-dai"}, "r": {"q01"}, "bk": {"centre.B1"},
	"n": {"dat-dai", "20261207"}, "fig": {"20261207", "service"}, "bkdone": {"20261207"},
	"slot": {"dat-dai", "2026-12-07", "08:30"}, "c": {"q01"}, "seq": {"A", "20261207"},
	"day": {"20261207"}, "num": {"20261207"}, "idem": {"device:k1|abc"}, "kiosk": {"k1"},
	"apwait": {"20261207"}, "aprank": {"20261207"}, "bkday": {"2026-12-07"}, "watch": {"20261207"},
	"agg": {"20261207"},
}

// TestLuaKeysMatchGo: k() of lua/base.lua, run in Redis, names every key exactly as Go's
// builders do; and the scripts build with k() only the derived shapes — a fixed key (one
// whose name is known before the call) built in a script fails here: it belongs in KEYS.
func TestLuaKeysMatchGo(t *testing.T) {
	ctx := context.Background()
	s := testStore(t)
	const site = "centre"

	names := make([]string, 0, len(derivedShapes)+len(fixedShapes))
	builders := map[string]func(string, []string) string{}
	for name, b := range derivedShapes {
		names, builders[name] = append(names, name), b
	}
	for name, b := range fixedShapes {
		names, builders[name] = append(names, name), b
	}
	sort.Strings(names)
	var calls []string
	for _, name := range names {
		args := []string{"'" + name + "'"}
		for _, p := range shapeParts[name] {
			args = append(args, "'"+p+"'")
		}
		calls = append(calls, "k("+strings.Join(args, ", ")+")")
	}
	src := ScriptSource("rate") // base.lua, figures.lua and lib.lua, then a script
	src = src[:strings.Index(src, "-- rate.lua")] + "return cjson.encode({" + strings.Join(calls, ", ") + "})\n"
	c := readCall(site, nil)
	js, err := redis.NewScript(src).Run(ctx, s.rdb, c.Keys, c.Args...).Text()
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	if err := json.Unmarshal([]byte(js), &got); err != nil {
		t.Fatalf("%s: %v", js, err)
	}
	for i, name := range names {
		if want := builders[name](site, shapeParts[name]); got[i] != want {
			t.Errorf("k(%s) = %q, Go's builder %q", strings.Join(append([]string{name}, shapeParts[name]...), ", "), got[i], want)
		}
	}

	// the scripts' own k() calls: derived shapes only
	used := regexp.MustCompile(`\bk\('([a-z]+)'`)
	files, err := luaFiles.ReadDir("lua")
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		body, err := luaFiles.ReadFile("lua/" + f.Name())
		if err != nil {
			t.Fatal(err)
		}
		if strings.Contains(string(body), "local function k(") {
			continue // a script of no site with its own k() of derived auth keys (pair.lua: TestPairKeysAreGos)
		}
		for _, m := range used.FindAllStringSubmatch(string(body), -1) {
			if derivedShapes[m[1]] == nil {
				t.Errorf("%s builds k('%s'…): a key known before the call comes in KEYS, built by Go (base.lua)", f.Name(), m[1])
			}
		}
	}
}
