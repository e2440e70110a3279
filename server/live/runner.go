package live

import (
	"context"
	"sync"
)

// Runner starts the feed of a server (a Live's Run) and restarts it when the list of sites
// changes (a reload of the organisation file): one feed at a time, within the context of
// its first Start.
type Runner struct {
	run    func(context.Context)
	mu     sync.Mutex
	parent context.Context    // Start's; nil until started
	stop   context.CancelFunc // the running feed's
}

// NewRunner returns a Runner of run, not yet started.
func NewRunner(run func(context.Context)) *Runner { return &Runner{run: run} }

// Start runs the feed until ctx ends; a second Start restarts it within the new ctx.
func (r *Runner) Start(ctx context.Context) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.parent = ctx
	r.startLocked()
}

// Restart stops the running feed and starts a new one, which reads the engine's current
// sites; before Start it does nothing (the start-up starts the feed once the schema is
// known).
func (r *Runner) Restart() {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.parent != nil {
		r.startLocked()
	}
}

func (r *Runner) startLocked() {
	if r.stop != nil {
		r.stop()
	}
	var ctx context.Context
	ctx, r.stop = context.WithCancel(r.parent)
	go r.run(ctx)
}
