// Command bare is the baseline of Lượt's HTTP benchmark: a fiber handler that runs the very
// issue and next scripts of the server (store.ScriptSource) on the same Redis, and nothing
// else: no authentication, no engine, no metrics, no live feed, no Go encoding of the ticket
// (the script's own JSON is sent back as it is). scripts/bench.sh drives it with
// `luot loadgen -bare` beside the full server, so the difference between the two is the cost
// of the rest of the server.
//
//	bare -addr 127.0.0.1:9090 -redis unix:///tmp/x/redis.sock -config config/binhduong.yaml -site ttpvhcc
//	bare -print-script issue     print a script's source (for redis-benchmark's SCRIPT LOAD)
//	bare -print-issue-args       print the arguments of EVALSHA <sha> for redis-benchmark, one a line
//
// The scripts get the KEYS and ARGV the server passes (store.IssueCall, NextCall, OpenCall).
//
// Routes:
//
//	POST /issue {"service"}  → 201 the script's ticket JSON (409 quota_reached, 404 unknown service)
//	POST /next  {"counter"}  → 200 {"counter": …, "ticket": … | null}
//	GET  /site               → the site's services and counters, in the shape of GET /api/v1/sites/{site}
//	GET  /healthz            → 200
//
// Every counter of the site is opened at start by an officer "bench-<counter>", as the load
// generator does over the API.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/redis/go-redis/v9"

	"luot/config"
	"luot/server/queue"
	"luot/server/store"
)

// The store's defaults (store.Options), so that the scripts do the same work.
const (
	ticketTTL = 35 * 24 * time.Hour
	by        = "device:bench-kiosk"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Stdout, os.Stderr); err != nil {
		fmt.Fprintf(os.Stderr, "bare: %v\n", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("bare", flag.ContinueOnError)
	fs.SetOutput(stderr)
	addr := fs.String("addr", "127.0.0.1:9090", "listen address")
	redisURL := fs.String("redis", "redis://127.0.0.1:6379/0", "Redis, as REDIS_URL")
	cfgPath := fs.String("config", "config/binhduong.yaml", "the organisation file")
	siteID := fs.String("site", "ttpvhcc", "the site")
	printScript := fs.String("print-script", "", "print the source of a store script (issue, next, …) and exit")
	printArgs := fs.Bool("print-issue-args", false, "print the arguments of EVALSHA <sha of issue> for redis-benchmark, one a line, and exit")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *printScript != "" {
		src := store.ScriptSource(*printScript)
		if src == "" {
			return fmt.Errorf("no script %q", *printScript)
		}
		_, err := io.WriteString(stdout, src)
		return err
	}

	org, err := config.Load(*cfgPath)
	if err != nil {
		return err
	}
	site := org.Site(*siteID)
	if site == nil {
		return fmt.Errorf("no site %q in %s", *siteID, *cfgPath)
	}
	if *printArgs {
		return printIssueArgs(stdout, org, site)
	}
	rdb, err := store.NewClient(*redisURL) // the server's client settings (pool, timeouts)
	if err != nil {
		return err
	}
	defer rdb.Close()
	b := newBare(org, site, rdb)
	if err := b.openCounters(ctx); err != nil {
		return err
	}

	app := fiber.New(fiber.Config{AppName: "luot-bare", DisableStartupMessage: true})
	app.Post("/issue", b.issue)
	app.Post("/next", b.next)
	app.Get("/site", b.siteView)
	app.Get("/healthz", func(c *fiber.Ctx) error { return c.SendString("ok") })

	errc := make(chan error, 1)
	go func() { errc <- app.Listen(*addr) }()
	fmt.Fprintf(stdout, "bare: listening on %s\n", *addr)
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	return app.ShutdownWithTimeout(5 * time.Second)
}

// bare holds what the handlers need, computed once.
type bare struct {
	rdb       redis.UniversalClient
	site      *config.Site
	loc       *time.Location
	prefix    string   // the site's key prefix
	counters  []string // the site's counter ids (issue.lua's wait estimate)
	services  map[string]*config.Service
	issueLua  *redis.Script
	nextLua   *redis.Script
	openLua   *redis.Script
	counterOf map[string]*config.Counter
}

func newBare(org *config.Org, site *config.Site, rdb redis.UniversalClient) *bare {
	b := &bare{
		rdb: rdb, site: site, loc: site.Location(), prefix: store.SitePrefix(site.ID),
		services: map[string]*config.Service{}, counterOf: map[string]*config.Counter{},
		issueLua: redis.NewScript(store.ScriptSource("issue")),
		nextLua:  redis.NewScript(store.ScriptSource("next")),
		openLua:  redis.NewScript(store.ScriptSource("open")),
	}
	b.counters = make([]string, len(site.Counters))
	for i := range site.Counters {
		b.counters[i] = site.Counters[i].ID
		b.counterOf[b.counters[i]] = &site.Counters[i]
	}
	for _, id := range site.Services {
		if svc := org.Service(id); svc != nil {
			b.services[id] = svc
		}
	}
	return b
}

// issueCall is the call of issue.lua for a ticket id of a service, as the server makes it.
func (b *bare) issueCall(now time.Time, id string, svc *config.Service, quota int) store.ScriptCall {
	a := queue.IssueArgs{Site: b.site.ID, Service: svc.ID, Prefix: svc.Prefix, Channel: queue.Kiosk,
		Day: queue.LocalDay(now, b.loc), Quota: quota, Counters: b.counters, Hour: queue.LocalHour(now, b.loc)}
	return store.IssueCall(a, id, queue.Meta{Now: now, By: by}, time.Local, ticketTTL)
}

func officer(counter string) string { return "bench-" + counter }

func (b *bare) openCounters(ctx context.Context) error {
	for _, c := range b.site.Counters {
		call := store.OpenCall(b.site.ID, c.ID, officer(c.ID), c.Services, queue.Meta{Now: time.Now(), By: officer(c.ID)},
			time.Local, ticketTTL)
		if err := b.openLua.Run(ctx, b.rdb, call.Keys, call.Args...).Err(); err != nil {
			return fmt.Errorf("open counter %s: %w", c.ID, err)
		}
	}
	return nil
}

func (b *bare) issue(c *fiber.Ctx) error {
	var req struct {
		Service string `json:"service"`
	}
	if err := json.Unmarshal(c.Body(), &req); err != nil {
		return c.Status(fiber.StatusBadRequest).SendString(err.Error())
	}
	svc := b.services[req.Service]
	if svc == nil {
		return c.Status(fiber.StatusNotFound).SendString("unknown service")
	}
	call := b.issueCall(time.Now(), queue.NewTicketID(b.site.ID), svc, b.site.Quotas(svc.ID))
	res, err := b.issueLua.Run(c.UserContext(), b.rdb, call.Keys, call.Args...).Text()
	if err != nil {
		return scriptError(c, err)
	}
	var reply struct { // the script's own JSON of the ticket, sent as it is
		Ticket json.RawMessage `json:"ticket"`
	}
	if err := json.Unmarshal([]byte(res), &reply); err != nil {
		return scriptError(c, err)
	}
	c.Set(fiber.HeaderContentType, fiber.MIMEApplicationJSON)
	return c.Status(fiber.StatusCreated).Send(reply.Ticket)
}

func (b *bare) next(c *fiber.Ctx) error {
	var req struct {
		Counter string `json:"counter"`
	}
	if err := json.Unmarshal(c.Body(), &req); err != nil {
		return c.Status(fiber.StatusBadRequest).SendString(err.Error())
	}
	if b.counterOf[req.Counter] == nil {
		return c.Status(fiber.StatusNotFound).SendString("unknown counter")
	}
	ref := queue.CounterRef{Site: b.site.ID, Counter: req.Counter, Holder: officer(req.Counter)}
	call := store.NextCall(ref, queue.Meta{Now: time.Now(), By: officer(req.Counter)}, time.Local, ticketTTL)
	res, err := b.nextLua.Run(c.UserContext(), b.rdb, call.Keys, call.Args...).Text()
	if err != nil {
		return scriptError(c, err)
	}
	// the script's reply is {"counter": …, "ticket": …}, without ticket when nobody waits
	c.Set(fiber.HeaderContentType, fiber.MIMEApplicationJSON)
	return c.SendString(res)
}

// scriptError answers a script's error code as a 409, anything else (Redis down) as a 503,
// with the error body of api.md so that the load generator classifies it the same way.
func scriptError(c *fiber.Ctx, err error) error {
	status := fiber.StatusServiceUnavailable
	code := "unavailable"
	var rerr redis.Error
	if errors.As(err, &rerr) && !strings.Contains(rerr.Error(), " ") {
		status, code = fiber.StatusConflict, rerr.Error()
	}
	return c.Status(status).JSON(fiber.Map{"error": fiber.Map{"code": code, "message": err.Error()}})
}

// siteView answers the services (with the waiting counts and quotas) and counters, as much of
// GET /api/v1/sites/{site} as the load generator reads.
func (b *bare) siteView(c *fiber.Ctx) error {
	ctx := c.UserContext()
	day := queue.LocalDay(time.Now(), b.loc)
	waiting, err := b.rdb.HGetAll(ctx, b.prefix+"w").Result()
	if err != nil {
		return scriptError(c, err)
	}
	type service struct {
		ID          string `json:"id"`
		Waiting     int    `json:"waiting"`
		Issuing     bool   `json:"issuing"`
		Quota       int    `json:"quota,omitempty"`
		IssuedToday int    `json:"issued_today"`
	}
	type counter struct {
		ID       string   `json:"id"`
		Services []string `json:"services"`
		State    string   `json:"state"`
	}
	out := struct {
		ID       string    `json:"id"`
		Services []service `json:"services"`
		Counters []counter `json:"counters"`
	}{ID: b.site.ID}
	for _, id := range b.site.Services {
		sv := service{ID: id, Quota: b.site.Quotas(id)}
		sv.Waiting, _ = strconv.Atoi(waiting[id])
		issued, err := b.rdb.Get(ctx, b.prefix+"n:"+id+":"+day).Int()
		if err != nil && !errors.Is(err, redis.Nil) {
			return scriptError(c, err)
		}
		sv.IssuedToday = issued
		sv.Issuing = sv.Quota == 0 || issued < sv.Quota
		out.Services = append(out.Services, sv)
	}
	for _, ct := range b.site.Counters {
		state, err := b.rdb.HGet(ctx, b.prefix+"c:"+ct.ID, "state").Result()
		if err != nil && !errors.Is(err, redis.Nil) {
			return scriptError(c, err)
		}
		if state == "" {
			state = "closed"
		}
		out.Counters = append(out.Counters, counter{ID: ct.ID, Services: ct.Services, State: state})
	}
	return c.JSON(out)
}

// printIssueArgs prints what follows `EVALSHA <sha>` in a redis-benchmark command line that
// issues a ticket as the bare handler does: numkeys, the KEYS, the lib.lua header and
// issue.lua's arguments, with a ticket id that redis-benchmark makes unique per call
// (__rand_int__, with -r). The service is the first of the site without a daily quota, so
// that every call issues.
func printIssueArgs(w io.Writer, org *config.Org, site *config.Site) error {
	b := newBare(org, site, nil)
	var svc *config.Service
	for _, id := range site.Services {
		if b.services[id] != nil && site.Quotas(id) == 0 {
			svc = b.services[id]
			break
		}
	}
	if svc == nil {
		return fmt.Errorf("every service of %s has a daily quota", site.ID)
	}
	call := b.issueCall(time.Now(), site.ID+".__rand_int__", svc, 0)
	args := []any{len(call.Keys)}
	for _, k := range call.Keys {
		args = append(args, k)
	}
	args = append(args, call.Args...)
	for _, a := range args {
		if _, err := fmt.Fprintln(w, a); err != nil {
			return err
		}
	}
	return nil
}
