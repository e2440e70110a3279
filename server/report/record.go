package report

import (
	"cmp"
	"strings"
	"time"

	"luot/server/queue"
)

// Record is one ticket as the reports see it; see the package documentation for what each
// field means.
type Record struct {
	Site    string
	Day     string // local day of issue, YYYY-MM-DD
	Hour    int    // local hour of issue, 0..23
	Service string // the service it was issued for
	Counter string // the counter that last handled it, "" if never called
	Officer string // the officer that last handled it, "" if never called
	Status  queue.Status
	// WaitMs is the time from issue to the first call, -1 when never called.
	WaitMs int64
	// ServiceMs is the service time of a done ticket, -1 otherwise.
	ServiceMs int64
	// Rating is the level the citizen gave, "" if none.
	Rating string
	// Channel is where it was taken: kiosk, online, appointment or staff (ChannelOf).
	Channel string
}

// RecordOf reduces a ticket and its history (oldest first) to a Record; loc is the time zone
// of the local day and hour.
func RecordOf(t *queue.Ticket, history []queue.HistoryEntry, loc *time.Location) Record {
	issued := t.IssuedAt.In(loc)
	r := Record{
		Site: t.Site, Day: issued.Format(time.DateOnly), Hour: issued.Hour(),
		Service: cmp.Or(t.IssuedService, issuedService(t, history)), Status: t.Status, WaitMs: -1, ServiceMs: -1,
		Channel: ChannelOf(t.Channel),
	}
	if t.Counter != nil {
		r.Counter = *t.Counter
	}
	if t.Officer != nil {
		r.Officer = *t.Officer
	}
	if t.Rating != nil {
		r.Rating = *t.Rating
	}
	if first := firstCall(t, history); first != nil {
		r.WaitMs = queue.Wait(t.IssuedAt, *first).Milliseconds()
	}
	if d, ok := t.ServiceTime(); ok {
		r.ServiceMs = d.Milliseconds()
	}
	return r
}

// firstCall is the time of the ticket's first call: as the store keeps it on the ticket, or
// else the first ticket.called event of its history, or its called_at when the history says
// nothing.
func firstCall(t *queue.Ticket, history []queue.HistoryEntry) *time.Time {
	if t.FirstCalledAt != nil {
		return t.FirstCalledAt
	}
	for i := range history {
		if history[i].Type == queue.EvCalled {
			return &history[i].At
		}
	}
	return t.CalledAt
}

// issuedService is the service a ticket was issued for, read from its history (the store
// keeps it on the ticket since the figures of reports are kept as events happen): the source
// of its first transfer to another service ("service:<from>><to>"), or its service when it
// never changed.
func issuedService(t *queue.Ticket, history []queue.HistoryEntry) string {
	for _, h := range history {
		if h.Type != queue.EvTransferred {
			continue
		}
		rest, ok := strings.CutPrefix(h.Detail, "service:")
		if !ok {
			continue
		}
		if from, _, ok := strings.Cut(rest, ">"); ok && from != "" {
			return from
		}
	}
	return t.Service
}

// The channels of the reports (by=channel): a ticket issued by an officer at a counter
// counts as staff.
const (
	ChannelKiosk       = "kiosk"
	ChannelOnline      = "online"
	ChannelAppointment = "appointment"
	ChannelStaff       = "staff"
)

// ChannelOf is the report's channel of a ticket's channel.
func ChannelOf(c queue.Channel) string {
	switch c {
	case queue.Online:
		return ChannelOnline
	case queue.Appointment:
		return ChannelAppointment
	case queue.AtCounter:
		return ChannelStaff
	}
	return ChannelKiosk
}
