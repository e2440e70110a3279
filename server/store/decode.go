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
	return f, nil
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

// pair decodes the {counter json, ticket json} answer of a transition script.
func (s *Store) pair(res any, counterID string) (*queue.Counter, *queue.Ticket, error) {
	arr, ok := res.([]any)
	if !ok || len(arr) < 2 {
		return nil, nil, fmt.Errorf("unexpected script result %T", res)
	}
	cj, _ := arr[0].(string)
	tj, _ := arr[1].(string)
	tf, err := parseFields(tj)
	if err != nil {
		return nil, nil, err
	}
	t := tf.ticket(s.loc)
	var c *queue.Counter
	if cj != "" {
		cf, err := parseFields(cj)
		if err != nil {
			return nil, nil, err
		}
		c = cf.counter(counterID, s.loc)
		if c.Ticket != nil && t != nil && c.Ticket.ID == t.ID {
			c.Ticket = t
		}
	}
	return c, t, nil
}
