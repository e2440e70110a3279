package queue

import (
	"strconv"
	"strings"
	"unicode/utf8"
)

// numberQuery is a ticket number as an officer types it to call it out of order: "A012",
// "a12", "12" or "A". Letters come first (the service prefix), then digits (the sequence,
// whose leading zeros do not matter).
type numberQuery struct {
	raw    string // upper case, without spaces
	prefix string
	seq    int64
	hasSeq bool
}

// maxQueryLen bounds a number search: prefixes are short and sequences rarely pass 4 digits.
const maxQueryLen = 12

// parseNumberQuery reads a search for a ticket number; "" matches every ticket.
func parseNumberQuery(s string) (numberQuery, error) {
	if !utf8.ValidString(s) || utf8.RuneCountInString(s) > 4*maxQueryLen {
		return numberQuery{}, Fail("bad_query", "q: a ticket number such as A012")
	}
	s = strings.ToUpper(strings.Join(strings.Fields(s), ""))
	if len(s) > maxQueryLen {
		return numberQuery{}, Fail("bad_query", "q: a ticket number such as A012")
	}
	prefix, digits := splitNumber(s)
	if prefix+digits != s {
		return numberQuery{}, Fail("bad_query", "q: letters then digits, such as A012")
	}
	q := numberQuery{raw: s, prefix: prefix}
	if digits != "" {
		n, err := strconv.ParseInt(digits, 10, 64)
		if err != nil {
			return numberQuery{}, Fail("bad_query", "q: the number is too large")
		}
		q.seq, q.hasSeq = n, true
	}
	return q, nil
}

// splitNumber splits a number into its leading ASCII letters and the ASCII digits after
// them; anything else stops the split, so prefix+digits is shorter than s.
func splitNumber(s string) (prefix, digits string) {
	i := 0
	for i < len(s) && s[i] >= 'A' && s[i] <= 'Z' {
		i++
	}
	j := i
	for j < len(s) && s[j] >= '0' && s[j] <= '9' {
		j++
	}
	return s[:i], s[i:j]
}

// match reports whether a ticket number matches the query, and whether it is the number the
// officer meant exactly (same prefix, if typed, and same sequence), which lists first.
func (q numberQuery) match(number string) (ok, exact bool) {
	if q.raw == "" {
		return true, false
	}
	prefix, digits := splitNumber(number)
	if q.hasSeq && (q.prefix == "" || q.prefix == prefix) {
		if n, err := strconv.ParseInt(digits, 10, 64); err == nil && n == q.seq {
			return true, true
		}
	}
	if !q.hasSeq {
		return prefix == q.prefix, false
	}
	return strings.Contains(number, q.raw), false
}

// numbers lists the ticket numbers the query names exactly, of the given service prefixes
// (its own prefix only, if typed): none unless it has a sequence.
func (q numberQuery) numbers(prefixes []string) []string {
	if !q.hasSeq {
		return nil
	}
	if q.prefix != "" {
		prefixes = []string{q.prefix}
	}
	out := make([]string, len(prefixes))
	for i, p := range prefixes {
		out[i] = FormatNumber(p, q.seq)
	}
	return out
}
