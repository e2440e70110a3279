package config

import (
	"reflect"
	"strings"
	"testing"
)

// bookingDoc has an Org section, a service with its own, and a site overriding both.
const bookingDoc = `
name: Test
hours: {mon: ["07:30-11:30", "13:30-17:00"]}
booking: {slot_capacity: 3, online_hours: ["07:30-11:00", "13:30-16:00"]}
services:
  - {id: a, name: A, prefix: A, minutes: 10, booking: {slot_minutes: 15}}
  - {id: b, name: B, prefix: B, minutes: 10}
sites:
  - {id: p, name: P, kind: point, services: [a, b], counters: [{id: q1, number: 1, services: [a, b]}]}
  - id: c
    name: C
    kind: centre
    services: [a, b]
    booking: {grace_min: 10, services: {b: {slot_capacity: 8}}}
    counters: [{id: q1, number: 1, services: [a, b]}]
`

func TestBookingOverrides(t *testing.T) {
	o := mustParse(t, []byte(bookingDoc))
	tests := []struct {
		site, service string
		want          func(b *Booking)
	}{
		{"p", "b", func(b *Booking) {}},
		{"p", "a", func(b *Booking) { b.SlotMinutes = 15 }},
		{"c", "a", func(b *Booking) { b.SlotMinutes = 15; b.GraceMin = 10 }},
		{"c", "b", func(b *Booking) { b.GraceMin = 10; b.SlotCapacity = 8 }},
	}
	for _, tt := range tests {
		want := DefaultBooking
		want.SlotCapacity = 3
		want.OnlineHours = []Session{{7*60 + 30, 11 * 60}, {13*60 + 30, 16 * 60}}
		tt.want(&want)
		got := o.Site(tt.site).BookingFor(tt.service)
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s/%s: got %+v, want %+v", tt.site, tt.service, got, want)
		}
	}
}

func TestBookingDefaults(t *testing.T) {
	o := mustParse(t, []byte(strings.Replace(bookingDoc, "booking: {slot_capacity: 3, online_hours: [\"07:30-11:00\", \"13:30-16:00\"]}\n", "", 1)))
	if got := o.Site("p").BookingFor("b"); !reflect.DeepEqual(got, DefaultBooking) {
		t.Errorf("got %+v, want the contract's defaults %+v", got, DefaultBooking)
	}
}

func TestBookingRefused(t *testing.T) {
	tests := []struct{ section, want string }{
		{`{slot_capacity: -1}`, "booking.slot_capacity: -1 is out of range 0..1000"},
		{`{horizon_days: 400}`, "booking.horizon_days: 400 is out of range 0..60"},
		{`{slot_minutes: 7}`, "booking.slot_minutes: 7 does not divide a day"},
		{`{online_hours: ["16:00-08:00"]}`, "booking.online_hours[0]: bad session"},
		{`{online_hours: ["08:00-12:00", "11:00-13:00"]}`, "booking.online_hours[1]: session 11:00-13:00 overlaps"},
		{`{per_person_per_day: 1, per_person_per_service: 2}`, "per_person_per_service: 2 is more than per_person_per_day (1)"},
		{`{grace_min: "x"}`, "booking.grace_min: want an integer"},
		{`{online_only: maybe}`, "booking.online_only: want true or false"},
		{`{services: {zz: {slot_capacity: 1}}}`, ""}, // at the Org level, services: is ignored
	}
	for _, tt := range tests {
		data := strings.Replace(bookingDoc, `{slot_capacity: 3, online_hours: ["07:30-11:00", "13:30-16:00"]}`, tt.section, 1)
		_, err := Parse([]byte(data), "t.yaml")
		switch {
		case tt.want == "" && err != nil:
			t.Errorf("%s: got %v, want no error", tt.section, err)
		case tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want)):
			t.Errorf("%s: got %v, want an error with %q", tt.section, err, tt.want)
		}
	}
	// a site's override of a service it does not offer, and a bad value there
	site := strings.Replace(bookingDoc, "services: {b: {slot_capacity: 8}}", "services: {x: {slot_capacity: 8}, b: {slot_capacity: 9999}}", 1)
	_, err := Parse([]byte(site), "t.yaml")
	if err == nil || !strings.Contains(err.Error(), `sites[1].booking.services.x: service "x" is not offered by site "c"`) ||
		!strings.Contains(err.Error(), "sites[1].booking.services.b.slot_capacity: 9999 is out of range") {
		t.Errorf("got %v, want the unknown service and the bad capacity named", err)
	}
	// a service's own section is checked once, where it is written
	svc := strings.Replace(bookingDoc, "booking: {slot_minutes: 15}", "booking: {slot_minutes: 1000}", 1)
	_, err = Parse([]byte(svc), "t.yaml")
	if err == nil || strings.Count(err.Error(), "services[0].booking.slot_minutes: 1000 is out of range") != 1 {
		t.Errorf("got %v, want services[0].booking.slot_minutes named once", err)
	}
}

func TestBinhDuongBooking(t *testing.T) {
	o, err := Load("binhduong.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if got := o.Site("ttpvhcc").BookingFor("dat-dai").SlotCapacity; got != 6 {
		t.Errorf("centre land slots: got %d places, want 6", got)
	}
	if got := o.Site("ttpvhcc").BookingFor("ho-tich"); !reflect.DeepEqual(got, DefaultBooking) {
		t.Errorf("centre civil status: got %+v, want the defaults", got)
	}
}
