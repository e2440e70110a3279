package main

import (
	"context"
	"log/slog"

	"luot/config"
	"luot/server/notify"
	"luot/server/queue"
	"luot/server/store"
)

// startNotifier builds the outbox and the rules of bookings over it, and runs the worker that
// delivers the outbox through the configured sender (LUOT_NOTIFY) until ctx ends.
func startNotifier(ctx context.Context, settings config.Settings, engine *queue.Engine, st *store.Store, log *slog.Logger) (*notify.Outbox, *queue.Bookings) {
	outbox := notify.NewOutbox(st.Client(), nil)
	var sender notify.Sender = notify.Log{Log: log}
	if settings.Notify.Notify == "webhook" {
		sender = notify.Webhook{URL: settings.NotifyURL, Secret: settings.NotifySecret}
	} else {
		log.Info("notify: messages (one-time codes too) go to this log, as msg=notify", "notify", "log")
	}
	w := &notify.Worker{Outbox: outbox, Sender: sender, Log: log}
	go w.Run(ctx)
	b := queue.NewBookings(engine, st, outbox)
	go b.RunNotices(ctx)
	go b.RunReminders(ctx)
	return outbox, b
}
