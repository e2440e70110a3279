// Package ready tracks the start-up steps of one server process, so that /readyz says
// "ready" only once every step is done (an orchestrator or a deploy script that waits for it
// and then logs in must never meet a half-started server) and, until then, names what is
// still pending.
package ready

import (
	"slices"
	"sync"
	"sync/atomic"
)

// The start-up steps of `luot serve`, in the order they run.
const (
	// Schema: the store's schema version is checked and an older store migrated.
	Schema = "schema"
	// Scripts: every Lua script is loaded into Redis (and so compiles).
	Scripts = "scripts"
	// Admin: the user admin exists with LUOT_ADMIN_PASSWORD (only when it is set).
	Admin = "admin"
	// Feed: the live feed has read every site's stream tail and follows the streams, so a
	// websocket client's snapshot is never older than what the feed delivers after it.
	Feed = "feed"
)

// Steps is the set of start-up steps of one process. It is safe for concurrent use; a nil
// *Steps has no steps and is always ready (tests that build the API alone).
type Steps struct {
	mu    sync.Mutex
	order []string
	done  map[string]bool
	ready atomic.Bool // every step done: read on every request, so no lock
}

// New returns the steps named, none of them done yet.
func New(names ...string) *Steps {
	s := &Steps{order: slices.Clone(names), done: map[string]bool{}}
	s.ready.Store(len(names) == 0)
	return s
}

// Done marks a step done; marking it again, or a step not named in New, changes nothing.
func (s *Steps) Done(name string) {
	if s == nil {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if !slices.Contains(s.order, name) {
		return
	}
	s.done[name] = true
	s.ready.Store(len(s.done) == len(s.order))
}

// Ready reports whether every step is done.
func (s *Steps) Ready() bool {
	return s == nil || s.ready.Load()
}

// Pending lists the steps not done yet, in the order of New.
func (s *Steps) Pending() []string {
	if s == nil {
		return nil
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []string
	for _, n := range s.order {
		if !s.done[n] {
			out = append(out, n)
		}
	}
	return out
}
