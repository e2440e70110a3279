// Package api is Lượt's HTTP and websocket front: one route table, one error table and thin
// handlers that parse, call one engine method and answer.
package api

import (
	"context"
	"io/fs"
	"log/slog"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/gofiber/fiber/v2/middleware/filesystem"
	"github.com/gofiber/fiber/v2/middleware/recover"

	"luot/config"
	"luot/server/hub"
	"luot/server/live"
	"luot/server/netguard"
	"luot/server/notify"
	"luot/server/queue"
	"luot/server/ready"
	"luot/server/report"
	"luot/server/store"
)

// Deps are what the API is built from.
type Deps struct {
	Engine   *queue.Engine
	Store    *store.Store
	Hub      *hub.Hub
	Log      *slog.Logger
	Settings config.Settings
	// Pages maps a URL prefix ("/kiosk") to the files of that page.
	Pages map[string]fs.FS
	// Reload re-reads the organisation file (admin button); nil disables it.
	Reload func() error
	// Bookings are the rules of remote numbers and appointments, Outbox the notifier's
	// outbox (nil: those routes answer 503).
	Bookings *queue.Bookings
	Outbox   *notify.Outbox
	// Ready are the process's start-up steps: until every one is done, /readyz and every API
	// and websocket request answer 503 "starting". nil: always ready (tests of the API alone).
	Ready *ready.Steps
}

// Server holds the API's dependencies; its methods are the handlers.
type Server struct {
	Deps
	metrics *metrics
	ops     *opsMetrics
	live    *live.Live
	proxies netguard.Proxies // whose X-Forwarded-For is believed (clientIP)
	sockets *netguard.Gate   // websockets per client address (wsGate)
	// builder makes reports and reads the figures of days (today's from those kept as
	// events happen), for the admin area and the officer's day alike.
	builder *report.Builder
}

// New builds the fiber app with every route of api.md.
func New(d Deps) (*fiber.App, *Server) {
	edge := d.Settings.Edge.WithDefaults()
	s := &Server{Deps: d, proxies: netguard.Proxies(d.Settings.Proxies()),
		sockets: netguard.NewGate(edge.MaxConnsPerIP, netguard.Loopback),
		builder: &report.Builder{Source: d.Store, Org: d.Engine.Org, Now: d.Engine.Now,
			KeepDays: int(d.Settings.TicketTTL / (24 * time.Hour))}}
	s.live = live.New(live.Options{Engine: d.Engine, Store: d.Store, Hub: d.Hub, Log: d.Log,
		OnEvent: func(e *queue.Event) {
			s.metrics.waiting(e.Site, e.Waiting)
			s.ops.observeLag(e.ID, time.Now())
			if d.Bookings != nil {
				d.Bookings.OnEvent(e) // turn_near and called, off the feed's path
			}
		},
		OnReading: func() { s.Ready.Done(ready.Feed) }})
	s.metrics = newMetrics(s.live.Clients)
	s.ops = newOpsMetrics(s.metrics.reg, s)
	// the client's address is clientIP's, never fiber's ProxyHeader (the left-most hop)
	app := fiber.New(fiber.Config{
		AppName:               "luot",
		BodyLimit:             maxBody,
		DisableStartupMessage: true,
		ReadTimeout:           edge.ReadTimeout,
		WriteTimeout:          edge.WriteTimeout,
		IdleTimeout:           edge.IdleTimeout,
		ErrorHandler:          func(c *fiber.Ctx, err error) error { return writeError(c, s.Log, err) },
	})
	app.Use(newSecurityHeaders(d.Settings.PublicURL).middleware)
	app.Use(recover.New(recover.Config{EnableStackTrace: true, StackTraceHandler: func(c *fiber.Ctx, e any) {
		s.Log.Error("panic", "path", c.Path(), "panic", e)
	}}))
	app.Use(s.metrics.middleware)
	app.Use(s.startingGate)

	app.Get("/healthz", s.healthz)
	app.Get("/readyz", s.readyz)
	app.Get("/metrics", s.metricsAccess, s.metrics.handler())

	v1 := app.Group("/api/v1", s.authenticate)
	v1.Post("/auth/login", s.login)
	v1.Post("/auth/logout", s.logout)
	v1.Get("/auth/me", s.me)

	v1.Get("/sites", s.listSites)
	v1.Get("/sites/:site", s.getSite)
	v1.Get("/config", s.publicConfig)

	v1.Post("/sites/:site/tickets", s.issueTicket)
	v1.Get("/sites/:site/queues/:service", s.listQueue)
	v1.Get("/tickets/:id", s.getTicket)
	v1.Get("/tickets/:id/history", s.ticketHistory)
	v1.Post("/tickets/:id/rating", s.rateTicket)
	v1.Post("/tickets/:id/priority", s.setPriority)

	counters := v1.Group("/sites/:site/counters/:counter")
	counters.Post("/open", s.openCounter)
	counters.Post("/pause", s.pauseCounter)
	counters.Post("/resume", s.counterAction(s.Engine.Resume))
	counters.Post("/close", s.closeCounter)
	counters.Post("/next", s.counterAction(s.Engine.Next))
	counters.Post("/recall", s.currentAction(queue.ActRecall))
	counters.Post("/start", s.currentAction(queue.ActStart))
	counters.Post("/finish", s.currentAction(queue.ActFinish))
	counters.Post("/no-show", s.currentAction(queue.ActNoShow))
	counters.Post("/transfer", s.transfer)
	counters.Post("/call", s.callTicket)

	v1.Get("/admin/users", s.listUsers)
	v1.Post("/admin/users", s.createUser)
	v1.Patch("/admin/users/:username", s.updateUser)
	v1.Delete("/admin/users/:username", s.deleteUser)
	v1.Get("/admin/devices", s.listDevices)
	v1.Post("/admin/devices", s.createDevice)
	v1.Delete("/admin/devices/:id", s.deleteDevice)
	v1.Post("/admin/devices/:id/pair-code", s.devicePairCode)
	v1.Post("/devices/pair", s.pairDevice)
	v1.Post("/admin/reload", s.reload)
	v1.Get("/devices/me", s.deviceMe)
	v1.Post("/devices/me/rating", s.rateFinished)

	// the three live feeds: each upgrade handler decides who may have which, live serves it;
	// every one first takes a place of its client's address (wsGate)
	feed := s.live.Handler()
	app.Get("/ws/sites/:site", s.wsGate, s.publicFeed, feed)
	app.Get("/ws/staff/sites/:site", s.wsGate, s.authenticate, s.staffFeed, feed)
	app.Get("/ws/tickets/:id", s.wsGate, s.ticketFeed, feed)

	// each front-end's own routes, in a file of its own
	s.kioskRoutes(app, v1)
	s.counterRoutes(app, v1)
	s.displayRoutes(app, v1)
	s.adminRoutes(app, v1)
	s.bookingRoutes(v1)

	for prefix, files := range d.Pages {
		app.Use(prefix, filesystem.New(filesystem.Config{Root: httpFS(files), Index: "index.html", MaxAge: 60}))
	}
	app.Get("/", func(c *fiber.Ctx) error { return c.Redirect("/kiosk/", fiber.StatusFound) })
	app.Use(func(c *fiber.Ctx) error { return errNoRoute })
	return app, s
}

// Feed follows every site's event log and serves the live feeds from it until ctx ends.
func (s *Server) Feed(ctx context.Context) { s.live.Run(ctx) }

func (s *Server) healthz(c *fiber.Ctx) error {
	return c.JSON(fiber.Map{"status": "ok"})
}
