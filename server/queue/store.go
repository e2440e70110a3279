package queue

import (
	"context"
	"time"
)

// Store is what the engine needs of its storage; package store implements it on Redis. Every
// method that changes state changes it and records its event in one atomic step.
type Store interface {
	Issue(ctx context.Context, a IssueArgs, m Meta) (*TicketView, error)
	IdempotentTicket(ctx context.Context, site, caller, key string) (string, bool, error)
	Ticket(ctx context.Context, id string, counters []string) (*TicketView, error)
	Tickets(ctx context.Context, site string, ids, counters []string) ([]*TicketView, error)
	History(ctx context.Context, id string) ([]HistoryEntry, error)
	Rate(ctx context.Context, id, level, comment, deviceCounter string, window time.Duration, caller, idemKey string, m Meta) (*Ticket, error)
	SetPriority(ctx context.Context, id, category string, m Meta) (*Ticket, error)
	Waiting(ctx context.Context, site, service string, limit int) ([]*Ticket, error)
	CancelWaiting(ctx context.Context, site string, services, counters []string, m Meta) (int, error)

	Open(ctx context.Context, site, counter, officer string, services []string, m Meta) (*Counter, *Ticket, error)
	Close(ctx context.Context, r CounterRef, m Meta) (*Counter, error)
	Pause(ctx context.Context, r CounterRef, reason string, m Meta) (*Counter, *Ticket, error)
	Resume(ctx context.Context, r CounterRef, m Meta) (*Counter, *Ticket, error)
	Next(ctx context.Context, r CounterRef, m Meta) (*Counter, *Ticket, error)
	Call(ctx context.Context, r CounterRef, ticket string, m Meta) (*Counter, *Ticket, error)
	ActOnCurrent(ctx context.Context, r CounterRef, action string, recallLimit int, m Meta) (*Counter, *Ticket, error)
	Transfer(ctx context.Context, r CounterRef, service, counter string, keepPlace bool, m Meta) (*Counter, *Ticket, error)
	Site(ctx context.Context, site, day string, counters, services []string) (*SiteState, error)

	// WaitingInOrder reads the first n waiting tickets of a site in calling order, and
	// which of numbers (of the local day) wait; TicketRecords reads tickets as stored.
	WaitingInOrder(ctx context.Context, site string, services, counters []string, n int, day string, numbers []string) (WaitingScan, error)
	TicketRecords(ctx context.Context, site string, ids []string) ([]*Ticket, error)

	// OldestWaiting tells when the longest-waiting tickets of a site were issued (the board).
	OldestWaiting(ctx context.Context, site string, services, counters []string) (Oldest, error)

	// User reads an account (ErrNotFound when there is none): who may take a counter.
	User(ctx context.Context, name string) (*User, error)
}

// Meta is who acts and when, passed to every transition.
type Meta struct {
	Now time.Time
	By  string
}

// IssueArgs describe a ticket to issue.
type IssueArgs struct {
	Site, Service, Prefix, Priority string
	Channel                         Channel
	Day                             string // local day YYYYMMDD
	Hour                            string // local hour "07", for the reports
	Quota                           int    // 0 = none
	Caller, IdempotencyKey          string
	Counters                        []string // the site's counters, for the wait estimate
	// Kiosk, when set, is the device whose tickets of the last minute may number at most
	// PerMinute (the site's kiosk_per_minute), counted in the same step as the issue.
	Kiosk     string
	PerMinute int
}

// CounterRef names a counter and who must hold it for an action ("" when a supervisor acts).
type CounterRef struct {
	Site, Counter, Holder string
}

// TicketView is a ticket with what its wait estimate needs.
type TicketView struct {
	Ticket *Ticket
	// Ahead is how many wait before it in its queue (-1 unless waiting).
	Ahead int
	// OpenCounters is how many open counters serve its service.
	OpenCounters int
	// AvgMinutes is the service's moving average of minutes per citizen (0 if unknown).
	AvgMinutes float64
	// At is the id of the site's last event when the ticket was read: the read reflects the
	// events up to it and none after ("" where the store does not say).
	At string
}

// HistoryEntry is one event of a ticket's history.
type HistoryEntry struct {
	ID      string    `json:"id"`
	At      time.Time `json:"at"`
	Type    string    `json:"type"`
	By      string    `json:"by"`
	Counter string    `json:"counter"`
	Detail  string    `json:"detail"`
}

// SiteState is a site's live state as of one event of its log.
type SiteState struct {
	LastID   string
	Waiting  map[string]int
	AvgMin   map[string]float64
	Issued   map[string]int // today, per service
	Counters map[string]*Counter
}
