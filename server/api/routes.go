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
)

// Deps are what the API is built from.
type Deps struct {
	Engine *queue.Engine
	Store  Backend
	// Hub fans the feed out; nil: New makes one of QueueSize whose drops feed the
	// luot_websocket_dropped_total metric (server/wiring does so for every server).
	Hub       *hub.Hub
	QueueSize int
	Log       *slog.Logger
	Settings  config.Settings
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
	// accounts are the admin area's users and devices, with their rules.
	accounts *queue.Accounts
}

// New builds the fiber app with every route of api.md.
func New(d Deps) (*fiber.App, *Server) {
	edge := d.Settings.Edge.WithDefaults()
	s := &Server{Deps: d, proxies: netguard.Proxies(d.Settings.Proxies()),
		sockets: netguard.NewGate(edge.MaxConnsPerIP, netguard.Loopback),
		builder: &report.Builder{Source: d.Store, Bookings: d.Store, Org: d.Engine.Org, Now: d.Engine.Now,
			KeepDays: int(d.Settings.TicketTTL / (24 * time.Hour))},
		accounts: &queue.Accounts{Store: d.Store, Org: d.Engine.Org, Now: d.Engine.Now}}
	if s.Hub == nil {
		s.Hub = hub.New(hub.Options{QueueSize: d.QueueSize, OnDrop: s.CountDrop})
	}
	s.live = s.newLive()
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

	s.routes(app)

	s.pages(app)
	return app, s
}

// newLive builds the server's real-time path; its events feed the queue-length metrics and
// the feed's lag, and its first full reading marks the feed ready.
func (s *Server) newLive() *live.Live {
	return live.New(live.Options{Engine: s.Engine, Store: s.Store, Hub: s.Hub, Log: s.Log, Days: s.builder,
		OnEvent: func(e *queue.Event) {
			s.metrics.waiting(e.Site, e.Waiting)
			s.ops.observeLag(e.ID, time.Now())
			if s.Bookings != nil {
				s.Bookings.OnEvent(e) // turn_near and called, off the feed's path
			}
		},
		OnReading: func() { s.Ready.Done(ready.Feed) }})
}

// pages serves the front-ends' files, / as the kiosk, and not_found for anything else.
func (s *Server) pages(app *fiber.App) {
	for prefix, files := range s.Pages {
		app.Use(prefix, filesystem.New(filesystem.Config{Root: httpFS(files), Index: "index.html", MaxAge: 60}))
	}
	app.Get("/", func(c *fiber.Ctx) error { return c.Redirect("/kiosk/", fiber.StatusFound) })
	app.Use(func(c *fiber.Ctx) error { return queue.ErrNotFound })
}

// Feed follows every site's event log and serves the live feeds from it until ctx ends.
func (s *Server) Feed(ctx context.Context) { s.live.Run(ctx) }

func (s *Server) healthz(c *fiber.Ctx) error {
	return c.JSON(fiber.Map{"status": "ok"})
}

// routes is the one route table: every path of api.md with its role group and its handler.
// A group's middleware refuses anyone outside it before the handler runs (admins: the admin
// role; staff: an admin or a supervisor); the handlers of the open routes decide who may act
// from the actor and the site (the engine's rules), or serve anyone.
func (s *Server) routes(app *fiber.App) {
	app.Get("/healthz", s.healthz)
	app.Get("/readyz", s.readyz)
	app.Get("/metrics", s.metricsAccess, s.metrics.handler())

	v1 := app.Group("/api/v1", s.authenticate)
	a := newAdminArea(s)
	v1.Post("/auth/login", s.login)
	v1.Post("/auth/logout", s.logout)
	v1.Get("/auth/me", s.me)
	s.publicRoutes(app, v1, a)
	s.counterRoutes(v1)
	s.adminRoutes(app, v1, a)
	s.bookingRoutes(v1)

	// the three live feeds: each upgrade handler decides who may have which, live serves it;
	// every one first takes a place of its client's address (wsGate)
	feed := s.live.Handler()
	app.Get("/ws/sites/:site", s.wsGate, s.publicFeed, feed)
	app.Get("/ws/staff/sites/:site", s.wsGate, s.authenticate, s.staffFeed, feed)
	app.Get("/ws/tickets/:id", s.wsGate, s.ticketFeed, feed)
}

// publicRoutes are the kiosk's, the hall display's, the citizen's and the devices': sites,
// tickets, the printed ticket, the tracking page /t/{id}, the voice, the counter display,
// the transparency page's figures and the pairing of devices.
func (s *Server) publicRoutes(app *fiber.App, v1 fiber.Router, a *adminArea) {
	// the sites, the organisation's settings of the pages, and the kiosk's issue
	v1.Get("/sites", s.listSites)
	v1.Get("/sites/:site", s.getSite)
	v1.Get("/config", s.publicConfig)
	v1.Post("/sites/:site/tickets", withBody(s.issueTicket))
	v1.Get("/sites/:site/queues/:service", s.listQueue)

	// a ticket: its state, its history, its rating and priority, printed, as a QR, tracked
	v1.Get("/tickets/:id", s.getTicket)
	v1.Get("/tickets/:id/history", s.ticketHistory)
	v1.Post("/tickets/:id/rating", s.rateTicket)
	v1.Post("/tickets/:id/priority", withBody(s.setPriority))
	pdfs := s.ticketRenderer()
	v1.Get("/tickets/:id/pdf", func(c *fiber.Ctx) error { return s.ticketPDF(c, pdfs) })
	v1.Get("/tickets/:id/qr.svg", s.ticketQR)
	app.Get("/t/:id", s.trackPage)

	// the hall display's voice, the counter display, the transparency page
	v1.Get("/voice", s.voiceCall)
	app.Get("/display/counter/:counter", s.counterDisplay)
	v1.Get("/public/sites", a.publicFigures)

	// a device's own: its pairing and, for a rating panel, the ticket just finished there
	v1.Post("/devices/pair", s.pairDevice)
	v1.Get("/devices/me", s.deviceMe)
	v1.Post("/devices/me/rating", s.rateFinished)
}

// counterRoutes are the workstation's: a counter's actions (the engine checks that the
// officer may act there) and the reads it needs besides: the queues a counter serves, the
// site's waiting tickets (to call a given number) and an officer's numbers of the day.
func (s *Server) counterRoutes(v1 fiber.Router) {
	counters := v1.Group("/sites/:site/counters/:counter")
	counters.Post("/open", withBody(s.openCounter))
	counters.Post("/pause", withBody(s.pauseCounter))
	counters.Post("/resume", s.counterAction(s.Engine.Resume))
	counters.Post("/close", s.closeCounter)
	counters.Post("/next", s.counterAction(s.Engine.Next))
	counters.Post("/recall", s.actOnCurrent(queue.ActRecall))
	counters.Post("/start", s.actOnCurrent(queue.ActStart))
	counters.Post("/finish", s.actOnCurrent(queue.ActFinish))
	counters.Post("/no-show", s.actOnCurrent(queue.ActNoShow))
	counters.Post("/transfer", withBody(s.transfer))
	counters.Post("/call", withBody(s.callTicket))
	counters.Get("/queues", s.counterQueues)
	v1.Get("/sites/:site/waiting", s.siteWaiting)
	v1.Get("/sites/:site/officers/:officer/today", s.officerToday)
}

// adminRoutes are the admin area's: users and the reload for admins; devices, the board,
// reports and the sites' pages for staff (each narrowed to the sites the user oversees).
func (s *Server) adminRoutes(app *fiber.App, v1 fiber.Router, a *adminArea) {
	admins, staff := only(queue.Actor.Admin), only(queue.Actor.Staff)
	v1.Get("/admin/users", admins, s.listUsers)
	v1.Post("/admin/users", admins, withBody(s.createUser))
	v1.Patch("/admin/users/:username", admins, withBody(s.updateUser))
	v1.Delete("/admin/users/:username", admins, s.deleteUser)
	v1.Post("/admin/reload", admins, s.reload)
	v1.Post("/admin/rollup", admins, withBody(a.rollup))
	v1.Get("/admin/devices", staff, s.listDevices)
	v1.Post("/admin/devices", withBody(s.createDevice))
	v1.Delete("/admin/devices/:id", s.deleteDevice)
	v1.Post("/admin/devices/:id/pair-code", s.devicePairCode)
	v1.Get("/reports", staff, a.reports)
	v1.Get("/board", staff, a.boardJSON)
	app.Get("/ws/board", s.wsGate, s.authenticate, staff, a.boardUpgrade, s.live.Handler())
	v1.Get("/admin/sites/:site", staff, a.siteDetail)
	v1.Post("/admin/sites/:site/counters/:counter", staff, withBody(a.manageCounter))
	v1.Post("/admin/sites/:site/cancel-waiting", withBody(s.cancelWaiting))
	v1.Get("/admin/org", staff, a.orgView)
}

// only is a role group's middleware: rule refuses the actor (401 to nobody signed in, 403
// to anyone else) or lets the request on.
func only(rule func(queue.Actor) error) fiber.Handler {
	return func(c *fiber.Ctx) error {
		if err := rule(actor(c)); err != nil {
			return err
		}
		return c.Next()
	}
}
