package ready

import (
	"slices"
	"sync"
	"testing"
)

func TestSteps(t *testing.T) {
	s := New(Schema, Scripts, Admin, Feed)
	if s.Ready() {
		t.Fatal("ready before any step is done")
	}
	s.Done(Admin)
	s.Done(Admin) // twice is once
	s.Done("unknown")
	if got, want := s.Pending(), []string{Schema, Scripts, Feed}; !slices.Equal(got, want) {
		t.Fatalf("pending: got %v, want %v", got, want)
	}
	var wg sync.WaitGroup
	for _, n := range []string{Schema, Scripts, Feed} {
		wg.Add(1)
		go func() { defer wg.Done(); s.Done(n) }()
	}
	wg.Wait()
	if !s.Ready() || len(s.Pending()) != 0 {
		t.Fatalf("every step done: got ready %v, pending %v", s.Ready(), s.Pending())
	}
}

func TestNilAndEmptyAreReady(t *testing.T) {
	var s *Steps
	s.Done(Feed)
	if !s.Ready() || s.Pending() != nil {
		t.Errorf("nil steps: got ready %v, pending %v; want ready, none", s.Ready(), s.Pending())
	}
	if !New().Ready() {
		t.Error("no steps: not ready")
	}
}
