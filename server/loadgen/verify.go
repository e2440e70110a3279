package loadgen

import (
	"fmt"
	"strconv"
	"strings"
)

// Ledger is what a national run saw of every ticket, from the server's answers: the tickets
// issued, each call (a next's ticket) and each end (the ticket a counter held when a later
// next or the final finish answered 200), and what the server said was still waiting at the
// end. Verify checks the queue's invariants on it.
type Ledger struct {
	Issued []IssuedTicket
	Called []CalledTicket
	Done   []string // ticket ids
	// Before is the last number of each "site/prefix" issued before the run (absent: none,
	// so the run's numbers start at 1).
	Before map[string]int
	// WaitingAfter is each site's waiting count read after the run (absent: none waiting).
	WaitingAfter map[string]int
}

// IssuedTicket is one 201 answer of an issue.
type IssuedTicket struct{ ID, Site, Service, Number string }

// CalledTicket is one ticket a next called at a counter.
type CalledTicket struct{ ID, Site, Counter string }

// maxProblems bounds the problems Verify lists (with a count of the others).
const maxProblems = 20

// Verify checks every invariant of the run and returns what breaks them (nil: none):
// ticket ids unique; numbers unique per site and prefix and gapless from the last number
// before the run; each ticket issued called exactly once, at its own site, and finished
// exactly once; no call nor end of a ticket the run did not issue; nothing left waiting.
func (l *Ledger) Verify() []string {
	var p problems
	type state struct {
		site          string
		called, ended int
	}
	tickets := make(map[string]*state, len(l.Issued))
	numbers := map[string]map[int]string{} // site/prefix → number → ticket id
	for _, t := range l.Issued {
		if _, dup := tickets[t.ID]; dup {
			p.add("ticket id %s issued twice", t.ID)
			continue
		}
		tickets[t.ID] = &state{site: t.Site}
		prefix, n, err := splitNumber(t.Number)
		if err != nil {
			p.add("ticket %s at %s: %v", t.ID, t.Site, err)
			continue
		}
		key := t.Site + "/" + prefix
		if numbers[key] == nil {
			numbers[key] = map[int]string{}
		}
		if other, dup := numbers[key][n]; dup {
			p.add("duplicate number %s at %s: tickets %s and %s", t.Number, t.Site, other, t.ID)
			continue
		}
		numbers[key][n] = t.ID
	}
	for _, key := range sortedKeys(numbers) {
		got := numbers[key]
		first := l.Before[key] + 1
		for n := first; n < first+len(got); n++ {
			if _, ok := got[n]; !ok {
				p.add("gap at %s: number %d missing among %d issued from %d", key, n, len(got), first)
				break
			}
		}
	}
	for _, c := range l.Called {
		s := tickets[c.ID]
		switch {
		case s == nil:
			p.add("ticket %s called at %s/%s was not issued by the run", c.ID, c.Site, c.Counter)
			continue
		case s.site != c.Site:
			p.add("ticket %s of %s called at another site's counter %s/%s", c.ID, s.site, c.Site, c.Counter)
		}
		s.called++
		if s.called == 2 {
			p.add("ticket %s called twice (again at %s/%s)", c.ID, c.Site, c.Counter)
		}
	}
	for _, id := range l.Done {
		s := tickets[id]
		if s == nil {
			p.add("ticket %s finished but not issued by the run", id)
			continue
		}
		s.ended++
		if s.ended == 2 {
			p.add("ticket %s finished twice", id)
		}
	}
	var neverCalled, notEnded []string
	for _, t := range l.Issued {
		s := tickets[t.ID]
		if s.called == 0 {
			neverCalled = append(neverCalled, t.Site+" "+t.Number)
		} else if s.ended == 0 {
			notEnded = append(notEnded, t.Site+" "+t.Number)
		}
	}
	if len(neverCalled) > 0 {
		p.add("%d tickets never called (left waiting), e.g. %s", len(neverCalled), strings.Join(neverCalled[:min(3, len(neverCalled))], ", "))
	}
	if len(notEnded) > 0 {
		p.add("%d tickets called but never finished, e.g. %s", len(notEnded), strings.Join(notEnded[:min(3, len(notEnded))], ", "))
	}
	for _, site := range sortedKeys(l.WaitingAfter) {
		if n := l.WaitingAfter[site]; n != 0 {
			p.add("%d tickets still waiting at %s after the run", n, site)
		}
	}
	return p.list()
}

// splitNumber splits a ticket number, "HK012", into its prefix and sequence.
func splitNumber(s string) (string, int, error) {
	i := strings.IndexFunc(s, func(r rune) bool { return r >= '0' && r <= '9' })
	if i <= 0 {
		return "", 0, fmt.Errorf("number %q has no prefix and sequence", s)
	}
	n, err := strconv.Atoi(s[i:])
	if err != nil || n < 1 {
		return "", 0, fmt.Errorf("number %q: bad sequence", s)
	}
	return s[:i], n, nil
}

// problems collects up to maxProblems messages and counts the rest.
type problems struct {
	msgs []string
	more int
}

func (p *problems) add(format string, args ...any) {
	if len(p.msgs) >= maxProblems {
		p.more++
		return
	}
	p.msgs = append(p.msgs, fmt.Sprintf(format, args...))
}

func (p *problems) list() []string {
	if p.more > 0 {
		return append(p.msgs, fmt.Sprintf("… and %d more", p.more))
	}
	return p.msgs
}
