package store

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"

	"luot/server/queue"
)

// fields is a record as the scripts return it: a hash, or a Lua table encoded by cjson (whose
// numbers arrive as JSON numbers).
type fields map[string]string

func parseFields(js string) (fields, error) {
	if js == "" {
		return nil, nil
	}
	var raw map[string]any
	if err := json.Unmarshal([]byte(js), &raw); err != nil {
		return nil, fmt.Errorf("decode script result: %w", err)
	}
	return fieldsOf(raw), nil
}

func flatFields(flat []any) fields {
	f := make(fields, len(flat)/2)
	for i := 0; i+1 < len(flat); i += 2 {
		k, _ := flat[i].(string)
		v, _ := flat[i+1].(string)
		f[k] = v
	}
	return f
}

// UnmarshalJSON reads a record of a script's reply (a Lua table cjson encoded): strings as
// they are, numbers and booleans as their text.
func (f *fields) UnmarshalJSON(b []byte) error {
	var raw map[string]any
	if err := json.Unmarshal(b, &raw); err != nil {
		return fmt.Errorf("decode script record: %w", err)
	}
	*f = fieldsOf(raw)
	return nil
}

func fieldsOf(raw map[string]any) fields {
	if raw == nil {
		return nil
	}
	f := make(fields, len(raw))
	for k, v := range raw {
		switch v := v.(type) {
		case string:
			f[k] = v
		case float64:
			f[k] = strconv.FormatFloat(v, 'f', -1, 64)
		case bool:
			f[k] = strconv.FormatBool(v)
		}
	}
	return f
}

func (f fields) int(k string) int {
	n, _ := strconv.Atoi(f[k])
	return n
}

func optional(v string) *string {
	if v == "" {
		return nil
	}
	return &v
}

// ticket turns a ticket record into the domain ticket, times in loc.
func (f fields) ticket(loc *time.Location) *queue.Ticket {
	if f == nil || f["id"] == "" {
		return nil
	}
	t := &queue.Ticket{
		ID:         f["id"],
		Number:     f["number"],
		Site:       f["site"],
		Service:    f["service"],
		Priority:   f["priority"],
		Status:     queue.Status(f["status"]),
		Channel:    queue.Channel(f["channel"]),
		CalledAt:   ms(f["called_at"], loc),
		StartedAt:  ms(f["started_at"], loc),
		FinishedAt: ms(f["finished_at"], loc),
		Counter:    optional(f["counter"]),
		Officer:    optional(f["officer"]),
		Recalls:    f.int("recalls"),
		Rating:     optional(f["rating"]),
		Reserved:   f["reserved"],
		Transfers:  f.int("transfers"),
		PriorityBy: f["priority_by"],
		Day:        f["day"],
		Booking:    f["booking"],
		Slot:       f["slot"],
		Postponed:  f["postponed"] == "1",

		IssuedService: f["issued_service"],
		FirstCalledAt: ms(f["first_called_at"], loc),
	}
	if at := ms(f["issued_at"], loc); at != nil {
		t.IssuedAt = *at
	}
	t.Order, _ = strconv.ParseInt(f["order"], 10, 64)
	return t
}

// counter turns a counter record into its live state (the caller adds number and name).
func (f fields) counter(id string, loc *time.Location) *queue.Counter {
	c := &queue.Counter{ID: id, State: queue.Closed}
	if f == nil {
		return c
	}
	if st := queue.CounterState(f["state"]); st != "" {
		c.State = st
	}
	c.Officer = optional(f["officer"])
	c.Reason = f["reason"]
	c.Since = ms(f["since"], loc)
	if s := f["services"]; s != "" {
		c.Services = strings.Split(s, ",")
	}
	if tid := f["ticket"]; tid != "" {
		c.Ticket = &queue.Ticket{ID: tid}
	}
	return c
}

// counterAndTicket are the counter (nil when the reply has none) and the ticket of a
// transition's reply; the counter's current ticket is the reply's ticket when it is that one.
func (s *Store) counterAndTicket(r counterReply, counterID string) (*queue.Counter, *queue.Ticket) {
	t := r.Ticket.ticket(s.loc)
	var c *queue.Counter
	if r.Counter != nil {
		c = r.Counter.counter(counterID, s.loc)
		if c.Ticket != nil && t != nil && c.Ticket.ID == t.ID {
			c.Ticket = t
		}
	}
	return c, t
}

// view is the domain's view of a ticket from a script's reply (nil for an unknown ticket).
func (s *Store) view(r ticketViewReply) *queue.TicketView {
	t := r.Ticket.ticket(s.loc)
	if t == nil {
		return nil
	}
	v := &queue.TicketView{Ticket: t, Ahead: r.Ahead, OpenCounters: r.OpenCounters, At: r.At}
	if r.AvgMinutes != "" {
		v.AvgMinutes, _ = strconv.ParseFloat(r.AvgMinutes, 64)
	}
	return v
}
