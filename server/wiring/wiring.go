// Package wiring builds a server from its parts, once, for every way it runs: `luot serve`,
// the test server of the browser tests (server/internal/testserver) and the API's tests. The
// API (and its hub, whose drops feed a metric), the live feed and its Runner, and the reload
// of the organisation file are put together here and nowhere else.
package wiring

import (
	"io/fs"
	"log/slog"

	"github.com/gofiber/fiber/v2"

	"luot/config"
	"luot/server/api"
	"luot/server/hub"
	"luot/server/live"
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
}

// Server is a built server: its fiber app, the API's handlers, the hub of its live clients
// and the Runner of its feed, which the caller starts (Feed.Start) when the feed may run.
type Server struct {
	App  *fiber.App
	API  *api.Server
	Hub  *hub.Hub
	Feed *live.Runner

	engine *queue.Engine
	log    *slog.Logger
	path   string
}

// Build puts a server together from p.
func Build(p Parts) *Server {
	w := &Server{engine: p.Engine, log: p.Log, path: p.Settings.ConfigPath}
	d := api.Deps{Engine: p.Engine, Store: p.Store, Log: p.Log, Settings: p.Settings, Pages: p.Pages,
		Ready: p.Ready, QueueSize: p.QueueSize}
	if p.Reloadable {
		d.Reload = w.Reload
	}
	w.App, w.API = api.New(d)
	w.Hub = w.API.Hub
	w.Feed = live.NewRunner(w.API.Feed)
	return w
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
