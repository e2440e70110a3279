// Package config loads the organisation file (sites, services, counters, opening hours and
// the province's choices) and the server settings from the environment. Both are validated
// once at start; the server refuses to start on any error, which names the file, the line
// and the field.
package config

import (
	"slices"
	"time"
)

// Org is the whole organisation of one province: its sites, the services they offer and the
// settings every site shares. An Org returned by Load or Parse is complete (defaults filled
// in, every reference checked) and must not be changed: reload the file to change it.
type Org struct {
	Name           string          // yaml name
	NameEn         string          // yaml name_en
	Timezone       string          // yaml timezone, default Asia/Ho_Chi_Minh
	Location       *time.Location  // loaded from Timezone
	Hours          Week            // yaml hours: the default week of every site
	Holidays       []string        // yaml holidays: "YYYY-MM-DD" local dates closed at every site
	Priority       []Category      // yaml priority: categories served first, in display order
	Rating         []string        // yaml rating: satisfaction levels, best first
	RatingNames    map[string]Name // yaml rating_names: the name of every level in Rating
	RecallLimit    int             // yaml recall_limit: recalls before a no-show, default 3
	PauseReasons   []Category      // yaml pause_reasons: why a counter pauses
	WaitTargetMin  int             // yaml wait_target_min: default wait target of a site, minutes
	KioskPerMinute int             // yaml kiosk_per_minute: tickets one kiosk may issue a minute, default 60
	Notice         string          // yaml notice: the scrolling line of hall displays
	NoticeEn       string          // yaml notice_en: the same line in English, optional
	Announcement   string          // yaml announcement: the call, with {number} and {counter}
	Dialect        string          // yaml dialect: "south" or "north", for the voice
	NumberReading  string          // yaml number_reading: ReadingNumber (default) or ReadingDigits; a site may choose its own
	Services       []Service       // yaml services
	Sites          []Site          // yaml sites, in file order
	Booking        Booking         // yaml booking: remote numbers and appointments (booking.go)

	sites    map[string]*Site
	services map[string]*Service
	priority map[string]*Category
	children map[string][]*Site
}

// Name is a Vietnamese name and its English translation.
type Name struct{ Name, NameEn string }

// Category is a named choice: a priority class or a pause reason.
type Category struct{ ID, Name, NameEn string }

// Service is a field of procedures (lĩnh vực) that citizens take a ticket for.
type Service struct {
	ID      string // yaml id
	Name    string // yaml name
	NameEn  string // yaml name_en
	Group   string // yaml group: the heading the kiosk groups buttons under, optional
	GroupEn string // the group's English name, from the groups: list (yaml groups)
	Prefix  string // yaml prefix: 1–2 uppercase ASCII letters before the ticket number
	Minutes int    // yaml minutes: expected minutes per citizen, 1..240
}

// Site returns the site with the given id, or nil.
func (o *Org) Site(id string) *Site { return byID(o.sites, o.Sites, id) }

// Service returns the service with the given id, or nil.
func (o *Org) Service(id string) *Service { return byID(o.services, o.Services, id) }

// Category returns the priority category with the given id, or nil.
func (o *Org) Category(id string) *Category { return byID(o.priority, o.Priority, id) }

// HasRating reports whether level is one of the configured rating levels.
func (o *Org) HasRating(level string) bool { return slices.Contains(o.Rating, level) }

// identified is a pointer to an element of the Org's lists that have an id: a site, a
// service, a category, a counter.
type identified[T any] interface {
	*T
	id() string
}

func (s *Site) id() string     { return s.ID }
func (s *Service) id() string  { return s.ID }
func (c *Category) id() string { return c.ID }
func (c *Counter) id() string  { return c.ID }

// byID returns the element of list with the given id, or nil: from index once the Org is
// indexed (tree.go), else by a search of list (an Org being decoded, a Site's counters).
func byID[T any, P identified[T]](index map[string]*T, list []T, id string) *T {
	if index != nil {
		return index[id]
	}
	for i := range list {
		if P(&list[i]).id() == id {
			return &list[i]
		}
	}
	return nil
}

// byIDIndex is the index of byID: every element of list by its id.
func byIDIndex[T any, P identified[T]](list []T) map[string]*T {
	index := make(map[string]*T, len(list))
	for i := range list {
		index[P(&list[i]).id()] = &list[i]
	}
	return index
}

// Children returns the sites whose parent is id, in file order.
func (o *Org) Children(id string) []*Site {
	if o.children != nil {
		return o.children[id]
	}
	var out []*Site
	for i := range o.Sites {
		if s := &o.Sites[i]; s.Parent == id && s.ID != id {
			out = append(out, s)
		}
	}
	return out
}

// Subtree returns the site id followed by all its descendants, depth first in file order,
// or nil if there is no such site. Reports and supervisors of a branch use it.
func (o *Org) Subtree(id string) []*Site {
	s := o.Site(id)
	if s == nil {
		return nil
	}
	out := []*Site{s}
	seen := map[string]bool{id: true}
	for i := 0; i < len(out); i++ {
		var kids []*Site
		for _, c := range o.Children(out[i].ID) {
			if !seen[c.ID] {
				seen[c.ID] = true
				kids = append(kids, c)
			}
		}
		// Insert the children right after their parent to keep depth-first order.
		out = append(out[:i+1], append(kids, out[i+1:]...)...)
	}
	return out
}

// Roots returns the sites without a parent, in file order.
func (o *Org) Roots() []*Site {
	return o.Children("")
}
