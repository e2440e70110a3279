package store

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/redis/go-redis/v9"

	"luot/server/queue"
)

// Book records a booking in a place of its slot, unless the slot's capacity places are taken.
func (s *Store) Book(ctx context.Context, b *queue.Booking, capacity int, keep time.Duration) error {
	rec := map[string]string{
		"id": b.ID, "code": b.Code, "site": b.Site, "service": b.Service, "date": b.Date, "start": b.Start,
		"end": b.End, "start_min": strconv.Itoa(b.StartMin), "status": b.Status, "ticket": "", "phone": b.Phone,
		"phone_hash": b.PhoneHash, "id_hash": b.IDHash, "created_at": strconv.FormatInt(b.CreatedAt.UnixMilli(), 10),
	}
	js, err := json.Marshal(rec)
	if err != nil {
		return err
	}
	own := []string{slotKey(b.Site, b.Service, b.Date, b.Start), bookingCodesKey(b.Site), bookingKey(b.Site, b.ID),
		bookingDayKey(b.Site, b.Date)}
	_, err = runCall[bookReply](ctx, s, bookScript, readCall(b.Site, own, b.ID, b.Code, b.Service,
		b.Date, b.Start, capacity, int64(keep/time.Second), js, b.StartMin))
	if err != nil {
		return fmt.Errorf("book %s %s %s at %s: %w", b.Service, b.Date, b.Start, b.Site, err)
	}
	return nil
}

// IsCodeTaken reports whether Book refused a drawn code as another open booking's
// (book.lua's code_taken).
func IsCodeTaken(err error) bool {
	var p *queue.Problem
	return errors.As(err, &p) && p.Reason == "code_taken"
}

func (s *Store) booking(f fields) *queue.Booking {
	if len(f) == 0 || f["id"] == "" {
		return nil
	}
	b := &queue.Booking{ID: f["id"], Code: f["code"], Site: f["site"], Service: f["service"], Date: f["date"],
		Start: f["start"], End: f["end"], Status: f["status"], Ticket: optional(f["ticket"]), Phone: f["phone"],
		StartMin: f.int("start_min"), PhoneHash: f["phone_hash"], IDHash: f["id_hash"]}
	if at := ms(f["created_at"], s.loc); at != nil {
		b.CreatedAt = *at
	}
	return b
}

// Booking reads a booking by its id.
func (s *Store) Booking(ctx context.Context, id string) (*queue.Booking, error) {
	site, ok := queue.SiteOfTicket(id)
	if !ok {
		return nil, fmt.Errorf("booking %q: %w", id, queue.ErrNotFound)
	}
	return readRecord(ctx, s, bookingKey(site, id), s.booking, "booking", id)
}

// Unbook cancels a booked appointment and frees its place: the citizen before the slot's
// start, staff at any time.
func (s *Store) Unbook(ctx context.Context, id, by string, now, starts time.Time, staff bool) (*queue.Booking, error) {
	site, ok := queue.SiteOfTicket(id)
	if !ok {
		return nil, fmt.Errorf("booking %q: %w", id, queue.ErrNotFound)
	}
	flag := ""
	if staff {
		flag = "1"
	}
	r, err := runCall[unbookReply](ctx, s, unbookScript, readCall(site,
		[]string{bookingKey(site, id), bookingCodesKey(site)}, id, by, now.UnixMilli(), starts.UnixMilli(), flag))
	if err != nil {
		return nil, fmt.Errorf("cancel booking: %w", err)
	}
	return s.booking(r.Booking), nil
}

// DayBookings lists a site's bookings of a day (YYYY-MM-DD), by slot.
func (s *Store) DayBookings(ctx context.Context, site, date string) ([]*queue.Booking, error) {
	ids, err := s.rdb.ZRange(ctx, bookingDayKey(site, date), 0, -1).Result()
	if err != nil {
		return nil, fmt.Errorf("list bookings: %w", wrap(err))
	}
	return readRecords(ctx, s, ids, func(id string) string { return bookingKey(site, id) }, s.booking, "list bookings")
}

// SlotsTaken returns the places taken of a service's slots on a day, one per start.
func (s *Store) SlotsTaken(ctx context.Context, site, service, date string, starts []string) ([]int, error) {
	if len(starts) == 0 {
		return nil, nil
	}
	keys := make([]string, len(starts))
	for i, st := range starts {
		keys[i] = slotKey(site, service, date, st)
	}
	vals, err := s.rdb.MGet(ctx, keys...).Result()
	if err != nil {
		return nil, fmt.Errorf("read slots: %w", wrap(err))
	}
	out := make([]int, len(vals))
	for i, v := range vals {
		if v, ok := v.(string); ok {
			out[i], _ = strconv.Atoi(v)
		}
	}
	return out, nil
}

// CountPerson counts one remote number or appointment of a person (PersonHash) on a day
// within the limits, or gives one back (delta -1). ErrLimitReached past a limit.
func (s *Store) CountPerson(ctx context.Context, person, date, service string, perDay, perService, delta int) error {
	err := limitScript.Run(ctx, s.rdb, []string{personKey(person, date)}, service, perDay, perService,
		8*24*3600, delta).Err()
	if err != nil {
		return fmt.Errorf("count person: %w", wrap(err))
	}
	return nil
}

func sha(s string) string {
	h := sha256.Sum256([]byte(s))
	return hex.EncodeToString(h[:])
}

// SendOTP records a phone's new code (replacing any other), within the limits per phone and
// per address (a queue.Retry of ErrRateLimited past them).
func (s *Store) SendOTP(ctx context.Context, phoneHash, addr, code string, l queue.OTPLimits) error {
	err := otpScript.Run(ctx, s.rdb, []string{otpCodeKey(phoneHash), otpPhoneKey(phoneHash), otpAddrKey(addr)},
		"send", sha(code), int64(l.Life/time.Second), l.Phone, int64(l.PhoneEvery/time.Second), l.Addr, int64(l.AddrEvery/time.Second)).Err()
	if err != nil {
		return fmt.Errorf("send code: %w", wrap(err))
	}
	return nil
}

// CheckOTP uses up a phone's code when code is right; a wrong one counts a try, and the
// tries-th wrong one burns the code. ErrBadCode when wrong, expired or burnt.
func (s *Store) CheckOTP(ctx context.Context, phoneHash, code string, tries int) error {
	err := otpScript.Run(ctx, s.rdb, []string{otpCodeKey(phoneHash), otpPhoneKey(phoneHash), otpAddrKey("-")},
		"check", sha(code), tries).Err()
	if err != nil {
		return fmt.Errorf("check code: %w", wrap(err))
	}
	return nil
}

// Checkin turns today's booking of a code into a waiting ticket, ranked as if issued at its
// slot's start (checkin.lua). It returns the ticket and the booking's id.
func (s *Store) Checkin(ctx context.Context, a queue.CheckinArgs, m queue.Meta) (*queue.TicketView, string, error) {
	counters, kept := ids(a.Counters)
	own := append([]string{bookingCodesKey(a.Site), bookingsDoneKey(a.Site, a.Day), seqKey(a.Site, a.Prefix, a.Day),
		orderKey(a.Site), dayKey(a.Site, a.Day), numberKey(a.Site, a.Day), apwaitKey(a.Site, a.Day), aprankKey(a.Site, a.Day),
	}, counterKeys(a.Site, kept)...)
	r, err := runCall[ticketViewReply](ctx, s, checkinScript, s.transition(a.Site, m, own, a.Code, queue.NewTicketID(a.Site),
		a.Date, a.Midnight.UnixMilli(), a.Early.Milliseconds(), a.Grace.Milliseconds(), a.Day, a.Prefix, counters, a.Hour))
	if err != nil {
		return nil, "", fmt.Errorf("check in at %s: %w", a.Site, err)
	}
	return s.issued(r), r.Booking, nil
}

// Postpone moves a waiting ticket behind the next places waiting tickets of its queue, once.
func (s *Store) Postpone(ctx context.Context, id string, places int, counters []string, m queue.Meta) (*queue.TicketView, error) {
	site, ok := queue.SiteOfTicket(id)
	if !ok {
		return nil, fmt.Errorf("ticket %q: %w", id, queue.ErrNotFound)
	}
	joined, kept := ids(counters)
	r, err := runCall[ticketViewReply](ctx, s, postponeScript, s.transition(site, m, counterKeys(site, kept), id, places, joined))
	if err != nil {
		return nil, fmt.Errorf("postpone %s: %w", id, err)
	}
	return s.issued(r), nil
}

// BookingByCode reads the booking of a check-in code at a site, open or closed on day
// (YYYYMMDD), nil when none.
func (s *Store) BookingByCode(ctx context.Context, site, day, code string) (*queue.Booking, error) {
	id, err := s.rdb.HGet(ctx, bookingCodesKey(site), code).Result()
	if errors.Is(err, redis.Nil) {
		id, err = s.rdb.HGet(ctx, bookingsDoneKey(site, day), code).Result()
	}
	if errors.Is(err, redis.Nil) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("find booking: %w", wrap(err))
	}
	b, err := s.Booking(ctx, id)
	if errors.Is(err, queue.ErrNotFound) {
		return nil, nil
	}
	return b, err
}
