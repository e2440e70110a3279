// Package config loads the organisation file (sites, services, counters, opening hours and
// the province's choices) and the server settings from the environment. Both are validated
// once at start; the server refuses to start on any error, which names the file, the line
// and the field.
package config

import "time"

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
func (o *Org) Site(id string) *Site {
	if o.sites != nil {
		return o.sites[id]
	}
	for i := range o.Sites {
		if o.Sites[i].ID == id {
			return &o.Sites[i]
		}
	}
	return nil
}

// Service returns the service with the given id, or nil.
func (o *Org) Service(id string) *Service {
	if o.services != nil {
		return o.services[id]
	}
	for i := range o.Services {
		if o.Services[i].ID == id {
			return &o.Services[i]
		}
	}
	return nil
}

// Category returns the priority category with the given id, or nil.
func (o *Org) Category(id string) *Category {
	if o.priority != nil {
		return o.priority[id]
	}
	for i := range o.Priority {
		if o.Priority[i].ID == id {
			return &o.Priority[i]
		}
	}
	return nil
}

// HasRating reports whether level is one of the configured rating levels.
func (o *Org) HasRating(level string) bool {
	for _, r := range o.Rating {
		if r == level {
			return true
		}
	}
	return false
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
