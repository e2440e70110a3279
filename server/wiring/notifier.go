package wiring

import (
	"context"
	"log/slog"
	"time"

	"luot/config"
	"luot/server/notify"
	"luot/server/queue"
	"luot/server/store"
)

// Notifier are the parts of remote numbers, appointments and notifications: the outbox in
// Redis, the rules of bookings over it and the worker that delivers it through Sender.
type Notifier struct {
	// Sender delivers the outbox's messages (SenderOf gives serve's).
	Sender notify.Sender
	// Poll bounds the worker's wait for new messages (notify's default when 0).
	Poll time.Duration
	// Now is the outbox's clock (nil: time.Now).
	Now func() time.Time
	// Reminders sends the reminders an hour before a booking and marks the missed ones
	// (serve's; a test server with a fake clock leaves them out).
	Reminders bool
}

// SenderOf is the sender the settings name (LUOT_NOTIFY): a signed webhook, or the log.
func SenderOf(settings config.Settings, log *slog.Logger) notify.Sender {
	if settings.Notify.Notify == "webhook" {
		return notify.Webhook{URL: settings.NotifyURL, Secret: settings.NotifySecret}
	}
	log.Info("notify: messages (one-time codes too) go to this log, as msg=notify", "notify", "log")
	return notify.Log{Log: log}
}

// notifier is a built Notifier: what Build gives the API and Start runs.
type notifier struct {
	Notifier
	outbox   *notify.Outbox
	bookings *queue.Bookings
	worker   *notify.Worker
}

func newNotifier(n *Notifier, engine *queue.Engine, st *store.Store, log *slog.Logger) *notifier {
	outbox := notify.NewOutbox(st.Client(), n.Now)
	return &notifier{Notifier: *n, outbox: outbox,
		bookings: queue.NewBookings(engine, st, outbox),
		worker:   &notify.Worker{Outbox: outbox, Sender: n.Sender, Log: log, Poll: n.Poll}}
}

// run delivers the outbox and sends the notices (and the reminders) until ctx ends.
func (n *notifier) run(ctx context.Context) {
	go n.bookings.RunNotices(ctx)
	if n.Reminders {
		go n.bookings.RunReminders(ctx)
	}
	n.worker.Run(ctx)
}
