package live

import (
	"time"

	"luot/config"
	"luot/server/queue"
)

// Audience is who a site's feed is for: what it may carry follows from it.
type Audience uint8

// The audiences of a site's feed (api.md, "Live events").
const (
	// Public is anyone: halls, kiosks, the transparency page. It carries what a hall display
	// shows and nothing that acts or identifies (PublicEvent).
	Public Audience = iota
	// Staff is the site's officers, its supervisors and the admins: full events.
	Staff
)

// PublicTicket is a ticket as the public sees it: never its id (the citizen's capability:
// tracking, PDF, rating), never an officer, never who issued it.
type PublicTicket struct {
	Number   string       `json:"number"`
	Service  string       `json:"service"`
	Status   queue.Status `json:"status"`
	Priority bool         `json:"priority"`
	// CounterNumber is the number of the counter it is at (or was last at), or null.
	CounterNumber *int `json:"counter_number"`
	// Channel is "online" or "appointment" for a remote number or an appointment, which the
	// hall marks (an added field; it names nobody), else absent.
	Channel queue.Channel `json:"channel,omitempty"`
}

// PublicCounter is a counter as the public sees it: no officer, no officer's name, no
// pause reason (free text an officer typed).
type PublicCounter struct {
	ID       string             `json:"id"`
	Number   int                `json:"number"`
	Name     string             `json:"name"`
	NameEn   string             `json:"name_en,omitempty"`
	Services []string           `json:"services"`
	State    queue.CounterState `json:"state"`
	Ticket   *PublicTicket      `json:"ticket"`
}

// PublicEvent is an event of the public feed: no `by`, no `detail`.
type PublicEvent struct {
	ID      string         `json:"id"`
	Type    string         `json:"type"`
	Site    string         `json:"site"`
	At      time.Time      `json:"at"`
	Ticket  *PublicTicket  `json:"ticket"`
	Counter *PublicCounter `json:"counter"`
	Waiting map[string]int `json:"waiting"`
}

// PublicSite is a site's live state as the public sees it (GET /api/v1/sites/{site} and the
// public feed's snapshot): the site view with its counters in the public projection; the
// shallower Counters hides the view's own in JSON.
type PublicSite struct {
	*queue.SiteView
	Counters []*PublicCounter `json:"counters"`
}

// ProjectTicket is t as the public sees it at site (nil for nil).
func ProjectTicket(site *config.Site, t *queue.Ticket) *PublicTicket {
	if t == nil {
		return nil
	}
	p := &PublicTicket{Number: t.Number, Service: t.Service, Status: t.Status, Priority: t.Priority != ""}
	if t.Channel == queue.Online || t.Channel == queue.Appointment {
		p.Channel = t.Channel
	}
	if t.Counter != nil && site != nil {
		if cc := site.Counter(*t.Counter); cc != nil {
			n := cc.Number
			p.CounterNumber = &n
		}
	}
	return p
}

// ProjectCounter is c as the public sees it at site (nil for nil).
func ProjectCounter(site *config.Site, c *queue.Counter) *PublicCounter {
	if c == nil {
		return nil
	}
	return &PublicCounter{ID: c.ID, Number: c.Number, Name: c.Name, NameEn: c.NameEn, Services: c.Services, State: c.State,
		Ticket: ProjectTicket(site, c.Ticket)}
}

// ProjectEvent is e as the public feed carries it.
func ProjectEvent(site *config.Site, e *queue.Event) *PublicEvent {
	return &PublicEvent{ID: e.ID, Type: e.Type, Site: e.Site, At: e.At, Waiting: e.Waiting,
		Ticket: ProjectTicket(site, e.Ticket), Counter: ProjectCounter(site, e.Counter)}
}

// ProjectSite is v as the public sees it.
func ProjectSite(site *config.Site, v *queue.SiteView) *PublicSite {
	p := &PublicSite{SiteView: v, Counters: make([]*PublicCounter, len(v.Counters))}
	for i, c := range v.Counters {
		p.Counters[i] = ProjectCounter(site, c)
	}
	return p
}
