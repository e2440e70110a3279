package queue

import "time"

// The one definition of the times the pages and the reports show (lua/figures.lua keeps the
// same figures as events happen, and report's tests hold the two equal).

// Wait is a wait: from issue to until (the first call, or now while the ticket waits), never
// negative.
func Wait(issued, until time.Time) time.Duration { return max(0, until.Sub(issued)) }

// WaitMinutes is a wait so far in whole minutes (the longest waits of the board and the
// counter's queues).
func WaitMinutes(issued, now time.Time) int { return int(Wait(issued, now) / time.Minute) }

// ServiceTime is the service time of a finished ticket: from its start (from its call when
// it was never started) to its finish, never negative; ok is false for any other ticket.
func (t *Ticket) ServiceTime() (d time.Duration, ok bool) {
	if t.Status != Done || t.FinishedAt == nil {
		return 0, false
	}
	from := t.StartedAt
	if from == nil {
		from = t.CalledAt
	}
	if from == nil {
		return 0, false
	}
	return max(0, t.FinishedAt.Sub(*from)), true
}
