package config

import (
	"gopkg.in/yaml.v3"
)

// Booking holds the rules of remote numbers and appointments (yaml booking:). The Org's
// section gives the defaults of every site; a site's section overrides them, and a service's
// own section (in services:, or under a site's booking.services.<id>) overrides them for
// that service. See BookingFor.
type Booking struct {
	HorizonDays         int       // yaml horizon_days: appointments from tomorrow up to this many days ahead, 0..60
	SlotMinutes         int       // yaml slot_minutes: length of a slot, 5..240
	SlotCapacity        int       // yaml slot_capacity: places of a slot per service, 0 (no booking)..1000
	OnlineHours         []Session // yaml online_hours: when remote numbers are issued, within opening hours
	PerPersonPerDay     int       // yaml per_person_per_day: remote numbers and appointments of one phone (or id number) a day
	PerPersonPerService int       // yaml per_person_per_service: the same, per service
	GraceMin            int       // yaml grace_min: check-in accepted up to this many minutes after the slot's start
	CheckinEarlyMin     int       // yaml checkin_early_min: check-in accepted from this many minutes before the start
	NotifyAhead         int       // yaml notify_ahead: turn_near when this many or fewer are ahead
	PostponePlaces      int       // yaml postpone_places: how far "postpone once" moves a ticket back
	RetentionDays       int       // yaml retention_days: phone numbers and id numbers are deleted after it
	OnlineOnly          bool      // yaml online_only: the kiosk issues priority tickets only (remote numbers and check-in stay)
}

// DefaultBooking is the contract's defaults (api.md, "Limits").
var DefaultBooking = Booking{
	HorizonDays: 6, SlotMinutes: 30, SlotCapacity: 4, OnlineHours: []Session{{From: 8 * 60, To: 16 * 60}},
	PerPersonPerDay: 2, PerPersonPerService: 1, GraceMin: 15, CheckinEarlyMin: 30, NotifyAhead: 3,
	PostponePlaces: 3, RetentionDays: 30,
}

// BookingFor returns the booking rules of service at site: the Org's, then the site's
// section, then the service's own section, then the site's booking.services.<service>.
func (s *Site) BookingFor(service string) Booking {
	if b, ok := s.ServiceBooking[service]; ok {
		return b
	}
	return s.Booking
}

// OnlineAt reports whether minute m of the day (since local midnight) is within the online hours.
func (b Booking) OnlineAt(m int) bool {
	for _, s := range b.OnlineHours {
		if m >= s.From && m < s.To {
			return true
		}
	}
	return false
}

// booking decodes the booking: section at key k of f over base, reporting bad values.
func (d *decoder) booking(f fields, k string, base Booking) Booking {
	n := f.at(k)
	if n == nil {
		return base
	}
	bf := d.fields(n, join(f.path, k))
	b := base
	b.HorizonDays = d.number(bf, "horizon_days", base.HorizonDays, 0, 60)
	b.SlotMinutes = d.number(bf, "slot_minutes", base.SlotMinutes, 5, 240)
	b.SlotCapacity = d.number(bf, "slot_capacity", base.SlotCapacity, 0, 1000)
	b.PerPersonPerDay = d.number(bf, "per_person_per_day", base.PerPersonPerDay, 1, 20)
	b.PerPersonPerService = d.number(bf, "per_person_per_service", base.PerPersonPerService, 1, 20)
	b.GraceMin = d.number(bf, "grace_min", base.GraceMin, 0, 240)
	b.CheckinEarlyMin = d.number(bf, "checkin_early_min", base.CheckinEarlyMin, 0, 240)
	b.NotifyAhead = d.number(bf, "notify_ahead", base.NotifyAhead, 0, 50)
	b.PostponePlaces = d.number(bf, "postpone_places", base.PostponePlaces, 1, 50)
	b.RetentionDays = d.number(bf, "retention_days", base.RetentionDays, 1, 365)
	if v := bf.at("online_only"); v != nil {
		if v.Kind != yaml.ScalarNode || v.ShortTag() != "!!bool" || v.Decode(&b.OnlineOnly) != nil {
			d.errorf(v, join(bf.path, "online_only"), "want true or false, got %s", describe(v))
		}
	}
	if bf.at("online_hours") != nil {
		b.OnlineHours = nil
		for _, s := range d.strs(bf, "online_hours") {
			ses, err := parseSession(s.val)
			if err != nil {
				d.errorf(s.node, s.path, "%v", err)
				continue
			}
			if l := len(b.OnlineHours); l > 0 && ses.From < b.OnlineHours[l-1].To {
				d.errorf(s.node, s.path, "session %s overlaps or precedes %s (want them in order)", ses, b.OnlineHours[l-1])
				continue
			}
			b.OnlineHours = append(b.OnlineHours, ses)
		}
	}
	if b.PerPersonPerService > b.PerPersonPerDay {
		d.errorf(bf.line("per_person_per_service"), join(bf.path, "per_person_per_service"),
			"%d is more than per_person_per_day (%d)", b.PerPersonPerService, b.PerPersonPerDay)
	}
	if 24*60%b.SlotMinutes != 0 {
		d.errorf(bf.line("slot_minutes"), join(bf.path, "slot_minutes"), "%d does not divide a day into whole slots (e.g. 15, 20, 30, 60)", b.SlotMinutes)
	}
	return b
}

// serviceBookings finds the booking: sections of the services (validated against the Org's
// section here, applied per site by siteBookings).
func (d *decoder) serviceBookings(f fields, o *Org) map[string]*yaml.Node {
	out := map[string]*yaml.Node{}
	for i, n := range d.items(f, "services") {
		sf := d.fields(n, index("services", i))
		if sf.at("booking") == nil {
			continue
		}
		id := d.scalar(sf.at("id"), "")
		out[id] = sf.at("booking")
		d.booking(sf, "booking", o.Booking)
	}
	return out
}

// siteBookings fills the site's Booking and ServiceBooking from its booking: section
// (booking.services.<id> for one service) over the Org's and the services' sections.
func (d *decoder) siteBookings(sf fields, s *Site, o *Org, svc map[string]*yaml.Node) {
	s.Booking = d.booking(sf, "booking", o.Booking)
	var per fields
	if bn := sf.at("booking"); bn != nil {
		bf := d.fields(bn, join(sf.path, "booking"))
		per = d.fields(bf.at("services"), join(bf.path, "services"))
		for _, id := range per.keys {
			if !s.Offers(id) {
				d.errorf(per.m[id], join(per.path, id), "service %q is not offered by site %q", id, s.ID)
			}
		}
	}
	quiet := &decoder{file: d.file, budget: 1 << 30}
	for _, id := range s.Services {
		b, own := s.Booking, false
		if n := svc[id]; n != nil {
			// validated once by serviceBookings; applied quietly here over the site's rules
			b, own = quiet.booking(fields{m: map[string]*yaml.Node{"booking": n}}, "booking", b), true
		}
		if per.at(id) != nil {
			b, own = d.booking(per, id, b), true
		}
		if own {
			if s.ServiceBooking == nil {
				s.ServiceBooking = map[string]Booking{}
			}
			s.ServiceBooking[id] = b
		}
	}
}
