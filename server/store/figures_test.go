package store

import (
	"context"
	"testing"

	"github.com/redis/go-redis/v9"
)

// TestKeepFiguresTakesBack: keep_figures applies the difference of any change, also one no
// transition makes today — a finished, rated ticket taken back to serving loses its served,
// service time and rating, and keeps its wait; a ticket without issued_service (issued before
// the figures were kept) changes nothing.
func TestKeepFiguresTakesBack(t *testing.T) {
	ctx := context.Background()
	s := testStore(t)
	read := func(name string) string {
		b, err := luaFiles.ReadFile("lua/" + name + ".lua")
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	script := redis.NewScript(read("base") + "\n" + read("figures") + `
local t = {id = 'x', day = '20261123', issued_service = 'a', hour = '09', status = 'waiting',
  issued_at = '1000', called_at = '', started_at = '', finished_at = '', counter = '',
  officer = '', rating = '', first_called_at = ''}
keep_figures(t, 100)
t.status, t.called_at, t.counter, t.officer = 'called', '61000', 'q1', 'o'
keep_figures(t, 100)
t.status, t.finished_at, t.rating = 'done', '181000', 'good'
keep_figures(t, 100)
t.status, t.finished_at, t.rating = 'serving', '', ''
keep_figures(t, 100)
local legacy = {id = 'y', day = '20261123', hour = '09', status = 'done', issued_at = '1000',
  called_at = '2000', finished_at = '3000', counter = 'q1', officer = 'o', rating = 'good'}
keep_figures(legacy, 100)
return 1
`)
	if err := script.Run(ctx, s.rdb, []string{streamKey("a")}, SitePrefix("a")).Err(); err != nil {
		t.Fatal(err)
	}
	f, _, err := s.DayFigures(ctx, "a", "20261123", []string{"service", "counter", "officer", "hour"})
	if err != nil || f[FiguresTotal]["|issued"] != "1" {
		t.Fatalf("got %v, %v; want one ticket counted", f, err)
	}
	want := map[string]string{"issued": "1", "wait_ms": "60000", "wh:1": "1", "served": "0", "timed": "0", "service_ms": "0", "r:good": "0"}
	for dim, key := range map[string]string{"service": "a", "counter": "q1", "officer": "o", "hour": "09"} {
		for figure, n := range want {
			if got := f[dim][key+"|"+figure]; got != n {
				t.Errorf("%s %s|%s: got %q, want %q", dim, key, figure, got, n)
			}
		}
	}
	if got := f["counter"]["|issued"]; got != "0" {
		t.Errorf("counter never called: got %q, want 0 once called", got)
	}
	if ttl := s.rdb.TTL(ctx, figuresKey("a", "20261123", "hour")).Val(); ttl <= 100 {
		t.Errorf("the day's figures live %v, want longer than a ticket", ttl)
	}
}
