package store

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
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

// Follow reads the streams of sites with XREAD BLOCK and hands the new events of each site to
// fn, in order, as they arrive (the events of one change, written by one script, come
// together), until ctx ends. Every server instance follows the streams itself, so each
// delivers every event to its own clients. When Redis is down it retries, resuming where it
// stopped, so no event is skipped. reading, if not nil, is called once, as soon as every
// stream's tail is read: from then on every later event reaches fn (readiness waits for it).
func (s *Store) Follow(ctx context.Context, sites []string, log *slog.Logger, reading func(), fn func(site string, events []queue.Event)) {
	last := map[string]string{}
	backoff := 100 * time.Millisecond
	for ctx.Err() == nil {
		if len(last) == 0 {
			if err := s.tails(ctx, sites, last); err != nil {
				log.Warn("event feed: read stream tails", "err", err)
				sleep(ctx, backoff)
				backoff = min(backoff*2, 5*time.Second)
				continue
			}
			if reading != nil {
				reading()
				reading = nil
			}
		}
		args := make([]string, 0, 2*len(sites))
		for _, site := range sites {
			args = append(args, streamKey(site))
		}
		for _, site := range sites {
			args = append(args, last[site])
		}
		res, err := s.rdb.XRead(ctx, &redis.XReadArgs{Streams: args, Block: 5 * time.Second, Count: 1000}).Result()
		if errors.Is(err, redis.Nil) {
			continue
		}
		if err != nil {
			if ctx.Err() != nil {
				return
			}
			log.Warn("event feed: read", "err", err)
			sleep(ctx, backoff)
			backoff = min(backoff*2, 5*time.Second)
			continue
		}
		backoff = 100 * time.Millisecond
		for _, st := range res {
			site := siteOfStream(st.Stream)
			events := make([]queue.Event, 0, len(st.Messages))
			for _, m := range st.Messages {
				last[site] = m.ID
				e, err := s.event(site, m)
				if err != nil {
					log.Error("event feed: decode", "site", site, "id", m.ID, "err", err)
					continue
				}
				events = append(events, e)
			}
			if len(events) > 0 {
				fn(site, events)
			}
		}
	}
}

// tails records the last id of every site's stream ("0-0" for a stream not yet created).
func (s *Store) tails(ctx context.Context, sites []string, last map[string]string) error {
	pipe := s.rdb.Pipeline()
	cmds := make([]*redis.XMessageSliceCmd, len(sites))
	for i, site := range sites {
		cmds[i] = pipe.XRevRangeN(ctx, streamKey(site), "+", "-", 1)
	}
	if _, err := pipe.Exec(ctx); err != nil && !errors.Is(err, redis.Nil) {
		return wrap(err)
	}
	for i, site := range sites {
		last[site] = "0-0"
		if msgs := cmds[i].Val(); len(msgs) > 0 {
			last[site] = msgs[0].ID
		}
	}
	return nil
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
