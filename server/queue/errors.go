package queue

import (
	"errors"
	"time"
)

// The sentinel errors of the domain. Handlers map them to HTTP statuses and
// error codes in one table (api/errors.go); everything else wraps them with
// context via fmt.Errorf("…: %w", err).
var (
	ErrBadRequest    = errors.New("bad request")
	ErrUnauthorized  = errors.New("unauthorized")
	ErrForbidden     = errors.New("forbidden")
	ErrNotFound      = errors.New("not found")
	ErrConflict      = errors.New("conflict")
	ErrOutsideHours  = errors.New("outside opening hours")
	ErrQuotaReached  = errors.New("daily quota reached")
	ErrCounterBusy   = errors.New("counter held by another officer")
	ErrCounterClosed = errors.New("counter closed")
	ErrInvalidState  = errors.New("invalid state")
	ErrRateLimited   = errors.New("rate limited")
	ErrUnavailable   = errors.New("store unavailable")
	// ErrStoreFull is Redis refusing writes for want of memory (maxmemory, noeviction):
	// nothing was changed, and it passes when memory is freed or added.
	ErrStoreFull = errors.New("store full")
)

// Problem is a domain error with a more precise message than its sentinel;
// errors.Is still matches the sentinel. Detail is a short English phrase;
// Reason is a stable machine word the API turns into a localised message.
type Problem struct {
	Err    error
	Reason string
	Detail string
}

func (p *Problem) Error() string {
	if p.Detail == "" {
		return p.Err.Error()
	}
	return p.Err.Error() + ": " + p.Detail
}

func (p *Problem) Unwrap() error { return p.Err }

// Fail builds a Problem.
func Fail(err error, reason, detail string) error {
	return &Problem{Err: err, Reason: reason, Detail: detail}
}

// Retry is an error that says when trying again makes sense (a limit's window); the API
// sends it as Retry-After. errors.Is still matches its Err.
type Retry struct {
	Err   error
	After time.Duration
}

func (r *Retry) Error() string { return r.Err.Error() }

func (r *Retry) Unwrap() error { return r.Err }

// Later wraps err with when to try again.
func Later(err error, after time.Duration) error {
	return &Retry{Err: err, After: after}
}
