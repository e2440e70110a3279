package queue

import (
	"context"
	"fmt"
	"strings"
	"time"
)

// BookRequest is a citizen's booking.
type BookRequest struct {
	Site, Service, Date, Start, Phone, Code, IDNumber string
}

// Book books a place in a slot for a proven phone: the slot must be within the horizon and
// the opening hours and have a place left, and the person within the limits of its day.
func (b *Bookings) Book(ctx context.Context, req BookRequest) (*Booking, error) {
	site, svc, err := b.siteService(req.Site, req.Service)
	if err != nil {
		return nil, err
	}
	r := site.BookingFor(req.Service)
	if _, ok := NormalizePhone(req.Phone); !ok {
		return nil, ErrBadPhone
	}
	date, err := parseDate(site, req.Date)
	if err != nil {
		return nil, err
	}
	now := b.e.clock.Now()
	first, last := horizon(site, r, now)
	if date.Before(first) || date.After(last) || r.SlotCapacity == 0 {
		return nil, ErrOutsideHorizon
	}
	var slot *Slot
	for _, s := range daySlots(site, r, date, now) {
		if s.Start == req.Start {
			slot = &s
			break
		}
	}
	if slot == nil {
		return nil, Fail("no_slot", fmt.Sprintf("no slot starting %q on %s", req.Start, req.Date))
	}
	ih, err := idHash(req.IDNumber)
	if err != nil {
		return nil, err
	}
	phone, err := b.proof(ctx, req.Phone, req.Code)
	if err != nil {
		return nil, err
	}
	ph := PersonHash("phone", phone)
	undo, err := b.count(ctx, r, req.Date, req.Service, ph, ih)
	if err != nil {
		return nil, err
	}
	bk := &Booking{ID: NewTicketID(req.Site), Site: req.Site, Service: req.Service, Date: req.Date, Start: slot.Start,
		End: slot.End, Status: Booked, Phone: phone, CreatedAt: now.In(site.Location()), StartMin: slot.startMin,
		PhoneHash: ph, IDHash: ih}
	// kept until retention_days after the slot's day, then deleted with the phone it holds
	keep := date.AddDate(0, 0, r.RetentionDays+1).Sub(now)
	for try := 0; ; try++ {
		bk.Code = NewBookingCode()
		err = b.st.Book(ctx, bk, r.SlotCapacity, keep)
		if err == nil || !isCodeTaken(err) || try == 20 {
			break
		}
	}
	if err != nil {
		undo()
		return nil, err
	}
	b.tell(ctx, bk, "booking_confirmed", svc.Name, site.Name)
	return bk.Masked(), nil
}

// isCodeTaken is the store's "draw another code" (its message, not to import the store).
func isCodeTaken(err error) bool { return strings.Contains(err.Error(), "check-in code taken") }

// tell sends a booking's message; a failure to queue it is logged by the notifier and
// never undoes the booking.
func (b *Bookings) tell(ctx context.Context, bk *Booking, template, service, site string) {
	_ = b.notify.Notify(ctx, template+"-"+bk.ID, bk.Phone, template, bk.Site, map[string]string{
		"service": service, "site": site, "date": bk.Date, "start": bk.Start, "code": bk.Code,
	})
}

// Booking reads a booking by its id, phone masked.
func (b *Bookings) Booking(ctx context.Context, id string) (*Booking, error) {
	bk, err := b.st.Booking(ctx, id)
	if err != nil {
		return nil, err
	}
	return bk.Masked(), nil
}

// starts is when a booking's slot starts.
func (b *Bookings) starts(bk *Booking) time.Time {
	loc := b.e.Org().Location
	if s := b.e.Org().Site(bk.Site); s != nil {
		loc = s.Location()
	}
	d, _ := time.ParseInLocation(time.DateOnly, bk.Date, loc)
	return d.Add(time.Duration(bk.StartMin) * time.Minute)
}

// Cancel cancels a booking: anyone with its id until the slot starts, a supervisor or admin
// of its site at any time. The place is free again and the person's count given back.
func (b *Bookings) Cancel(ctx context.Context, a Actor, id string) error {
	bk, err := b.st.Booking(ctx, id)
	if err != nil {
		return err
	}
	staff := Oversees(a, b.e.Org(), bk.Site)
	by := a.ID()
	if by == "" {
		by = "citizen"
	}
	done, err := b.st.Unbook(ctx, id, by, b.e.clock.Now(), b.starts(bk), staff)
	if err != nil {
		return err
	}
	b.release(ctx, done)
	if staff {
		b.tellCancelled(ctx, done)
	}
	return nil
}

func (b *Bookings) release(ctx context.Context, bk *Booking) {
	site := b.e.Org().Site(bk.Site)
	if site == nil {
		return
	}
	r := site.BookingFor(bk.Service)
	for _, p := range []string{bk.PhoneHash, bk.IDHash} {
		if p != "" {
			_ = b.st.CountPerson(ctx, p, bk.Date, bk.Service, r.PerPersonPerDay, r.PerPersonPerService, -1)
		}
	}
}

func (b *Bookings) tellCancelled(ctx context.Context, bk *Booking) {
	svc, site := bk.Service, bk.Site
	if s := b.e.Org().Service(bk.Service); s != nil {
		svc = s.Name
	}
	if s := b.e.Org().Site(bk.Site); s != nil {
		site = s.Name
	}
	b.tell(ctx, bk, "booking_cancelled", svc, site)
}

// List returns a site's bookings of a day, phones masked, for a supervisor or admin of it.
func (b *Bookings) List(ctx context.Context, a Actor, siteID, date string) ([]*Booking, error) {
	site, err := b.e.site(siteID)
	if err != nil {
		return nil, err
	}
	if err := allowed(a, Oversees(a, b.e.Org(), siteID)); err != nil {
		return nil, err
	}
	if _, err := parseDate(site, date); err != nil {
		return nil, err
	}
	list, err := b.st.DayBookings(ctx, siteID, date)
	if err != nil {
		return nil, err
	}
	for i, bk := range list {
		list[i] = bk.Masked()
	}
	return list, nil
}

// CancelDay cancels every booked appointment of a site on a day (the site must close), each
// citizen told; it returns how many it cancelled.
func (b *Bookings) CancelDay(ctx context.Context, a Actor, siteID, date string) (int, error) {
	site, err := b.e.site(siteID)
	if err != nil {
		return 0, err
	}
	if err := allowed(a, Oversees(a, b.e.Org(), siteID)); err != nil {
		return 0, err
	}
	if _, err := parseDate(site, date); err != nil {
		return 0, err
	}
	list, err := b.st.DayBookings(ctx, siteID, date)
	if err != nil {
		return 0, err
	}
	n := 0
	for _, bk := range list {
		if bk.Status != Booked {
			continue
		}
		done, err := b.st.Unbook(ctx, bk.ID, a.ID(), b.e.clock.Now(), b.starts(bk), true)
		if err != nil {
			continue // checked in or cancelled meanwhile
		}
		n++
		b.release(ctx, done)
		b.tellCancelled(ctx, done)
	}
	return n, nil
}

// Checkin turns today's booking of a code into a ticket at the kiosk of its site (or by
// staff of the site), ranked as if issued at its slot's start.
func (b *Bookings) Checkin(ctx context.Context, a Actor, siteID, code string) (*Ticket, error) {
	site, err := b.e.site(siteID)
	if err != nil {
		return nil, err
	}
	if err := allowed(a, a.CanIssue(b.e.Org(), siteID)); err != nil {
		return nil, err
	}
	c, ok := NormalizeCode(code)
	if !ok {
		return nil, Fail("unknown_booking", "no booking of this code here today")
	}
	bk, err := b.st.BookingByCode(ctx, siteID, LocalDay(b.e.clock.Now(), site.Location()), c)
	if err != nil {
		return nil, err
	}
	now := b.e.clock.Now()
	local := now.In(site.Location())
	if bk == nil || bk.Date != local.Format(time.DateOnly) {
		return nil, Fail("unknown_booking", "no booking of this code here today")
	}
	svc := b.e.Org().Service(bk.Service)
	if svc == nil || !site.Offers(bk.Service) {
		return nil, Fail("unknown_service", "the booking's service is no longer offered here")
	}
	r := site.BookingFor(bk.Service)
	midnight := time.Date(local.Year(), local.Month(), local.Day(), 0, 0, 0, 0, site.Location())
	v, _, err := b.st.Checkin(ctx, CheckinArgs{Site: siteID, Code: c, Date: bk.Date, Day: LocalDay(now, site.Location()),
		Hour: LocalHour(now, site.Location()), Prefix: svc.Prefix, Midnight: midnight,
		Early: time.Duration(r.CheckinEarlyMin) * time.Minute, Grace: time.Duration(r.GraceMin) * time.Minute,
		Counters: CounterIDs(site)}, Meta{Now: now, By: a.ID()})
	if err != nil {
		return nil, err
	}
	_ = b.st.Watch(ctx, siteID, v.Ticket.Day, v.Ticket.ID, bk.Phone)
	return b.e.withEstimate(v), nil
}
