package queue

import "time"

// Clock tells the time; tests inject a fake one so days, hours and waits are deterministic.
type Clock interface {
	Now() time.Time
}

// SystemClock is the real clock.
type SystemClock struct{}

// Now returns the current time.
func (SystemClock) Now() time.Time { return time.Now() }
