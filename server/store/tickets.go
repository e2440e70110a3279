package store

import (
	"context"

	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/redis/go-redis/v9"

	"luot/server/queue"
)

// Issue creates a waiting ticket. With an idempotency key already used by the same caller, it
// returns the ticket that key created and creates nothing.
func (s *Store) Issue(ctx context.Context, a queue.IssueArgs, m queue.Meta) (*queue.TicketView, error) {
	res, err := s.run(ctx, issueScript, a.Site, m, queue.NewTicketID(a.Site), a.Site, a.Service, a.Prefix,
		a.Priority, string(a.Channel), a.Day, a.Quota, idemSuffix(a.Caller, a.IdempotencyKey), strings.Join(a.Counters, ","),
		a.Kiosk, a.PerMinute, a.Hour)
	if err != nil {
		return nil, fmt.Errorf("issue %s at %s: %w", a.Service, a.Site, err)
	}
	arr, _ := res.([]any)
	if len(arr) < 5 {
		return nil, fmt.Errorf("issue: unexpected script result %v", res)
	}
	tj, _ := arr[1].(string)
	tf, err := parseFields(tj)
	if err != nil {
		return nil, err
	}
	return view(tf.ticket(s.loc), arr[2], arr[3], arr[4]), nil
}

func view(t *queue.Ticket, ahead, open, avg any) *queue.TicketView {
	v := &queue.TicketView{Ticket: t}
	a, _ := ahead.(int64)
	o, _ := open.(int64)
	v.Ahead, v.OpenCounters = int(a), int(o)
	if s, _ := avg.(string); s != "" {
		v.AvgMinutes, _ = strconv.ParseFloat(s, 64)
	}
	return v
}

// Ticket reads a ticket; counters are the ids of the site's counters.
func (s *Store) Ticket(ctx context.Context, id string, counters []string) (*queue.TicketView, error) {
	site, ok := queue.SiteOfTicket(id)
	if !ok {
		return nil, fmt.Errorf("ticket %q: %w", id, queue.ErrNotFound)
	}
	res, err := ticketScript.Run(ctx, s.rdb, []string{streamKey(site)},
		SitePrefix(site), id, strings.Join(counters, ",")).Slice()
	if err != nil {
		return nil, fmt.Errorf("read ticket: %w", wrap(err))
	}
	v := s.ticketView(res)
	if v == nil {
		return nil, fmt.Errorf("ticket %q: %w", id, queue.ErrNotFound)
	}
	return v, nil
}

// Tickets reads tickets of one site in one round trip, each as Ticket does; an unknown
// ticket's place is nil. The live ticket feed reads the tickets it follows with it.
func (s *Store) Tickets(ctx context.Context, site string, ids, counters []string) ([]*queue.TicketView, error) {
	sc := ticketScript
	keys, prefix, cs := []string{streamKey(site)}, SitePrefix(site), strings.Join(counters, ",")
	var cmds []*redis.Cmd
	read := func() error {
		pipe := s.rdb.Pipeline()
		cmds = make([]*redis.Cmd, len(ids))
		for i, id := range ids {
			cmds[i] = sc.EvalSha(ctx, pipe, keys, prefix, id, cs)
		}
		_, err := pipe.Exec(ctx)
		return err
	}
	err := read()
	if redis.HasErrorPrefix(err, "NOSCRIPT") {
		// a Redis that lost its scripts (restarted): load it, and read once more
		if err = sc.Load(ctx, s.rdb).Err(); err == nil {
			err = read()
		}
	}
	if err != nil {
		return nil, fmt.Errorf("read tickets: %w", wrap(err))
	}
	out := make([]*queue.TicketView, len(ids))
	for i, c := range cmds {
		res, err := c.Slice()
		if err != nil {
			return nil, fmt.Errorf("read tickets: %w", wrap(err))
		}
		out[i] = s.ticketView(res)
	}
	return out, nil
}

// ticketView decodes the answer of ticket.lua, or nil for an unknown ticket.
func (s *Store) ticketView(res []any) *queue.TicketView {
	flat, _ := res[0].([]any)
	if len(flat) == 0 || len(res) < 5 {
		return nil
	}
	v := view(flatFields(flat).ticket(s.loc), res[1], res[2], res[3])
	v.At, _ = res[4].(string)
	return v
}

// History returns every event of a ticket, oldest first.
func (s *Store) History(ctx context.Context, id string) ([]queue.HistoryEntry, error) {
	site, ok := queue.SiteOfTicket(id)
	if !ok {
		return nil, fmt.Errorf("ticket %q: %w", id, queue.ErrNotFound)
	}
	raw, err := s.rdb.LRange(ctx, historyKey(site, id), 0, -1).Result()
	if err != nil {
		return nil, fmt.Errorf("read history: %w", wrap(err))
	}
	return s.history(id, raw)
}

// history decodes the history list of a ticket (JSON events written by lib.lua's emit).
func (s *Store) history(id string, raw []string) ([]queue.HistoryEntry, error) {
	out := make([]queue.HistoryEntry, 0, len(raw))
	for _, r := range raw {
		var e struct {
			ID, Type, By, Counter, Detail string
			At                            int64
		}
		if err := json.Unmarshal([]byte(r), &e); err != nil {
			return nil, fmt.Errorf("decode history of %s: %w", id, err)
		}
		out = append(out, queue.HistoryEntry{ID: e.ID, At: time.UnixMilli(e.At).In(s.loc), Type: e.Type, By: e.By, Counter: e.Counter, Detail: e.Detail})
	}
	return out, nil
}

// Rate records a rating of a finished ticket. deviceCounter is the counter of the rating
// device that sends it ("" for a citizen, who may rate within window after the finish).
func (s *Store) Rate(ctx context.Context, id, level, comment, deviceCounter string, window time.Duration, caller, idemKey string, m queue.Meta) (*queue.Ticket, error) {
	site, ok := queue.SiteOfTicket(id)
	if !ok {
		return nil, fmt.Errorf("ticket %q: %w", id, queue.ErrNotFound)
	}
	res, err := s.run(ctx, rateScript, site, m, id, level, comment, deviceCounter, window.Milliseconds(), idemSuffix(caller, idemKey))
	if err != nil {
		return nil, fmt.Errorf("rate %s: %w", id, err)
	}
	_, t, err := s.pair(res, "")
	return t, err
}

// SetPriority confirms, changes or removes a ticket's priority category.
func (s *Store) SetPriority(ctx context.Context, id, category string, m queue.Meta) (*queue.Ticket, error) {
	site, ok := queue.SiteOfTicket(id)
	if !ok {
		return nil, fmt.Errorf("ticket %q: %w", id, queue.ErrNotFound)
	}
	res, err := s.run(ctx, priorityScript, site, m, id, category)
	if err != nil {
		return nil, fmt.Errorf("priority of %s: %w", id, err)
	}
	_, t, err := s.pair(res, "")
	return t, err
}

// Waiting lists the waiting tickets of a service queue in calling order (up to limit).
func (s *Store) Waiting(ctx context.Context, site, service string, limit int) ([]*queue.Ticket, error) {
	ids, err := s.rdb.ZRange(ctx, queueKey(site, service), 0, int64(limit-1)).Result()
	if err != nil {
		return nil, fmt.Errorf("list queue: %w", wrap(err))
	}
	return s.tickets(ctx, site, ids)
}

// DayTickets lists the tickets a site issued on a local day, in issue order.
func (s *Store) DayTickets(ctx context.Context, site, day string) ([]*queue.Ticket, error) {
	ids, err := s.rdb.ZRange(ctx, dayKey(site, day), 0, -1).Result()
	if err != nil {
		return nil, fmt.Errorf("list day: %w", wrap(err))
	}
	return s.tickets(ctx, site, ids)
}

func (s *Store) tickets(ctx context.Context, site string, ids []string) ([]*queue.Ticket, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	pipe := s.rdb.Pipeline()
	cmds := make([]*redis.MapStringStringCmd, len(ids))
	for i, id := range ids {
		cmds[i] = pipe.HGetAll(ctx, ticketKey(site, id))
	}
	if _, err := pipe.Exec(ctx); err != nil && !errors.Is(err, redis.Nil) {
		return nil, fmt.Errorf("read tickets: %w", wrap(err))
	}
	out := make([]*queue.Ticket, 0, len(ids))
	for _, c := range cmds {
		if t := fields(c.Val()).ticket(s.loc); t != nil {
			out = append(out, t)
		}
	}
	return out, nil
}
