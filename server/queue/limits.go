package queue

import "time"

// LoginLimits bound the login attempts within a window: of one address at one username, of
// one address at any, and at one username from anywhere (higher, against guessing from many
// addresses, yet out of reach of one address alone).
type LoginLimits struct {
	Window               time.Duration
	AddrUser, Addr, User int
}

// PairLimits bound the attempts at pairing codes within a window, of one address and in all:
// a code is one of a million, so guessing one while it lives must take far more attempts than
// these allow.
type PairLimits struct {
	Window    time.Duration
	Addr, All int
}

// Oldest tells when the longest-waiting tickets of a site were issued: over the whole site
// (zero when nobody waits) and per service (only services with someone waiting).
type Oldest struct {
	Site      time.Time
	ByService map[string]time.Time
}

// Principal is what a token stands for: a user's session or a device.
type Principal struct {
	User   *User
	CSRF   string
	Device *Device
}
