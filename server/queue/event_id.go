package queue

import (
	"strconv"
	"strings"
)

// maxIDPart is the longest decimal part of a stream id: both parts are 64-bit numbers.
const maxIDPart = 20

// ValidEventID reports whether id is a stream id as Redis writes it, "<ms>-<seq>": two decimal
// numbers of 64 bits, digits only (no sign, no space), joined by one hyphen. A since= that
// is anything else is refused before it reaches Redis.
func ValidEventID(id string) bool {
	a, b, ok := strings.Cut(id, "-")
	return ok && idPart(a) && idPart(b)
}

func idPart(s string) bool {
	if s == "" || len(s) > maxIDPart {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	_, err := strconv.ParseUint(s, 10, 64)
	return err == nil
}

// CompareEventIDs orders two stream ids (-1, 0, 1).
func CompareEventIDs(a, b string) int {
	am, as, _ := strings.Cut(a, "-")
	bm, bs, _ := strings.Cut(b, "-")
	x, _ := strconv.ParseUint(am, 10, 64)
	y, _ := strconv.ParseUint(bm, 10, 64)
	if x != y {
		if x < y {
			return -1
		}
		return 1
	}
	x, _ = strconv.ParseUint(as, 10, 64)
	y, _ = strconv.ParseUint(bs, 10, 64)
	switch {
	case x < y:
		return -1
	case x > y:
		return 1
	}
	return 0
}
