package queue

import "time"

// CounterState is whether a counter takes calls.
type CounterState string

// The states of a counter.
const (
	Open   CounterState = "open"
	Paused CounterState = "paused"
	Closed CounterState = "closed"
)

// Counter is a counter of a site with its live state, as the API shows it.
type Counter struct {
	ID       string       `json:"id"`
	Number   int          `json:"number"`
	Name     string       `json:"name"`
	NameEn   string       `json:"name_en,omitempty"`
	Services []string     `json:"services"`
	State    CounterState `json:"state"`
	Officer  *string      `json:"officer"`
	Ticket   *Ticket      `json:"ticket"`
	// Reason is why a paused counter is paused.
	Reason string `json:"reason,omitempty"`
	// Since is when the counter last changed state.
	Since *time.Time `json:"since,omitempty"`
	// OfficerName is the full name of the officer holding it.
	OfficerName string `json:"officer_name,omitempty"`
}

// Event is one change of a site, as the live feed and the event log carry it.
type Event struct {
	ID      string         `json:"id"`
	Type    string         `json:"type"`
	Site    string         `json:"site"`
	At      time.Time      `json:"at"`
	Ticket  *Ticket        `json:"ticket"`
	Counter *Counter       `json:"counter"`
	Waiting map[string]int `json:"waiting"`
	// By is who caused the event: a username or "device:<id>".
	By string `json:"by,omitempty"`
	// Detail says more about some events (a pause reason, a transfer target, an out-of-order call).
	Detail string `json:"detail,omitempty"`
}

// The event types of api.md.
const (
	EvIssued      = "ticket.issued"
	EvCalled      = "ticket.called"
	EvRecalled    = "ticket.recalled"
	EvServing     = "ticket.serving"
	EvDone        = "ticket.done"
	EvNoShow      = "ticket.no_show"
	EvTransferred = "ticket.transferred"
	EvCancelled   = "ticket.cancelled"
	EvRated       = "ticket.rated"
	EvPriority    = "ticket.priority"
	EvOpened      = "counter.opened"
	EvPaused      = "counter.paused"
	EvResumed     = "counter.resumed"
	EvClosed      = "counter.closed"
)
