package queue

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"math/big"
	"strings"
	"time"

	"luot/config"
)

// BookingStore is what remote numbers and appointments need of the store (store/bookings.go).
type BookingStore interface {
	Book(ctx context.Context, b *Booking, capacity int, keep time.Duration) error
	Booking(ctx context.Context, id string) (*Booking, error)
	BookingByCode(ctx context.Context, site, day, code string) (*Booking, error)
	Unbook(ctx context.Context, id, by string, now, starts time.Time, staff bool) (*Booking, error)
	DayBookings(ctx context.Context, site, date string) ([]*Booking, error)
	SlotsTaken(ctx context.Context, site, service, date string, starts []string) ([]int, error)
	CountPerson(ctx context.Context, person, date, service string, perDay, perService, delta int) error
	SendOTP(ctx context.Context, phoneHash, addr, code string, l OTPLimits) error
	CheckOTP(ctx context.Context, phoneHash, code string, tries int) error
	Checkin(ctx context.Context, a CheckinArgs, m Meta) (*TicketView, string, error)
	Postpone(ctx context.Context, id string, places int, counters []string, m Meta) (*TicketView, error)
	WatchStore
}

// Notifier hands a message to the outbox (notify.Outbox behind an adapter); it never waits
// for a gateway. The same id is sent once.
type Notifier interface {
	Notify(ctx context.Context, id, to, template, site string, vars map[string]string) error
}

// DefaultOTPLimits: a code lives 5 minutes; a phone gets 3 codes in 15 minutes, an address
// asks 20 in an hour.
var DefaultOTPLimits = OTPLimits{Life: 5 * time.Minute, Phone: 3, PhoneEvery: 15 * time.Minute, Addr: 20, AddrEvery: time.Hour}

// OTPTries is how many wrong tries burn a code.
const OTPTries = 5

// Bookings decides the rules of remote numbers and appointments.
type Bookings struct {
	e      *Engine
	st     BookingStore
	notify Notifier
	// OTP bounds the one-time codes (DefaultOTPLimits when zero).
	OTP    OTPLimits
	events chan *Event // to RunNotices
}

// NewBookings returns the rules of bookings over an engine, its store and a notifier.
func NewBookings(e *Engine, st BookingStore, n Notifier) *Bookings {
	return &Bookings{e: e, st: st, notify: n, OTP: DefaultOTPLimits, events: make(chan *Event, 4096)}
}

// SendOTP sends a 6-digit code to a phone through the notifier; addr is the asker's
// address, limited on its own. It returns the code's life.
func (b *Bookings) SendOTP(ctx context.Context, phone, addr string) (time.Duration, error) {
	p, ok := NormalizePhone(phone)
	if !ok {
		return 0, ErrBadPhone
	}
	n, err := rand.Int(rand.Reader, big.NewInt(1_000_000))
	if err != nil {
		return 0, err
	}
	code := fmt.Sprintf("%06d", n.Int64())
	hash := PersonHash("phone", p)
	if err := b.st.SendOTP(ctx, hash, addr, code, b.OTP); err != nil {
		return 0, err
	}
	// a fresh id: each code is its own message (the clock may stand still in tests)
	id := "otp-" + NewTicketID("x")[2:]
	if err := b.notify.Notify(ctx, id, p, "otp", "", map[string]string{"code": code}); err != nil {
		return 0, fmt.Errorf("%w: queue the code: %v", ErrUnavailable, err) // the outbox is in Redis
	}
	return b.OTP.Life, nil
}

// proof checks a phone and its code (using the code up) and returns the normalised phone.
func (b *Bookings) proof(ctx context.Context, phone, code string) (string, error) {
	p, ok := NormalizePhone(phone)
	if !ok {
		return "", ErrBadPhone
	}
	code = strings.TrimSpace(code)
	if len(code) != 6 || strings.Trim(code, "0123456789") != "" {
		return "", ErrBadCode
	}
	if err := b.st.CheckOTP(ctx, PersonHash("phone", p), code, OTPTries); err != nil {
		return "", err
	}
	return p, nil
}

// idHash checks an optional id number (CMND 9 digits or CCCD 12) and hashes it.
func idHash(id string) (string, error) {
	id = strings.TrimSpace(id)
	if id == "" {
		return "", nil
	}
	if (len(id) != 9 && len(id) != 12) || strings.Trim(id, "0123456789") != "" {
		return "", Fail("bad_id_number", "id_number: 9 or 12 digits")
	}
	return PersonHash("id", id), nil
}

// count counts one remote number or appointment of a person on a date against the limits of
// the rules; it returns what gives it back.
func (b *Bookings) count(ctx context.Context, r config.Booking, date, service string, persons ...string) (func(), error) {
	var done []string
	undo := func() {
		for _, p := range done {
			// a give-back that fails leaves the person one fewer for the day: never more
			_ = b.st.CountPerson(context.WithoutCancel(ctx), p, date, service, r.PerPersonPerDay, r.PerPersonPerService, -1)
		}
	}
	for _, p := range persons {
		if p == "" {
			continue
		}
		if err := b.st.CountPerson(ctx, p, date, service, r.PerPersonPerDay, r.PerPersonPerService, 1); err != nil {
			undo()
			return nil, err
		}
		done = append(done, p)
	}
	return undo, nil
}

// siteService checks that site offers service and returns both.
func (b *Bookings) siteService(siteID, service string) (*config.Site, *config.Service, error) {
	site, err := b.e.site(siteID)
	if err != nil {
		return nil, nil, err
	}
	svc := b.e.Org().Service(service)
	if svc == nil || !site.Offers(service) {
		return nil, nil, Fail("unknown_service", fmt.Sprintf("no service %q at %s", service, siteID))
	}
	return site, svc, nil
}

// TakeNumber issues a remote number for today (channel online) to a proven phone, within
// the online hours and the person's limits.
func (b *Bookings) TakeNumber(ctx context.Context, siteID, service, phone, code, idNumber string) (*Ticket, error) {
	site, svc, err := b.siteService(siteID, service)
	if err != nil {
		return nil, err
	}
	r := site.BookingFor(service)
	now := b.e.clock.Now()
	local := now.In(site.Location())
	if !r.OnlineAt(local.Hour()*60+local.Minute()) || (!b.e.opts.AlwaysOpen && !site.OpenAt(now)) {
		return nil, ErrOutsideOnlineHours
	}
	ih, err := idHash(idNumber)
	if err != nil {
		return nil, err
	}
	p, err := b.proof(ctx, phone, code)
	if err != nil {
		return nil, err
	}
	undo, err := b.count(ctx, r, local.Format(time.DateOnly), service, PersonHash("phone", p), ih)
	if err != nil {
		return nil, err
	}
	v, err := b.e.store.Issue(ctx, IssueArgs{Site: siteID, Service: service, Prefix: svc.Prefix, Channel: Online,
		Day: LocalDay(now, site.Location()), Hour: LocalHour(now, site.Location()), Quota: site.Quotas(service),
		Caller: "online", Counters: CounterIDs(site)}, Meta{Now: now, By: "online"})
	if err != nil {
		undo()
		return nil, err
	}
	// the phone, to tell the citizen of the turn; a failure costs the notices, not the number
	_ = b.st.Watch(ctx, siteID, v.Ticket.Day, v.Ticket.ID, p)
	return b.e.withEstimate(v), nil
}

// Postpone moves a waiting ticket behind the next postpone_places waiting tickets of its
// queue, once per ticket ("I'm running late").
func (b *Bookings) Postpone(ctx context.Context, id string) (*Ticket, error) {
	siteID, ok := SiteOfTicket(id)
	if !ok {
		return nil, Fail("unknown_ticket", "no such ticket")
	}
	site, err := b.e.site(siteID)
	if err != nil {
		return nil, Fail("unknown_ticket", "no such ticket")
	}
	t, err := b.e.Ticket(ctx, id)
	if err != nil {
		return nil, err
	}
	places := site.BookingFor(t.Service).PostponePlaces
	v, err := b.st.Postpone(ctx, id, places, CounterIDs(site), Meta{Now: b.e.clock.Now(), By: "citizen"})
	if err != nil {
		if errors.Is(err, ErrNotFound) {
			return nil, Fail("unknown_ticket", "no such ticket")
		}
		return nil, err
	}
	return b.e.withEstimate(v), nil
}
