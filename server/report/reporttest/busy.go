package reporttest

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"testing"
	"time"

	"luot/config"
	"luot/server/internal/testenv"
	"luot/server/queue"
	"luot/server/store"
)

// Busy plays a realistic working morning or day at every site of env's organisation with
// the fake clock, minute by minute from `from` to `until`: citizens arrive at random (a fixed
// seed, so every run is the same), officers call, serve, sometimes mark a no-show, and
// citizens rate. Centres get a ticket a minute, branches one every two, points a few an hour;
// the sites of overloaded get many more than their one counter can serve, so their waits
// pass the target; the sites of unstaffed open no counter; the sites of idle see nobody.
// The officers of the centre are accounts with Vietnamese names.
type Busy struct {
	Env        *testenv.Env
	Overloaded map[string]bool
	Unstaffed  map[string]bool
	Idle       map[string]bool
	// Mixed adds what officers do besides call, start, finish and mark absent (mixed.go):
	// recalls, transfers to a service and to a counter, calls out of order, priority changes,
	// counters closed with a citizen called, and a supervisor's bulk cancel late in the day.
	// It draws from a random source of its own, so the day without it stays the same.
	Mixed       bool
	mix         *rand.Rand
	rng         *rand.Rand
	desks       []*desk
	issued      int
	kiosks      map[string]queue.Actor
	sitesByID   map[string]*config.Site
	arrivalRate map[string]float64
	// pending counts, per site, the tickets issued and not yet called, so that an idle
	// counter asks for the next only when someone may be waiting for it
	pending map[string]int
}

type desk struct {
	site, counter string
	officer       queue.Actor
	ticket        string
	service       string // the service of the ticket when it was called
	recalls       int
	decided       bool // the mixed actions of the ticket were drawn
	calledAt      time.Time
	startAt       time.Time
	endAt         time.Time
	noShow        bool
	started       bool
}

// officerNames are the full names of the centre's officers.
var officerNames = []string{
	"Nguyễn Thị Lan", "Trần Văn Hùng", "Lê Thị Mai", "Phạm Quốc Bảo", "Hoàng Thị Thu", "Võ Minh Tuấn",
	"Đặng Thị Hương", "Bùi Văn Nam", "Đỗ Thị Ngọc", "Huỳnh Văn Phúc", "Ngô Thị Yến", "Dương Văn Khoa",
	"Lý Thị Hạnh", "Trương Văn Long", "Phan Thị Diễm", "Vũ Đức Thắng",
}

// NewBusy prepares a busy day over env: counters are opened at `open`.
func NewBusy(t testing.TB, env *testenv.Env, open time.Time, overloaded, unstaffed, idle []string) *Busy {
	t.Helper()
	b := &Busy{Env: env, rng: rand.New(rand.NewPCG(23, 11)), mix: rand.New(rand.NewPCG(5, 17)), Overloaded: set(overloaded), Unstaffed: set(unstaffed), Idle: set(idle),
		kiosks: map[string]queue.Actor{}, pending: map[string]int{}, sitesByID: map[string]*config.Site{}, arrivalRate: map[string]float64{}}
	env.Clock.Set(open)
	ctx := context.Background()
	for i := range env.Org.Sites {
		s := &env.Org.Sites[i]
		b.sitesByID[s.ID] = s
		b.kiosks[s.ID] = testenv.Kiosk(s.ID)
		n := 0
		switch {
		case b.Idle[s.ID]:
		case b.Unstaffed[s.ID]:
			b.arrivalRate[s.ID] = 0.1
		case b.Overloaded[s.ID]:
			b.arrivalRate[s.ID], n = 0.5, 1
		case s.Kind == config.KindCentre:
			b.arrivalRate[s.ID], n = 0.75, min(len(s.Counters), 13)
		case s.Kind == config.KindBranch:
			b.arrivalRate[s.ID], n = 0.28, min(len(s.Counters), 6)
		default:
			b.arrivalRate[s.ID], n = 0.03+0.015*float64(i%4), min(len(s.Counters), 1+i%3)
		}
		for j, c := range staffed(s, n) {
			name := s.ID + "-" + c.ID
			if s.Kind == config.KindCentre && j < len(officerNames) {
				u := store.User{Username: name, FullName: officerNames[j], Role: queue.RoleOfficer, Sites: []string{s.ID}}
				if err := env.Store.PutUser(ctx, u); err != nil {
					t.Fatal(err)
				}
			}
			d := &desk{site: s.ID, counter: c.ID, officer: testenv.Officer(name, s.ID)}
			if _, err := env.Engine.Open(ctx, d.officer, s.ID, c.ID, nil); err != nil {
				t.Fatalf("open %s/%s: %v", s.ID, c.ID, err)
			}
			b.desks = append(b.desks, d)
		}
	}
	return b
}

// staffed picks the counters opened at a site: the first n, and more until every service of
// the site is served by one (n = 0 opens none).
func staffed(s *config.Site, n int) []config.Counter {
	if n == 0 {
		return nil
	}
	out := append([]config.Counter(nil), s.Counters[:n]...)
	served := map[string]bool{}
	for _, c := range out {
		for _, svc := range c.Services {
			served[svc] = true
		}
	}
	for _, c := range s.Counters[n:] {
		for _, svc := range c.Services {
			if !served[svc] {
				out = append(out, c)
				for _, x := range c.Services {
					served[x] = true
				}
				break
			}
		}
	}
	return out
}

func set(ids []string) map[string]bool {
	m := map[string]bool{}
	for _, id := range ids {
		m[id] = true
	}
	return m
}

// Run plays the minutes up to until (exclusive) and returns how many tickets were issued.
func (b *Busy) Run(t testing.TB, until time.Time) int {
	t.Helper()
	ctx := context.Background()
	for now := b.Env.Clock.Now(); now.Before(until); now = now.Add(time.Minute) {
		b.Env.Clock.Set(now)
		for i := range b.Env.Org.Sites {
			s := &b.Env.Org.Sites[i]
			if !s.OpenAt(now) {
				continue
			}
			rate := b.arrivalRate[s.ID]
			if h := now.Hour(); h == 7 || h == 13 { // the first hour of a session is the busiest
				rate *= 1.4
			}
			for range b.poisson(rate) {
				svc := s.Services[b.rng.IntN(len(s.Services))]
				prio := ""
				if b.rng.IntN(20) == 0 {
					prio = b.Env.Org.Priority[b.rng.IntN(len(b.Env.Org.Priority))].ID
				}
				if tk, err := b.Env.Engine.Issue(ctx, b.kiosks[s.ID], s.ID, svc, prio, ""); err == nil {
					b.issued++
					b.pending[s.ID]++
					if b.Mixed {
						b.prioritise(t, ctx, tk)
					}
				}
			}
		}
		for _, d := range b.desks {
			b.step(t, ctx, d, now)
		}
		if b.Mixed {
			b.cancelLate(t, ctx, now)
		}
	}
	return b.issued
}

// step moves one counter on at now.
func (b *Busy) step(t testing.TB, ctx context.Context, d *desk, now time.Time) {
	t.Helper()
	e := b.Env.Engine
	if d.ticket != "" {
		if b.Mixed && b.mixed(t, ctx, d, now) {
			return
		}
		switch {
		case d.noShow && now.Sub(d.calledAt) >= 3*time.Minute:
			if _, err := e.ActOnCurrent(ctx, d.officer, d.site, d.counter, queue.ActNoShow); err != nil {
				t.Fatalf("no-show at %s/%s: %v", d.site, d.counter, err)
			}
			d.ticket = ""
		case !d.noShow && !d.started && !now.Before(d.startAt):
			if _, err := e.ActOnCurrent(ctx, d.officer, d.site, d.counter, queue.ActStart); err != nil {
				t.Fatalf("start at %s/%s: %v", d.site, d.counter, err)
			}
			d.started = true
			return
		case d.started && !now.Before(d.endAt):
			if _, err := e.ActOnCurrent(ctx, d.officer, d.site, d.counter, queue.ActFinish); err != nil {
				t.Fatalf("finish at %s/%s: %v", d.site, d.counter, err)
			}
			b.rate(ctx, d.ticket)
			d.ticket = ""
		default:
			return
		}
	}
	if b.pending[d.site] <= 0 {
		return
	}
	c := b.call(t, ctx, d)
	if c.Ticket == nil {
		return
	}
	b.pending[d.site]--
	d.service, d.recalls, d.decided = c.Ticket.Service, 0, false
	svc := b.Env.Org.Service(c.Ticket.Service)
	minutes := float64(svc.Minutes) * (0.6 + 0.8*b.rng.Float64())
	if b.Overloaded[d.site] {
		minutes *= 1.6
	}
	d.ticket, d.calledAt, d.started = c.Ticket.ID, now, false
	d.noShow = b.rng.IntN(25) == 0
	d.startAt = now.Add(time.Minute)
	d.endAt = d.startAt.Add(time.Duration(minutes * float64(time.Minute)))
}

// rate gives most finished tickets a rating: mostly very satisfied, some satisfied, a few not.
func (b *Busy) rate(ctx context.Context, id string) {
	if b.rng.IntN(10) >= 7 {
		return
	}
	level := "very_satisfied"
	switch r := b.rng.IntN(100); {
	case r >= 92:
		level = "dissatisfied"
	case r >= 58:
		level = "satisfied"
	}
	b.Env.Engine.Rate(ctx, queue.Actor{}, id, level, "", "")
}

// poisson draws how many arrive in a minute at rate per minute.
func (b *Busy) poisson(rate float64) int {
	l, k, p := math.Exp(-rate), 0, 1.0
	for {
		p *= b.rng.Float64()
		if p <= l {
			return k
		}
		k++
	}
}

// String sums up the day so far.
func (b *Busy) String() string {
	return fmt.Sprintf("%d tickets, %d counters open", b.issued, len(b.desks))
}
