package config

import (
	"slices"
	"time"
)

// Site is a place where citizens take tickets: the provincial centre, a branch or a
// reception point.
type Site struct {
	ID            string         // yaml id: lowercase ASCII letters, digits and '-', 1..40
	Name          string         // yaml name
	NameEn        string         // yaml name_en
	Kind          string         // yaml kind: centre | branch | point
	Parent        string         // yaml parent: "" for a top site, else a site id
	Address       string         // yaml address
	Hours         Week           // yaml hours; the Org's Hours when absent, so always complete
	Holidays      []string       // yaml holidays: closed dates of this site on top of the Org's
	Services      []string       // yaml services: the service ids offered here
	Quota         map[string]int // yaml quota: tickets per local day by service id
	Counters      []Counter      // yaml counters
	WaitTargetMin int            // yaml wait_target_min: the Org's when absent
	// KioskPerMinute caps the tickets one kiosk device issues in any minute (a flood from a
	// stolen or broken kiosk must not empty a day's quota); yaml kiosk_per_minute, the Org's
	// when absent. Staff are not capped.
	KioskPerMinute int
	NumberReading  string // yaml number_reading: how the voice reads its ticket numbers; the Org's when absent
	// Booking is the site's rules of remote numbers and appointments (yaml booking:, over the
	// Org's); ServiceBooking those of services with their own (see BookingFor).
	Booking        Booking
	ServiceBooking map[string]Booking

	org      *Org
	holidays map[string]bool // the Org's and the site's
}

// Counter is a desk of a site where an officer serves citizens.
type Counter struct {
	ID       string   // yaml id: unique within the site
	Number   int      // yaml number: 1..999, unique within the site, shown and spoken
	Name     string   // yaml name, default "Quầy <Number>"
	NameEn   string   // yaml name_en, default "Counter <Number>" when name is the default
	Services []string // yaml services: the service ids it serves, in order of preference
}

// Site kinds.
const (
	KindCentre = "centre"
	KindBranch = "branch"
	KindPoint  = "point"
)

// vietnam is the zone of a Site built by hand without an Org (Vietnam keeps no summer time).
var vietnam = time.FixedZone("ICT", 7*60*60)

// Counter returns the counter with the given id, or nil.
func (s *Site) Counter(id string) *Counter { return byID(nil, s.Counters, id) }

// Offers reports whether citizens can take a ticket for service at this site.
func (s *Site) Offers(service string) bool { return slices.Contains(s.Services, service) }

// Quotas returns the tickets a local day allows for service at this site, 0 for unlimited.
func (s *Site) Quotas(service string) int {
	return s.Quota[service]
}

// Location returns the time zone of the site's local days and opening hours.
func (s *Site) Location() *time.Location {
	if s.org != nil && s.org.Location != nil {
		return s.org.Location
	}
	return vietnam
}

// HoursOn returns the opening sessions of a weekday, nil when closed.
func (s *Site) HoursOn(wd time.Weekday) []Session {
	if wd < time.Sunday || wd > time.Saturday {
		return nil
	}
	return s.Hours[wd]
}

// OpenAt reports whether the site is open at t, read in the site's time zone: t falls in a
// session of its weekday and its date is not a holiday of the Org or the site.
func (s *Site) OpenAt(t time.Time) bool {
	t = t.In(s.Location())
	if s.isHoliday(t.Format(time.DateOnly)) {
		return false
	}
	m := t.Hour()*60 + t.Minute()
	for _, ses := range s.Hours[t.Weekday()] {
		if m >= ses.From && m < ses.To {
			return true
		}
	}
	return false
}

func (s *Site) isHoliday(date string) bool {
	if s.holidays != nil {
		return s.holidays[date]
	}
	lists := [][]string{s.Holidays}
	if s.org != nil {
		lists = append(lists, s.org.Holidays)
	}
	for _, l := range lists {
		for _, h := range l {
			if h == date {
				return true
			}
		}
	}
	return false
}
