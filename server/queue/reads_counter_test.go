package queue

import (
	"slices"
	"strings"
	"testing"
	"unicode/utf8"
)

// TestNumberQuery: what a typed number matches, and whether exactly (the exact ones are
// listed first); what is refused.
func TestNumberQuery(t *testing.T) {
	cases := []struct {
		q, number string
		ok, exact bool
	}{
		{"", "A001", true, false},
		{"A012", "A012", true, true},
		{"a12", "A012", true, true},
		{" a 1 2 ", "A012", true, true},
		{"12", "B012", true, true},
		{"12", "A112", true, false},
		{"12", "A120", true, false},
		{"12", "A103", false, false},
		{"A", "A999", true, false},
		{"A", "B001", false, false},
		{"AB", "A001", false, false},
		{"A1", "A001", true, true},
		{"A1", "A100", true, false},
		{"A1", "B100", false, false},
		{"B1000", "B1000", true, true},
		{"0", "A000", true, true},
		{"007", "C007", true, true},
	}
	for _, c := range cases {
		q, err := parseNumberQuery(c.q)
		if err != nil {
			t.Fatalf("parse %q: %v", c.q, err)
		}
		ok, exact := q.match(c.number)
		if ok != c.ok || exact != c.exact {
			t.Errorf("%q against %s: got ok %v exact %v, want %v %v", c.q, c.number, ok, exact, c.ok, c.exact)
		}
	}
	for _, bad := range []string{"1A", "A-1", "Ă12", "A 1 B", "A1234567890123", "\xff", "12345678901234567890", "A.1"} {
		if _, err := parseNumberQuery(bad); err == nil {
			t.Errorf("parse %q: got no error, want bad_query", bad)
		}
	}
}

// FuzzNumberQuery: any text either parses into letters then digits that match a number
// spelled the same way, or is refused; never a panic.
func FuzzNumberQuery(f *testing.F) {
	for _, s := range []string{"", "A012", "a 12", "12", "Z", "1A", "\x00", "Ă", "A99999999999"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		q, err := parseNumberQuery(s)
		if err != nil {
			return
		}
		if len(q.raw) > maxQueryLen || !utf8.ValidString(q.raw) {
			t.Fatalf("%q parsed into %q", s, q.raw)
		}
		if q.raw != strings.ToUpper(strings.Join(strings.Fields(s), "")) {
			t.Fatalf("%q parsed into %q", s, q.raw)
		}
		if q.raw != "" {
			if ok, _ := q.match(q.raw); !ok {
				t.Fatalf("%q does not match the number it spells", s)
			}
		}
		q.match(s)
	})
}

// TestHits: the ids a search lists, the numbers typed exactly first (also those found beyond
// the scan), in calling order otherwise, and what total counts.
func TestHits(t *testing.T) {
	w := WaitingScan{Total: 40, First: []WaitingNumber{{"a", "A112"}, {"b", "B012"}, {"c", "A120"}, {"d", "A103"}},
		Found: []string{"b", "z"}}
	q, err := parseNumberQuery("12")
	if err != nil {
		t.Fatal(err)
	}
	ids, total := q.hits(w)
	if want := []string{"b", "z", "a", "c"}; !slices.Equal(ids, want) || total != 4 {
		t.Errorf("q=12: got %v (total %d), want %v (total 4)", ids, total, want)
	}
	all, _ := parseNumberQuery("")
	w.Found = nil // without a query no number is looked up
	ids, total = all.hits(w)
	if want := []string{"a", "b", "c", "d"}; !slices.Equal(ids, want) || total != 40 {
		t.Errorf("no query: got %v (total %d), want %v (total 40)", ids, total, want)
	}
}
