package queue_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"luot/server/internal/testenv"
	"luot/server/queue"
)

// TestIdempotentIssueRetry: a kiosk's retry with the key of a ticket it was given gets that
// ticket again, even once the hours or the quota would refuse a new one, and creates nothing.
func TestIdempotentIssueRetry(t *testing.T) {
	env := testenv.New(t)
	ctx := context.Background()
	loc := testenv.Loc()
	k := testenv.Kiosk("centre")
	env.Clock.Set(time.Date(2026, 11, 23, 16, 59, 0, 0, loc))
	var first *queue.Ticket
	for i := range 5 { // doanh-nghiep's quota is 5 a day
		tk, err := env.Engine.Issue(ctx, k, "centre", "doanh-nghiep", "", "press-"+string(rune('a'+i)))
		if err != nil {
			t.Fatalf("ticket %d: %v", i+1, err)
		}
		if first == nil {
			first = tk
		}
	}
	retry := func(why string) {
		t.Helper()
		v0, _ := env.Engine.Site(ctx, "centre")
		tk, err := env.Engine.Issue(ctx, k, "centre", "doanh-nghiep", "", "press-a")
		if err != nil || tk.ID != first.ID || tk.Number != first.Number {
			t.Fatalf("%s: got %v, %v; want the first ticket %s %s", why, tk, err, first.ID, first.Number)
		}
		if v1, _ := env.Engine.Site(ctx, "centre"); v1.LastEvent != v0.LastEvent {
			t.Fatalf("%s: the retry appended an event (%s → %s)", why, v0.LastEvent, v1.LastEvent)
		}
	}
	retry("quota reached")
	if _, err := env.Engine.Issue(ctx, k, "centre", "doanh-nghiep", "", "press-z"); !errors.Is(err, queue.ErrQuotaReached) {
		t.Fatalf("a new key past the quota: got %v, want quota reached", err)
	}
	env.Clock.Set(time.Date(2026, 11, 23, 17, 0, 0, 0, loc))
	retry("after closing time")
	if _, err := env.Engine.Issue(ctx, k, "centre", "ho-tich", "", "press-z"); !errors.Is(err, queue.ErrOutsideHours) {
		t.Fatalf("a new key after closing time: got %v, want outside hours", err)
	}
}
