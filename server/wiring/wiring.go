// Package wiring builds a server from its parts, once, for every way it runs: `luot serve`,
// the test server of the browser tests (server/internal/testserver) and the API's tests. The
// API (and its hub, whose drops feed a metric), the live feed and its Runner, and the reload
// of the organisation file are put together here and nowhere else.
package wiring

import (
	"context"
	"io/fs"
	"log/slog"

	"github.com/gofiber/fiber/v2"

	"luot/config"
	"luot/server/api"
	"luot/server/hub"
	"luot/server/live"
	"luot/server/notify"
	"luot/server/queue"
	"luot/server/ready"
	"luot/server/store"
)

// Parts are what a server is built from.
type Parts struct {
	Engine   *queue.Engine
	Store    *store.Store
	Log      *slog.Logger
	Settings config.Settings
	// Pages maps a URL prefix ("/kiosk") to the files of that page; nil serves the API alone.
	Pages map[string]fs.FS
	// Ready are the start-up steps the API waits for; nil: always ready.
	Ready *ready.Steps
	// QueueSize is how far a live client may fall behind before it is dropped
	// (hub.DefaultQueueSize if not positive).
	QueueSize int
	// Reloadable lets the admin (and SIGHUP) re-read Settings.ConfigPath.
	Reloadable bool
	// Notifier, when set, serves remote numbers, appointments and notifications (without
	// it those routes answer 503).
	Notifier *Notifier
	// Revocations: the store's token cache hears the revocations of other instances
	// (store.FollowRevocations); serve's.
	Revocations bool
}

// Server is a built server: its fiber app, the API's handlers, the hub of its live clients
// and the Runner of its feed, which the caller starts (Feed.Start) when the feed may run.
type Server struct {
	App  *fiber.App
	API  *api.Server
	Hub  *hub.Hub
	Feed *live.Runner

	// Bookings are the rules of remote numbers and appointments, Outbox the notifier's
	// outbox (nil without a Notifier).
	Bookings *queue.Bookings
	Outbox   *notify.Outbox

	engine      *queue.Engine
	store       *store.Store
	log         *slog.Logger
	path        string
	notifier    *notifier
	revocations bool
	done        chan struct{}
}

// Build puts a server together from p.
func Build(p Parts) *Server {
	w := &Server{engine: p.Engine, store: p.Store, log: p.Log, path: p.Settings.ConfigPath, revocations: p.Revocations}
	d := api.Deps{Engine: p.Engine, Store: p.Store, Log: p.Log, Settings: p.Settings, Pages: p.Pages,
		Ready: p.Ready, QueueSize: p.QueueSize}
	if p.Notifier != nil {
		w.notifier = newNotifier(p.Notifier, p.Engine, p.Store, p.Log)
		w.Bookings, w.Outbox = w.notifier.bookings, w.notifier.outbox
		d.Bookings, d.Outbox = w.notifier.bookings, w.notifier.outbox
	}
	if p.Reloadable {
		d.Reload = w.Reload
	}
	w.App, w.API = api.New(d)
	w.Hub = w.API.Hub
	w.Feed = live.NewRunner(w.API.Feed)
	return w
}

// Start runs, until ctx ends, what serves beside the requests: the token revocations of
// other instances (Revocations) and the notifier's worker, notices and reminders (Notifier).
// The live feed starts apart (Feed.Start), once the start-up allows it. It returns at once;
// Wait waits for the notifier's worker to stop.
func (w *Server) Start(ctx context.Context) {
	if w.revocations {
		go w.store.FollowRevocations(ctx, w.log) // the token cache (store/tokencache.go)
	}
	if w.notifier != nil {
		done := make(chan struct{})
		w.done = done
		go func() { w.notifier.run(ctx); close(done) }()
	}
}

// Wait returns once what Start started has stopped (after ctx ended).
func (w *Server) Wait() {
	if w.done != nil {
		<-w.done
	}
}

// Reload re-reads the organisation file; the feed then follows the new list of sites. A
// file with errors changes nothing.
func (w *Server) Reload() error {
	o, err := config.Load(w.path)
	if err != nil {
		return err
	}
	w.engine.SetOrg(o)
	w.Feed.Restart()
	w.log.Info("organisation reloaded", "sites", len(o.Sites))
	return nil
}
