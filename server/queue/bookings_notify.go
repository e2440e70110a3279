package queue

import (
	"context"
	"strconv"
	"time"
)

// WatchStore keeps the phones to tell of their turn and marks missed bookings (store/watch.go).
type WatchStore interface {
	Watch(ctx context.Context, site, day, ticket, phone string) error
	Watched(ctx context.Context, site, day string) (map[string]string, error)
	Unwatch(ctx context.Context, site, day, ticket string) error
	MarkMissed(ctx context.Context, id string) (bool, error)
	Rerank(ctx context.Context, site, day string, now time.Time) (int, error)
}

// OnEvent hands an event of the live feed to the notices (RunNotices) without waiting: the
// feed, and so the queue, never waits for a notification. Past a full buffer the event is
// dropped (its turn_near comes with a later event; called is for that event only).
func (b *Bookings) OnEvent(e *Event) {
	if e == nil || e.Ticket == nil {
		return
	}
	select {
	case b.events <- e:
	default:
	}
}

// RunNotices sends turn_near and called for the events OnEvent passes, until ctx ends.
func (b *Bookings) RunNotices(ctx context.Context) {
	for {
		select {
		case <-ctx.Done():
			return
		case e := <-b.events:
			b.notice(ctx, e)
		}
	}
}

// notice tells the citizens of watched tickets (remote numbers and appointments) of an
// event's site: the event's ticket when called, and each waiting one near its turn. The
// message ids make each notice once: near-<ticket>, called-<ticket>-<recalls>.
func (b *Bookings) notice(ctx context.Context, e *Event) {
	b.rerank(ctx, e.Site)
	site := b.e.Org().Site(e.Site)
	if site == nil {
		return
	}
	t := e.Ticket
	day := t.Day
	if day == "" {
		day = LocalDay(b.e.clock.Now(), site.Location())
	}
	watched, err := b.st.Watched(ctx, e.Site, day)
	if err != nil || len(watched) == 0 {
		return
	}
	if phone, ok := watched[t.ID]; ok {
		switch e.Type {
		case EvCalled, EvRecalled:
			counter := ""
			if t.Counter != nil {
				if c := site.Counter(*t.Counter); c != nil {
					counter = strconv.Itoa(c.Number)
				}
			}
			_ = b.notify.Notify(ctx, "called-"+t.ID+"-"+strconv.Itoa(t.Recalls), phone, "called", e.Site,
				map[string]string{"number": t.Number, "counter": counter})
		case EvDone, EvNoShow, EvCancelled:
			_ = b.st.Unwatch(ctx, e.Site, day, t.ID)
		}
	}
	ids := make([]string, 0, len(watched))
	for id := range watched {
		ids = append(ids, id)
	}
	ts, _, err := b.e.TicketsAt(ctx, e.Site, ids)
	if err != nil {
		return
	}
	for i, w := range ts {
		if w == nil || w.Status != Waiting || w.Ahead == nil {
			continue
		}
		if *w.Ahead <= site.BookingFor(w.Service).NotifyAhead {
			_ = b.notify.Notify(ctx, "near-"+w.ID, watched[ids[i]], "turn_near", e.Site,
				map[string]string{"number": w.Number, "ahead": strconv.Itoa(*w.Ahead), "site": site.Name})
		}
	}
}

// Sweep reminds the citizens of today's appointments starting within the hour
// (booking_reminder, once each) and marks missed those not checked in by the end of their
// grace. RunReminders calls it every minute; tests call it on a fake clock.
func (b *Bookings) Sweep(ctx context.Context) {
	now := b.e.clock.Now()
	for i := range b.e.Org().Sites {
		site := &b.e.Org().Sites[i]
		today := now.In(site.Location()).Format(time.DateOnly)
		b.rerank(ctx, site.ID)
		list, err := b.st.DayBookings(ctx, site.ID, today)
		if err != nil {
			return
		}
		for _, bk := range list {
			if bk.Status != Booked {
				continue
			}
			starts := b.starts(bk)
			grace := time.Duration(site.BookingFor(bk.Service).GraceMin) * time.Minute
			switch {
			case now.After(starts.Add(grace)):
				_, _ = b.st.MarkMissed(ctx, bk.ID)
			case !now.Before(starts.Add(-time.Hour)) && now.Before(starts):
				svc := bk.Service
				if s := b.e.Org().Service(bk.Service); s != nil {
					svc = s.Name
				}
				b.tell(ctx, bk, "booking_reminder", svc, site.Name)
			}
		}
	}
}

// RunReminders sweeps every minute until ctx ends.
func (b *Bookings) RunReminders(ctx context.Context) {
	t := time.NewTicker(time.Minute)
	defer t.Stop()
	for {
		b.Sweep(ctx)
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// rerank places the site's appointments checked in early whose slot has begun: at every event
// of the site and every minute, so the place is taken within a minute of the start at worst.
func (b *Bookings) rerank(ctx context.Context, siteID string) {
	site := b.e.Org().Site(siteID)
	if site == nil {
		return
	}
	now := b.e.clock.Now()
	_, _ = b.st.Rerank(ctx, siteID, LocalDay(now, site.Location()), now)
}
