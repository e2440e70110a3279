package reporttest

import (
	"context"
	"testing"
	"time"

	"luot/server/internal/testenv"
	"luot/server/queue"
)

// The actions of a Mixed busy day, each drawn from Busy's own random source for mixing.

// call calls the desk's next citizen: mostly the next in order, sometimes (Mixed) one further
// down a queue of the counter, out of order.
func (b *Busy) call(t testing.TB, ctx context.Context, d *desk) *queue.Counter {
	t.Helper()
	e := b.Env.Engine
	if b.Mixed && b.mix.IntN(12) == 0 {
		services := b.sitesByID[d.site].Counter(d.counter).Services
		waiting, err := e.Waiting(ctx, d.site, services[b.mix.IntN(len(services))], 5)
		if err != nil {
			t.Fatalf("waiting at %s: %v", d.site, err)
		}
		if len(waiting) >= 2 {
			c, err := e.Call(ctx, d.officer, d.site, d.counter, waiting[len(waiting)-1].ID)
			if err != nil {
				t.Fatalf("call out of order at %s/%s: %v", d.site, d.counter, err)
			}
			return c
		}
	}
	c, err := e.Next(ctx, d.officer, d.site, d.counter)
	if err != nil {
		t.Fatalf("next at %s/%s: %v", d.site, d.counter, err)
	}
	return c
}

// mixed takes an action on the desk's called ticket when one is due, and reports whether it
// did: a citizen who will not come is recalled twice, a minute apart, before being marked
// absent; a minute after the call, some tickets are transferred to another service or
// another counter, and now and then the officer closes the counter with the citizen called
// (the ticket goes back to its queue) and opens it again.
func (b *Busy) mixed(t testing.TB, ctx context.Context, d *desk, now time.Time) bool {
	t.Helper()
	e := b.Env.Engine
	if d.started {
		return false
	}
	if d.noShow {
		if d.recalls < 2 && now.Sub(d.calledAt) >= time.Duration(d.recalls+1)*time.Minute {
			if _, err := e.ActOnCurrent(ctx, d.officer, d.site, d.counter, queue.ActRecall); err != nil {
				t.Fatalf("recall at %s/%s: %v", d.site, d.counter, err)
			}
			d.recalls++
			return true
		}
		return false
	}
	if d.decided {
		return false
	}
	d.decided = true
	switch n := b.mix.IntN(100); {
	case n < 6:
		return b.transfer(t, ctx, d)
	case n == 6:
		if _, err := e.Close(ctx, d.officer, d.site, d.counter); err != nil {
			t.Fatalf("close %s/%s: %v", d.site, d.counter, err)
		}
		if _, err := e.Open(ctx, d.officer, d.site, d.counter, nil); err != nil {
			t.Fatalf("reopen %s/%s: %v", d.site, d.counter, err)
		}
		d.ticket = ""
		b.pending[d.site]++
		return true
	}
	return false
}

// transfer sends the desk's ticket to another service of the site or to another open counter
// there, keeping its place two times in three.
func (b *Busy) transfer(t testing.TB, ctx context.Context, d *desk) bool {
	t.Helper()
	var services, counters []string
	for _, s := range b.sitesByID[d.site].Services {
		if s != d.service {
			services = append(services, s)
		}
	}
	for _, o := range b.desks {
		if o.site == d.site && o.counter != d.counter {
			counters = append(counters, o.counter)
		}
	}
	service, counter := "", ""
	switch {
	case len(counters) > 0 && (len(services) == 0 || b.mix.IntN(2) == 0):
		counter = counters[b.mix.IntN(len(counters))]
	case len(services) > 0:
		service = services[b.mix.IntN(len(services))]
	default:
		return false
	}
	if _, err := b.Env.Engine.Transfer(ctx, d.officer, d.site, d.counter, service, counter, b.mix.IntN(3) != 0); err != nil {
		t.Fatalf("transfer at %s/%s: %v", d.site, d.counter, err)
	}
	d.ticket = ""
	b.pending[d.site]++
	return true
}

// prioritise has an officer of the ticket's site check its priority, as the kiosk's choice
// is checked at the counter: every priority category is confirmed, or now and then removed,
// and one ticket in forty taken without one is given one.
func (b *Busy) prioritise(t testing.TB, ctx context.Context, tk *queue.Ticket) {
	t.Helper()
	category := tk.Priority // confirmed
	switch {
	case tk.Priority != "" && b.mix.IntN(4) == 0:
		category = "" // not entitled after all
	case tk.Priority == "" && b.mix.IntN(40) == 0:
		category = b.Env.Org.Priority[b.mix.IntN(len(b.Env.Org.Priority))].ID
	case tk.Priority == "":
		return
	}
	var officer *queue.Actor
	for _, d := range b.desks {
		if d.site == tk.Site {
			officer = &d.officer
			break
		}
	}
	if officer == nil {
		return
	}
	if _, err := b.Env.Engine.SetPriority(ctx, *officer, tk.ID, category); err != nil {
		t.Fatalf("priority of %s: %v", tk.Number, err)
	}
}

// cancelLate has an admin cancel, at 16:30, the waiting tickets of the first service of the
// first overloaded site: the queue that will not be served before closing.
func (b *Busy) cancelLate(t testing.TB, ctx context.Context, now time.Time) {
	t.Helper()
	if now.Hour() != 16 || now.Minute() != 30 {
		return
	}
	for _, s := range b.Env.Org.Sites {
		if !b.Overloaded[s.ID] {
			continue
		}
		n, err := b.Env.Engine.CancelWaiting(ctx, testenv.Admin, s.ID, s.Services[0])
		if err != nil {
			t.Fatalf("cancel the waiting of %s at %s: %v", s.Services[0], s.ID, err)
		}
		b.pending[s.ID] -= n
		return
	}
}
