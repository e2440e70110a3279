package store

import (
	"context"

	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/redis/go-redis/v9"

	"luot/server/queue"
)

// Issue creates a waiting ticket. With an idempotency key already used by the same caller, it
// returns the ticket that key created and creates nothing.
func (s *Store) Issue(ctx context.Context, a queue.IssueArgs, m queue.Meta) (*queue.TicketView, error) {
	r, err := runCall[ticketViewReply](ctx, s, issueScript, IssueCall(a, queue.NewTicketID(a.Site), m, s.loc, s.ttl))
	if err != nil {
		return nil, fmt.Errorf("issue %s at %s: %w", a.Service, a.Site, err)
	}
	return s.issued(r), nil
}

// issued is the view of a ticket a transition issued or changed: the ticket, or nil when its
// record is gone (an idempotency key that outlived its ticket), as the view has always been.
func (s *Store) issued(r ticketViewReply) *queue.TicketView {
	if v := s.view(r); v != nil {
		return v
	}
	return &queue.TicketView{Ahead: r.Ahead, OpenCounters: r.OpenCounters}
}

// ticketCall is the call of ticket.lua that reads ticket id of site.
func ticketCall(site, id string, counters []string) ScriptCall {
	joined, kept := ids(counters)
	return readCall(site, counterKeys(site, kept), id, joined)
}

// Ticket reads a ticket; counters are the ids of the site's counters.
func (s *Store) Ticket(ctx context.Context, id string, counters []string) (*queue.TicketView, error) {
	site, ok := queue.SiteOfTicket(id)
	if !ok {
		return nil, fmt.Errorf("ticket %q: %w", id, queue.ErrNotFound)
	}
	r, err := readScript[ticketViewReply](ctx, s, ticketScript, ticketCall(site, id, counters))
	if err != nil {
		return nil, fmt.Errorf("read ticket: %w", err)
	}
	v := s.view(r)
	if v == nil {
		return nil, fmt.Errorf("ticket %q: %w", id, queue.ErrNotFound)
	}
	return v, nil
}

// Tickets reads tickets of one site in one round trip, each as Ticket does; an unknown
// ticket's place is nil. The live ticket feed reads the tickets it follows with it.
func (s *Store) Tickets(ctx context.Context, site string, ids, counters []string) ([]*queue.TicketView, error) {
	sc := ticketScript
	var cmds []*redis.Cmd
	read := func() error {
		pipe := s.rdb.Pipeline()
		cmds = make([]*redis.Cmd, len(ids))
		for i, id := range ids {
			c := ticketCall(site, id, counters)
			cmds[i] = sc.EvalSha(ctx, pipe, c.Keys, c.Args...)
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
		r, err := cmdReply[ticketViewReply](sc, c)
		if err != nil {
			return nil, fmt.Errorf("read tickets: %w", err)
		}
		out[i] = s.view(r)
	}
	return out, nil
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
	r, err := runCall[counterReply](ctx, s, rateScript, s.transition(site, m, []string{idempotencyKey(site, caller, idemKey)},
		id, level, comment, deviceCounter, window.Milliseconds(), idemSuffix(caller, idemKey)))
	if err != nil {
		return nil, fmt.Errorf("rate %s: %w", id, err)
	}
	return r.Ticket.ticket(s.loc), nil
}

// SetPriority confirms, changes or removes a ticket's priority category.
func (s *Store) SetPriority(ctx context.Context, id, category string, m queue.Meta) (*queue.Ticket, error) {
	site, ok := queue.SiteOfTicket(id)
	if !ok {
		return nil, fmt.Errorf("ticket %q: %w", id, queue.ErrNotFound)
	}
	r, err := runCall[counterReply](ctx, s, priorityScript, s.transition(site, m, nil, id, category))
	if err != nil {
		return nil, fmt.Errorf("priority of %s: %w", id, err)
	}
	return r.Ticket.ticket(s.loc), nil
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
