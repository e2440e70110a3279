package store

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/redis/go-redis/v9"

	"luot/server/queue"
)

// event decodes one stream entry of a site.
func (s *Store) event(site string, m redis.XMessage) (queue.Event, error) {
	str := func(k string) string { v, _ := m.Values[k].(string); return v }
	e := queue.Event{ID: m.ID, Type: str("type"), Site: site, By: str("by"), Detail: str("detail"), Waiting: map[string]int{}}
	if at := ms(str("at"), s.loc); at != nil {
		e.At = *at
	}
	tf, err := parseFields(str("ticket"))
	if err != nil {
		return e, err
	}
	e.Ticket = tf.ticket(s.loc)
	if cj := str("cstate"); cj != "" {
		cf, err := parseFields(cj)
		if err != nil {
			return e, err
		}
		e.Counter = cf.counter(str("counter"), s.loc)
		if e.Counter.Ticket != nil {
			switch {
			case e.Ticket != nil && e.Ticket.ID == e.Counter.Ticket.ID:
				e.Counter.Ticket = e.Ticket
			default:
				cur, err := parseFields(str("cticket"))
				if err != nil {
					return e, err
				}
				e.Counter.Ticket = cur.ticket(s.loc)
			}
		}
	}
	if wj := str("waiting"); wj != "" && wj != "{}" {
		if err := json.Unmarshal([]byte(wj), &e.Waiting); err != nil {
			return e, fmt.Errorf("decode waiting of %s: %w", m.ID, err)
		}
	}
	return e, nil
}

// Replay returns the events of a site after since, in order, at most limit of them. ok is
// false when since cannot be replayed exactly within that bound (malformed, from the future,
// older than the trimmed log, or more than limit events behind): the client then needs a
// snapshot. The bound is checked before events are read, so that a replay never costs more
// than limit events whatever since says: a since older than the whole log is judged by the
// log's length alone, any other by reading at most limit+1 events.
func (s *Store) Replay(ctx context.Context, site, since string, limit int) (events []queue.Event, ok bool, err error) {
	if !ValidID(since) || limit < 0 {
		return nil, false, nil
	}
	key := streamKey(site)
	info, err := s.rdb.XInfoStream(ctx, key).Result()
	if err != nil {
		if strings.Contains(err.Error(), "no such key") {
			return nil, since == "0-0", nil
		}
		return nil, false, fmt.Errorf("replay %s: %w", site, wrap(err))
	}
	switch {
	case CompareIDs(since, info.LastGeneratedID) > 0: // from the future, or another Redis's
		return nil, false, nil
	case info.MaxDeletedEntryID != "" && CompareIDs(since, info.MaxDeletedEntryID) < 0: // trimmed since
		return nil, false, nil
	case info.Length > int64(limit) && CompareIDs(since, info.FirstEntry.ID) < 0: // all of it is after since
		return nil, false, nil
	}
	msgs, err := s.rdb.XRangeN(ctx, key, "("+since, "+", int64(limit)+1).Result()
	if err != nil {
		return nil, false, fmt.Errorf("replay %s: %w", site, wrap(err))
	}
	if len(msgs) > limit {
		return nil, false, nil
	}
	events = make([]queue.Event, 0, len(msgs))
	for _, m := range msgs {
		e, err := s.event(site, m)
		if err != nil {
			return nil, false, err
		}
		events = append(events, e)
	}
	return events, true, nil
}

// Event reads one event of a site's log by its id: ErrNotFound when the log has no such
// event (never written, or trimmed).
func (s *Store) Event(ctx context.Context, site, id string) (*queue.Event, error) {
	if !ValidID(id) {
		return nil, fmt.Errorf("event %q: %w", id, queue.ErrNotFound)
	}
	msgs, err := s.rdb.XRangeN(ctx, streamKey(site), id, id, 1).Result()
	if err != nil {
		return nil, fmt.Errorf("read event %s of %s: %w", id, site, wrap(err))
	}
	if len(msgs) == 0 {
		return nil, fmt.Errorf("event %s of %s: %w", id, site, queue.ErrNotFound)
	}
	e, err := s.event(site, msgs[0])
	if err != nil {
		return nil, err
	}
	return &e, nil
}

func siteOfStream(key string) string {
	key = strings.TrimPrefix(key, "luot:{")
	site, _, _ := strings.Cut(key, "}")
	return site
}

func sleep(ctx context.Context, d time.Duration) {
	select {
	case <-ctx.Done():
	case <-time.After(d):
	}
}

// ValidID reports whether id is a stream id as Redis writes it (queue.ValidEventID).
func ValidID(id string) bool { return queue.ValidEventID(id) }

// CompareIDs orders two stream ids (queue.CompareEventIDs).
func CompareIDs(a, b string) int { return queue.CompareEventIDs(a, b) }
