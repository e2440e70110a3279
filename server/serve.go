package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"golang.org/x/crypto/bcrypt"

	"luot/config"
	"luot/server/hub"
	"luot/server/netguard"
	"luot/server/queue"
	"luot/server/ready"
	"luot/server/store"
	"luot/server/web"
	"luot/server/wiring"
)

// newLogger configures log/slog once, from the settings.
func newLogger(s config.Settings, w io.Writer) *slog.Logger {
	level := slog.LevelInfo
	switch s.LogLevel {
	case "debug":
		level = slog.LevelDebug
	case "warn":
		level = slog.LevelWarn
	case "error":
		level = slog.LevelError
	}
	opts := &slog.HandlerOptions{Level: level}
	if s.LogFormat == "json" {
		return slog.New(slog.NewJSONHandler(w, opts))
	}
	return slog.New(slog.NewTextHandler(w, opts))
}

// setup reads the settings and the organisation and opens the store: what every command
// that talks to Redis needs.
func setup(getenv func(string) string) (config.Settings, *config.Org, *store.Store, error) {
	settings, err := config.FromEnv(getenv)
	if err != nil {
		return settings, nil, nil, err
	}
	org, err := config.Load(settings.ConfigPath)
	if err != nil {
		return settings, nil, nil, err
	}
	client, err := store.NewClient(settings.RedisURL)
	if err != nil {
		return settings, nil, nil, err
	}
	st := store.New(client, org.Location, store.Options{TicketTTL: settings.TicketTTL, Replicas: settings.RedisReplicas})
	return settings, org, st, nil
}

func serve(ctx context.Context, getenv func(string) string, stdout, stderr io.Writer) error {
	settings, org, st, err := setup(getenv)
	if err != nil {
		return err
	}
	defer st.Client().Close()
	log := newLogger(settings, stderr)
	log.Info("starting", append(settings.Redacted(), "sites", len(org.Sites))...)

	steps := ready.New(startSteps(settings)...)
	engine := queue.NewEngine(org, st, queue.SystemClock{}, queue.Options{AlwaysOpen: settings.AlwaysOpen})
	w := wiring.Build(wiring.Parts{Engine: engine, Store: st, Log: log, Settings: settings, Pages: web.Pages(),
		Ready: steps, QueueSize: hub.DefaultQueueSize, Reloadable: true, Revocations: true,
		Notifier: &wiring.Notifier{Sender: wiring.SenderOf(settings, log), Reminders: true}})
	w.Start(ctx) // the token revocations, the notifier's worker, notices and reminders
	hup := make(chan os.Signal, 1)
	signal.Notify(hup, syscall.SIGHUP)
	defer signal.Stop(hup)
	go func() {
		for {
			select {
			case <-hup:
				if err := w.Reload(); err != nil {
					log.Error("reload refused: the previous organisation stays in force", "err", err)
				}
			case <-ctx.Done():
				return
			}
		}
	}()

	app := w.App
	ln, err := listen(app.Config().Network, settings, log)
	if err != nil {
		return err
	}
	errc := make(chan error, 2)
	go func() { errc <- app.Listener(ln) }()
	fmt.Fprintf(stdout, "luot: listening on %s (%s); /readyz says when it is ready\n", ln.Addr(), settings.PublicURL)

	// The start-up steps run while the server listens: /healthz answers at once, /readyz
	// names what is pending, and the API waits (503 starting) until every step is done.
	up := startup{st: st, steps: steps, clock: queue.SystemClock{}, log: log, adminPassword: settings.AdminPassword,
		afterSchema: func() {
			w.Feed.Start(ctx)
			// the end of each local day: report aggregates and the archive file (catches up at start)
			go newRollupJob(settings, engine.Org, st, queue.SystemClock{}, log).Run(ctx)
		}}
	go func() {
		if err := up.run(ctx); err != nil && ctx.Err() == nil {
			errc <- fmt.Errorf("start-up: %w", err)
		}
	}()
	select {
	case err := <-errc:
		app.ShutdownWithTimeout(5 * time.Second)
		return err
	case <-ctx.Done():
	}
	log.Info("shutting down")
	if err := app.ShutdownWithTimeout(10 * time.Second); err != nil && !errors.Is(err, context.Canceled) {
		return fmt.Errorf("shutdown: %w", err)
	}
	return nil
}

// listen opens the listening socket behind the edge's caps (netguard.Guard): connections in
// all and per address, below the open-file limit, and an accept loop that outlives running
// out of descriptors.
func listen(network string, settings config.Settings, log *slog.Logger) (net.Listener, error) {
	ln, err := net.Listen(network, settings.Addr)
	if err != nil {
		return nil, fmt.Errorf("listen %s: %w", settings.Addr, err)
	}
	return netguard.Guard(ln, settings, log), nil
}

// setUser creates or updates a user with a password, keeping nothing of an older record but
// its sessions, when the password is the one it had (LUOT_ADMIN_PASSWORD at every start
// must not sign the admin out); a new password ends them.
func setUser(ctx context.Context, st *store.Store, u store.User, password string) error {
	u.Username = strings.ToLower(u.Username)
	old, err := st.User(ctx, u.Username)
	if err != nil && !errors.Is(err, queue.ErrNotFound) {
		return err
	}
	if old != nil && bcrypt.CompareHashAndPassword([]byte(old.Hash), []byte(password)) == nil {
		u.Hash, u.Gen = old.Hash, old.Gen
		return st.PutUser(ctx, u)
	}
	hash, err := bcrypt.GenerateFromPassword([]byte(password), bcrypt.DefaultCost)
	if err != nil {
		return err
	}
	u.Hash, u.Gen = string(hash), ""
	return st.PutUser(ctx, u)
}
