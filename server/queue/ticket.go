package queue

import (
	"fmt"
	"time"
)

// Status is the state of a ticket.
type Status string

// The states of a ticket: waiting → called → serving → done, or no_show, or cancelled.
const (
	Waiting   Status = "waiting"
	Called    Status = "called"
	Serving   Status = "serving"
	Done      Status = "done"
	NoShow    Status = "no_show"
	Cancelled Status = "cancelled"
)

// Channel is where a ticket was taken.
type Channel string

// The channels of a ticket.
const (
	Kiosk     Channel = "kiosk"
	Online    Channel = "online"
	AtCounter Channel = "counter"
	// Appointment (booking.go) is the channel of an appointment's ticket.
)

// Ticket is a numbered place in a queue, as the API shows it.
type Ticket struct {
	ID         string     `json:"id"`
	Number     string     `json:"number"`
	Site       string     `json:"site"`
	Service    string     `json:"service"`
	Priority   string     `json:"priority"`
	Status     Status     `json:"status"`
	Channel    Channel    `json:"channel"`
	IssuedAt   time.Time  `json:"issued_at"`
	CalledAt   *time.Time `json:"called_at"`
	StartedAt  *time.Time `json:"started_at"`
	FinishedAt *time.Time `json:"finished_at"`
	Counter    *string    `json:"counter"`
	Officer    *string    `json:"officer"`
	Recalls    int        `json:"recalls"`
	Ahead      *int       `json:"ahead,omitempty"`
	EstWaitMin *int       `json:"estimated_wait_min,omitempty"`
	// BeyondClosing is, while waiting, whether the expected wait ends after today's opening
	// hours: the citizen may not be served today.
	BeyondClosing *bool   `json:"beyond_closing,omitempty"`
	Rating        *string `json:"rating"`
	// Reserved is the counter a transferred ticket waits for, if any.
	Reserved string `json:"reserved_for,omitempty"`
	// Transfers counts how often the ticket was transferred.
	Transfers int `json:"transfers,omitempty"`
	// PriorityBy is who confirmed or removed the priority category, if anyone did.
	PriorityBy string `json:"priority_by,omitempty"`
	// Booking is the appointment a ticket was checked in for, and Slot its start ("08:30");
	// Postponed whether the citizen used "postpone once" (bookings.go).
	Booking   string `json:"booking,omitempty"`
	Slot      string `json:"slot,omitempty"`
	Postponed bool   `json:"postponed,omitempty"`
	// Day is the local day of issue, YYYYMMDD.
	Day string `json:"-"`
	// IssuedService is the service it was issued for, before any transfer ("" for a ticket
	// issued before the store kept it: its history tells).
	IssuedService string `json:"-"`
	// FirstCalledAt is its first call (nil when never called, or issued before the store
	// kept it: its history tells).
	FirstCalledAt *time.Time `json:"-"`
	// Order is the site-wide position of issue that calling order follows.
	Order int64 `json:"-"`
}

// Active reports whether the ticket is at a counter (called or serving).
func (t *Ticket) Active() bool { return t.Status == Called || t.Status == Serving }

// FormatNumber renders a ticket number: the prefix and the sequence, zero-padded to three
// digits, growing past 999 (A023, A1000).
func FormatNumber(prefix string, seq int64) string {
	return fmt.Sprintf("%s%03d", prefix, seq)
}

// LocalDay is the local calendar day of t in loc as YYYYMMDD; numbering restarts with it.
func LocalDay(t time.Time, loc *time.Location) string {
	return t.In(loc).Format("20060102")
}

// LocalHour is the local hour of t in loc as "07": the hour of issue that reports group by.
func LocalHour(t time.Time, loc *time.Location) string {
	return t.In(loc).Format("15")
}
