package live

import (
	"context"
	"testing"
	"time"
)

// TestRunner: Restart before Start runs nothing; Start runs one feed; Restart ends it and
// runs another; the end of Start's context ends the last.
func TestRunner(t *testing.T) {
	started := make(chan context.Context, 4)
	r := NewRunner(func(ctx context.Context) { started <- ctx })
	r.Restart()
	select {
	case <-started:
		t.Fatal("Restart before Start: got a feed, want none")
	case <-time.After(50 * time.Millisecond):
	}
	ctx, cancel := context.WithCancel(context.Background())
	r.Start(ctx)
	first := <-started
	r.Restart()
	second := <-started
	select {
	case <-first.Done():
	case <-time.After(5 * time.Second):
		t.Fatal("Restart: the first feed's context did not end")
	}
	if second.Err() != nil {
		t.Fatalf("Restart: got the second feed's context ended (%v), want it running", second.Err())
	}
	cancel()
	select {
	case <-second.Done():
	case <-time.After(5 * time.Second):
		t.Fatal("the end of Start's context did not end the feed")
	}
}
