package queue

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"strings"
	"time"
)

// The channels of remote numbers and appointments (api.md, "Remote numbers, appointments and
// notifications"): a number taken on a phone, and the ticket of an appointment checked in.
const Appointment Channel = "appointment"

// The statuses of a booking.
const (
	Booked    = "booked"
	CheckedIn = "checked_in"
	Missed    = "missed"
	// Cancelled (a ticket status) is also a booking's.
)

// Booking is an appointment: a place in a slot of a service at a site on a day. Phone is
// the citizen's number, kept for the notifications and limits it serves (deleted with the
// booking after retention_days); the API shows it masked.
type Booking struct {
	ID        string    `json:"id"`
	Code      string    `json:"code"`
	Site      string    `json:"site"`
	Service   string    `json:"service"`
	Date      string    `json:"date"`
	Start     string    `json:"start"`
	End       string    `json:"end"`
	Status    string    `json:"status"`
	Ticket    *string   `json:"ticket"`
	Phone     string    `json:"phone"`
	CreatedAt time.Time `json:"created_at"`
	// StartMin is the start in minutes since local midnight.
	StartMin int `json:"-"`
	// PhoneHash and IDHash name the person for the limits; IDHash is "" without an id number.
	PhoneHash string `json:"-"`
	IDHash    string `json:"-"`
}

// Masked returns a copy with the phone masked, as every page and export shows it.
func (b *Booking) Masked() *Booking {
	c := *b
	c.Phone = MaskPhone(b.Phone)
	return &c
}

// NormalizePhone accepts a Vietnamese mobile number, "0" and 9 digits or "+84" and 9
// digits (spaces, dots and dashes between digits allowed), and returns it as 0xxxxxxxxx.
func NormalizePhone(s string) (string, bool) {
	if len(s) > 32 {
		return "", false
	}
	var b strings.Builder
	for i, r := range s {
		switch {
		case r >= '0' && r <= '9':
			b.WriteRune(r)
		case r == '+' && i == 0:
			b.WriteRune(r)
		case r == ' ' || r == '.' || r == '-':
		default:
			return "", false
		}
	}
	p := b.String()
	if rest, ok := strings.CutPrefix(p, "+84"); ok {
		p = "0" + rest
	}
	if len(p) != 10 || p[0] != '0' || p[1] == '0' {
		return "", false
	}
	return p, true
}

// MaskPhone shows the first three and last three digits of a phone: 090****567.
func MaskPhone(p string) string {
	if len(p) < 7 {
		return strings.Repeat("*", len(p))
	}
	return p[:3] + strings.Repeat("*", len(p)-6) + p[len(p)-3:]
}

// PersonHash is what the limits count a phone number or an id number by: only equality
// matters there, so the number itself is not kept for it.
func PersonHash(kind, number string) string {
	h := sha256.Sum256([]byte("luot-person\x00" + kind + "\x00" + number))
	return hex.EncodeToString(h[:16])
}

// codeAlphabet has no look-alikes: no 0/O, 1/I/L.
const codeAlphabet = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"

// NewBookingCode draws a 6-character check-in code.
func NewBookingCode() string {
	var b [6]byte
	if _, err := rand.Read(b[:]); err != nil {
		panic(err)
	}
	for i := range b {
		b[i] = codeAlphabet[int(b[i])%len(codeAlphabet)]
	}
	return string(b[:])
}

// NormalizeCode reads a typed or scanned check-in code: case and spaces do not matter, and
// the look-alikes a person may type (O for 0 …) are not in the alphabet, so are refused.
func NormalizeCode(s string) (string, bool) {
	s = strings.ToUpper(strings.Join(strings.Fields(s), ""))
	if len(s) != 6 {
		return "", false
	}
	for i := 0; i < len(s); i++ {
		if strings.IndexByte(codeAlphabet, s[i]) < 0 {
			return "", false
		}
	}
	return s, true
}

// OTPLimits bound the one-time codes sent: Phone codes a phone and Addr codes an address may
// ask in their windows; a code lives Life.
type OTPLimits struct {
	Life                  time.Duration
	Phone, Addr           int
	PhoneEvery, AddrEvery time.Duration
}

// CheckinArgs describe a check-in to the store.
type CheckinArgs struct {
	Site, Code, Date, Day, Hour, Prefix string
	Midnight                            time.Time
	Early, Grace                        time.Duration
	Counters                            []string
}
