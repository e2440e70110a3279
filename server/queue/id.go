package queue

import (
	"crypto/rand"
	"encoding/base32"
	"strings"
)

var idEncoding = base32.NewEncoding("abcdefghijklmnopqrstuvwxyz234567").WithPadding(base32.NoPadding)

// NewTicketID returns an opaque, unguessable ticket id (120 random bits) that names its site,
// so that the ticket is found without a global index: "<site>.<random>".
func NewTicketID(site string) string {
	var b [15]byte
	if _, err := rand.Read(b[:]); err != nil {
		panic(err) // crypto/rand never fails on Linux
	}
	return site + "." + idEncoding.EncodeToString(b[:])
}

// SiteOfTicket returns the site a ticket id belongs to.
func SiteOfTicket(id string) (string, bool) {
	site, rnd, ok := strings.Cut(id, ".")
	if !ok || site == "" || len(rnd) != 24 {
		return "", false
	}
	for _, r := range rnd {
		if !(r >= 'a' && r <= 'z' || r >= '2' && r <= '7') {
			return "", false
		}
	}
	return site, true
}
