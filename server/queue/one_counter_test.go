package queue_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"luot/server/internal/testenv"
	"luot/server/queue"
)

// TestOneCounterAnOfficer is issue 10's race: one officer opening 6 counters at the same
// instant holds exactly one of them, every time; the others answer officer_busy. After
// closing it the officer may take another.
func TestOneCounterAnOfficer(t *testing.T) {
	env := testenv.NewWith(t, manyCounters(t, 6))
	ctx := context.Background()
	for round := range 20 {
		off := testenv.Officer(fmt.Sprintf("nhanh-tay-%d", round), "centre")
		var wg sync.WaitGroup
		start := make(chan struct{})
		errs := make([]error, 6)
		for i := range 6 {
			wg.Go(func() {
				<-start
				_, errs[i] = env.Engine.Open(ctx, off, "centre", fmt.Sprintf("c%d", i+1), nil)
			})
		}
		close(start)
		wg.Wait()
		held := ""
		for i, err := range errs {
			var p *queue.Problem
			switch {
			case err == nil:
				if held != "" {
					t.Fatalf("round %d: %s holds c%d and %s", round, off.User, i+1, held)
				}
				held = fmt.Sprintf("c%d", i+1)
			case errors.As(err, &p) && p.Reason == "officer_busy":
			default:
				t.Fatalf("round %d: open c%d: got %v, want success or officer_busy", round, i+1, err)
			}
		}
		if held == "" {
			t.Fatalf("round %d: no counter opened at all", round)
		}
		v, err := env.Engine.Site(ctx, "centre")
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range v.Counters {
			if c.Officer != nil && *c.Officer == off.User && c.ID != held {
				t.Fatalf("round %d: the site shows %s at %s besides %s", round, off.User, c.ID, held)
			}
		}
		if _, err := env.Engine.Close(ctx, off, "centre", held); err != nil {
			t.Fatal(err)
		}
		other := "c1"
		if held == "c1" {
			other = "c2"
		}
		if _, err := env.Engine.Open(ctx, off, "centre", other, nil); err != nil {
			t.Fatalf("round %d: after closing %s, open %s: %v", round, held, other, err)
		}
		if _, err := env.Engine.Close(ctx, off, "centre", other); err != nil {
			t.Fatal(err)
		}
	}
}

// TestOfficerClaimLeftBehind: a claim left by a crash between the steps of Open (the
// officer's key names a counter that never took them) blocks the officer only while an Open
// could still be on its way, then gives way.
func TestOfficerClaimLeftBehind(t *testing.T) {
	env := testenv.New(t)
	ctx := context.Background()
	off := testenv.Officer("bi-ket", "centre")
	claim := fmt.Sprintf("centre/q1|%d", env.Clock.Now().UnixMilli())
	if err := env.Redis.Client().Set(ctx, "luot:officer:bi-ket", claim, 0).Err(); err != nil {
		t.Fatal(err)
	}
	var p *queue.Problem
	if _, err := env.Engine.Open(ctx, off, "centre", "q2", nil); !errors.As(err, &p) || p.Reason != "officer_busy" {
		t.Fatalf("open q2 while a claim on q1 is fresh: got %v, want officer_busy", err)
	}
	env.Clock.Advance(31 * time.Second)
	if _, err := env.Engine.Open(ctx, off, "centre", "q2", nil); err != nil {
		t.Fatalf("open q2 once the claim on q1 is stale: %v", err)
	}
}
