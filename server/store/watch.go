package store

import (
	"context"
	"fmt"
	"time"

	"luot/server/queue"
)

// Watch records the phone to tell of a ticket's turn (turn_near, called) on its day
// (YYYYMMDD); the day's list goes two days later, phones with it.
func (s *Store) Watch(ctx context.Context, site, day, ticket, phone string) error {
	pipe := s.rdb.TxPipeline()
	pipe.HSet(ctx, watchKey(site, day), ticket, phone)
	pipe.Expire(ctx, watchKey(site, day), 48*time.Hour)
	if _, err := pipe.Exec(ctx); err != nil {
		return fmt.Errorf("watch ticket: %w", wrap(err))
	}
	return nil
}

// Watched returns a site's watched tickets of a day and their phones.
func (s *Store) Watched(ctx context.Context, site, day string) (map[string]string, error) {
	m, err := s.rdb.HGetAll(ctx, watchKey(site, day)).Result()
	if err != nil {
		return nil, fmt.Errorf("read watched tickets: %w", wrap(err))
	}
	return m, nil
}

// Unwatch forgets a ticket's phone (its turn is over).
func (s *Store) Unwatch(ctx context.Context, site, day, ticket string) error {
	return wrap(s.rdb.HDel(ctx, watchKey(site, day), ticket).Err())
}

// MarkMissed turns a booking still booked into missed (not checked in by the end of its
// grace) and frees its code; it reports whether it changed it.
func (s *Store) MarkMissed(ctx context.Context, id string) (bool, error) {
	site, ok := queue.SiteOfTicket(id)
	if !ok {
		return false, nil
	}
	r, err := runCall[missedReply](ctx, s, missedScript, readCall(site, []string{bookingKey(site, id), bookingCodesKey(site)}, id))
	if err != nil {
		return false, fmt.Errorf("mark missed: %w", err)
	}
	return r.Changed, nil
}

// Rerank places the appointments checked in early whose slot has begun (rerank.lua); it
// returns how many it placed.
func (s *Store) Rerank(ctx context.Context, site, day string, now time.Time) (int, error) {
	r, err := runCall[rerankReply](ctx, s, rerankScript, s.transition(site, queue.Meta{Now: now, By: "system"},
		[]string{apwaitKey(site, day), dayKey(site, day), aprankKey(site, day)}))
	if err != nil {
		return 0, fmt.Errorf("rerank appointments: %w", err)
	}
	return r.Placed, nil
}
