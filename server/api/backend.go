package api

import (
	"context"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"luot/server/archive"
	"luot/server/live"
	"luot/server/queue"
)

// Backend is what the API needs of the store besides the engine: each small interface below
// is declared where it is used, and the store (server/store) is one of each.
type Backend interface {
	users
	devices
	sessions
	pairing
	live.EventLog
	archive.Store // the reports' reads and the rollup's writes
	// Event reads one event of a site's log (the rating panel's finished ticket).
	Event(ctx context.Context, site, id string) (*queue.Event, error)
	// OldestWaiting tells when the longest-waiting tickets of a site were issued (the board).
	OldestWaiting(ctx context.Context, site string, services, counters []string) (queue.Oldest, error)
	// Health checks that the store can serve every site (readiness: a cluster with every
	// slot covered, a master found through Sentinel).
	Health(ctx context.Context) error
	// DayBookings are a site's bookings of a day (report.BookingSource: the reports' appointment figures).
	DayBookings(ctx context.Context, site, date string) ([]*queue.Booking, error)
	// Collector reports the store's own health to /metrics.
	Collector() prometheus.Collector
}

// users are the accounts the admin area manages.
type users interface {
	Users(ctx context.Context) ([]*queue.User, error)
	User(ctx context.Context, name string) (*queue.User, error)
	CreateUser(ctx context.Context, u queue.User) error
	PutUser(ctx context.Context, u queue.User) error
	DeleteUser(ctx context.Context, name string) error
}

// devices are the kiosks, displays and rating panels the admin area registers and revokes.
type devices interface {
	Devices(ctx context.Context) ([]*queue.Device, error)
	Device(ctx context.Context, id string) (*queue.Device, error)
	CreateDevice(ctx context.Context, d queue.Device, token string) error
	DeleteDevice(ctx context.Context, id string) error
}

// sessions are the tokens of signed-in users and devices, and the limits on signing in.
type sessions interface {
	Resolve(ctx context.Context, token string) (*queue.Principal, error)
	NewSession(ctx context.Context, token string, u *queue.User, csrf string, ttl time.Duration) error
	DeleteSession(ctx context.Context, token string) error
	LoginAttempt(ctx context.Context, addr, user string, lim queue.LoginLimits) (time.Duration, error)
	LoginSucceeded(ctx context.Context, addr, user string) error
}

// pairing is the pairing of a device by a short code typed on it.
type pairing interface {
	NewPairCode(ctx context.Context, id string, ttl time.Duration) (string, error)
	Pair(ctx context.Context, code, kind, addr, token string, lim queue.PairLimits) (*queue.Device, time.Duration, error)
}
