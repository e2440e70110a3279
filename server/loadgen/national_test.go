package loadgen

import (
	"bytes"
	"strings"
	"testing"

	"golang.org/x/text/unicode/norm"

	"luot/config"
)

func TestNationalOrg(t *testing.T) {
	for _, n := range []int{1, 30, 34, 35, DefaultNationalSites} {
		data := NationalOrg(n, 1)
		org, err := config.Parse(data, "national.yaml")
		if err != nil {
			t.Fatalf("%d sites: the file does not load: %v", n, err)
		}
		if !bytes.Equal(data, NationalOrg(n, 1)) {
			t.Errorf("%d sites: two files of the same seed differ", n)
		}
		if len(org.Sites) != n {
			t.Errorf("got %d sites, want %d", len(org.Sites), n)
		}
		counters, centres, ids := 0, 0, map[string]bool{}
		for _, s := range org.Sites {
			if ids[s.ID] {
				t.Errorf("site id %s twice", s.ID)
			}
			ids[s.ID] = true
			if len(s.Counters) < 3 || len(s.Counters) > 6 || len(s.Services) < 3 || len(s.Services) > 6 {
				t.Errorf("site %s: %d counters, %d services; want 3–6 of each", s.ID, len(s.Counters), len(s.Services))
			}
			served := map[string]bool{}
			for _, c := range s.Counters {
				for _, sv := range c.Services {
					served[sv] = true
				}
			}
			for _, sv := range s.Services {
				if !served[sv] {
					t.Errorf("site %s: no counter serves %s", s.ID, sv)
				}
			}
			counters += len(s.Counters)
			if s.Kind == config.KindCentre {
				centres++
			} else if s.Kind != config.KindPoint || org.Site(s.Parent) == nil || org.Site(s.Parent).Kind != config.KindCentre {
				t.Errorf("site %s: kind %s under %q; want a point under a centre", s.ID, s.Kind, s.Parent)
			}
			for _, text := range []string{s.Name, s.Address} {
				if !norm.NFC.IsNormalString(text) || len([]rune(text)) < 30 {
					t.Errorf("site %s: %q is not a long NFC name", s.ID, text)
				}
			}
		}
		if centres != min(n, 34) {
			t.Errorf("%d sites: %d centres, want %d", n, centres, min(n, 34))
		}
		if n == DefaultNationalSites && (counters < 14000 || counters > 16000) {
			t.Errorf("%d sites: %d counters, want about 15,000", n, counters)
		}
	}
	if !strings.Contains(string(NationalOrg(40, 1)), "Điểm tiếp nhận và trả kết quả") {
		t.Error("no reception point's Vietnamese name")
	}
}

// TestLedgerVerify feeds the verifier crafted runs: a clean one passes, and each broken
// invariant is found and named.
func TestLedgerVerify(t *testing.T) {
	clean := func() *Ledger {
		l := &Ledger{Before: map[string]int{"s2/H": 7}, WaitingAfter: map[string]int{}}
		for _, tk := range []IssuedTicket{
			{"t1", "s1", "ho-tich", "H001"}, {"t2", "s1", "ho-tich", "H002"}, {"t3", "s1", "chung-thuc", "K001"},
			{"t4", "s2", "ho-tich", "H008"}, {"t5", "s2", "ho-tich", "H009"}, {"t6", "s1", "ho-tich", "H1000"},
		} {
			l.Issued = append(l.Issued, tk)
			l.Called = append(l.Called, CalledTicket{tk.ID, tk.Site, "q01"})
			l.Done = append(l.Done, tk.ID)
		}
		l.Issued[5].Number = "H003"
		return l
	}
	if p := clean().Verify(); len(p) != 0 {
		t.Fatalf("a clean run: problems %v, want none", p)
	}
	for _, tc := range []struct {
		name string
		mess func(l *Ledger)
		want string
	}{
		{"duplicate number", func(l *Ledger) { l.Issued[1].Number = "H001" }, "duplicate number H001 at s1"},
		{"gap", func(l *Ledger) { l.Issued[5].Number = "H004" }, "gap at s1/H: number 3 missing"},
		{"gap at the start", func(l *Ledger) { l.Before["s1/K"] = 1 }, "gap at s1/K: number 2 missing"},
		{"called twice", func(l *Ledger) { l.Called = append(l.Called, CalledTicket{"t2", "s1", "q02"}) }, "ticket t2 called twice"},
		{"left waiting", func(l *Ledger) {
			l.Called, l.Done = l.Called[:5], l.Done[:5]
			l.WaitingAfter["s1"] = 1
		}, "1 tickets never called (left waiting), e.g. s1 H003"},
		{"waiting on the server", func(l *Ledger) { l.WaitingAfter["s2"] = 2 }, "2 tickets still waiting at s2"},
		{"never finished", func(l *Ledger) { l.Done = l.Done[1:] }, "1 tickets called but never finished, e.g. s1 H001"},
		{"finished twice", func(l *Ledger) { l.Done = append(l.Done, "t4") }, "ticket t4 finished twice"},
		{"called at another site", func(l *Ledger) { l.Called[3].Site = "s1" }, "ticket t4 of s2 called at another site's counter"},
		{"a stranger called", func(l *Ledger) { l.Called = append(l.Called, CalledTicket{"zz", "s1", "q01"}) }, "ticket zz called at s1/q01 was not issued"},
		{"id twice", func(l *Ledger) { l.Issued = append(l.Issued, IssuedTicket{"t1", "s1", "ho-tich", "H004"}) }, "ticket id t1 issued twice"},
		{"bad number", func(l *Ledger) { l.Issued[0].Number = "001" }, `number "001" has no prefix`},
	} {
		l := clean()
		tc.mess(l)
		p := l.Verify()
		if !strings.Contains(strings.Join(p, "\n"), tc.want) {
			t.Errorf("%s: problems %q, want one containing %q", tc.name, p, tc.want)
		}
	}

	// many problems: a bounded list and a count of the others
	l := clean()
	for i := 0; i < 50; i++ {
		l.Called = append(l.Called, CalledTicket{"x", "s1", "q01"})
	}
	if p := l.Verify(); len(p) != maxProblems+1 || !strings.HasPrefix(p[maxProblems], "… and 30 more") {
		t.Errorf("50 problems: got %d lines, the last %q", len(p), p[len(p)-1])
	}
}

func TestSplitNumber(t *testing.T) {
	for _, tc := range []struct {
		in     string
		prefix string
		n      int
		ok     bool
	}{{"A023", "A", 23, true}, {"HK1000", "HK", 1000, true}, {"A000", "", 0, false}, {"023", "", 0, false}, {"A", "", 0, false}, {"A1x", "", 0, false}} {
		p, n, err := splitNumber(tc.in)
		if (err == nil) != tc.ok || p != tc.prefix || n != tc.n {
			t.Errorf("splitNumber(%q) = %q, %d, %v; want %q, %d, ok %v", tc.in, p, n, err, tc.prefix, tc.n, tc.ok)
		}
	}
}
