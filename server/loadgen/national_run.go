package loadgen

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"sync"
	"time"
)

// natWorker is one client's share of the run: its figures and what it saw, merged at the end
// so that the clients do not contend on a lock per request.
type natWorker struct {
	issue, next, finish *batch
	ledger              Ledger
}

func newNatWorker(n int) *natWorker {
	return &natWorker{issue: newBatch(n), next: newBatch(n), finish: newBatch(16)}
}

// Run is the timed part: Tickets tickets, ticket i issued at site i mod sites (the site's
// services in turn), then called by a next at one of the site's counters that serve its
// service (in turn); each next ends the ticket the counter held. When the issuing ends (all
// issued, or Duration passed), the tickets still waiting are called, then each counter
// finishes its last ticket.
func (n *National) Run(ctx context.Context) {
	cfg := n.cfg
	n.r.Start = time.Now()
	cfg.Log("run: %d tickets over %d sites and %d counters, %d clients", cfg.Tickets, len(n.sites), n.r.Counters, cfg.Concurrency)
	issueCtx, cancel := context.WithTimeout(ctx, cfg.Duration)
	workers := make([]*natWorker, cfg.Concurrency)
	for w := range workers {
		workers[w] = newNatWorker(cfg.Tickets/cfg.Concurrency + 16)
	}
	_ = share(issueCtx, len(workers), cfg.Tickets, func(w, i int) error {
		s := n.sites[i%len(n.sites)]
		svc := s.services[(i/len(n.sites))%len(s.services)]
		if n.issue(workers[w], s, svc) {
			cs := s.serving[svc]
			n.callNext(workers[w], s, cs[s.rr.Add(1)%uint64(len(cs))])
		}
		return nil
	})
	cut := issueCtx.Err()
	cancel()
	if errors.Is(cut, context.DeadlineExceeded) {
		issued := int64(0)
		for _, s := range n.sites {
			issued += s.issued.Load()
		}
		n.r.Notes = append(n.r.Notes, fmt.Sprintf("issuing stopped after -duration %v: %d of %d tickets issued", cfg.Duration, issued, cfg.Tickets))
	}

	tail := max(30*time.Second, cfg.Duration/5)
	tailCtx, cancelTail := context.WithTimeout(ctx, tail)
	defer cancelTail()
	if left := n.drain(tailCtx, workers); left > 0 {
		n.r.Notes = append(n.r.Notes, fmt.Sprintf("%d tickets still waiting when the calls after the issuing stopped (%v)", left, tail))
	}
	n.finishAll(tailCtx, workers)
	n.r.End = time.Now()

	issue, nx, fin := newRecorder(cfg.Tickets), newRecorder(cfg.Tickets), newRecorder(n.r.Counters)
	for _, wk := range workers {
		issue.merge(wk.issue)
		nx.merge(wk.next)
		fin.merge(wk.finish)
		n.ledger.Issued = append(n.ledger.Issued, wk.ledger.Issued...)
		n.ledger.Called = append(n.ledger.Called, wk.ledger.Called...)
		n.ledger.Done = append(n.ledger.Done, wk.ledger.Done...)
	}
	n.r.Ops = []OpStats{issue.stats("issue"), nx.stats("next"), fin.stats("finish")}
	n.r.Issued, n.r.Called, n.r.Done = len(n.ledger.Issued), len(n.ledger.Called), len(n.ledger.Done)
	if lost := n.r.Ops[0].Errors["net"] + n.r.Ops[1].Errors["net"]; lost > 0 {
		n.r.Notes = append(n.r.Notes, fmt.Sprintf("%d issues or nexts got no answer: what the server did with them is unknown to the run "+
			"(a ticket issued, or called, that the verifier then finds waiting or never called)", lost))
	}
	wall := n.r.End.Sub(n.r.Start)
	n.r.Seconds = round(wall.Seconds(), 3)
	if wall > 0 {
		n.r.TicketsPerSec = round(float64(n.r.Done)/wall.Seconds(), 1)
	}
	cfg.Log("run: %d issued, %d called, %d finished in %.1f s (%.0f tickets/s)", n.r.Issued, n.r.Called, n.r.Done, n.r.Seconds, n.r.TicketsPerSec)
}

// issue issues one ticket of svc at s and records it; false when the server refused it.
func (n *National) issue(wk *natWorker, s *natSite, svc string) bool {
	start := time.Now()
	status, body, err := n.c.do("POST", s.issuePath, n.cfg.Token, s.issueBody[svc])
	ok, kind, sample := outcome(status, body, err, 201)
	var t struct{ ID, Number, Site, Service string }
	if ok && json.Unmarshal(body, &t) != nil {
		ok, kind, sample = false, "bad answer", string(body)
	}
	wk.issue.add(start, time.Now(), ok, kind, sample)
	if ok {
		wk.ledger.Issued = append(wk.ledger.Issued, IssuedTicket{ID: t.ID, Site: t.Site, Service: t.Service, Number: t.Number})
		s.issued.Add(1)
	}
	return ok
}

// callNext has c call its next ticket, which ends the one it held; false when nobody
// waited for it (or the counter failed).
func (n *National) callNext(wk *natWorker, s *natSite, c *natCounter) bool {
	c.mu.Lock() // one officer presses next at a time: what the answer ended is then known
	defer c.mu.Unlock()
	if c.broken {
		return false
	}
	start := time.Now()
	status, body, err := n.c.do("POST", c.path+"next", c.token, nil)
	ok, kind, sample := outcome(status, body, err, 200)
	var a struct {
		Ticket *struct{ ID string } `json:"ticket"`
	}
	if ok && json.Unmarshal(body, &a) != nil {
		ok, kind, sample = false, "bad answer", string(body)
	}
	wk.next.add(start, time.Now(), ok, kind, sample)
	if !ok {
		c.broken = true
		return false
	}
	if c.current != "" {
		wk.ledger.Done = append(wk.ledger.Done, c.current)
		c.current = ""
	}
	if a.Ticket == nil {
		return false
	}
	c.current = a.Ticket.ID
	wk.ledger.Called = append(wk.ledger.Called, CalledTicket{ID: a.Ticket.ID, Site: s.id, Counter: c.id})
	s.called.Add(1)
	return true
}

// drain calls, at every site where the run issued more than it called (a next found its
// ticket taken by another counter's next), next at the site's counters until none finds
// anyone; it returns how many the run issued and did not call.
func (n *National) drain(ctx context.Context, workers []*natWorker) int {
	var owed []*natSite
	for _, s := range n.sites {
		if s.issued.Load() > s.called.Load() {
			owed = append(owed, s)
		}
	}
	if len(owed) > 0 {
		n.cfg.Log("run: calling what still waits at %d sites", len(owed))
	}
	_ = share(ctx, len(workers), len(owed), func(w, i int) error {
		s := owed[i]
		for ctx.Err() == nil && s.issued.Load() > s.called.Load() {
			calledAny := false
			for _, c := range s.counters {
				if n.callNext(workers[w], s, c) {
					calledAny = true
				}
			}
			if !calledAny {
				break // nobody waits for any counter: what is owed is not there
			}
		}
		return nil
	})
	left := 0
	for _, s := range n.sites {
		left += int(s.issued.Load() - s.called.Load())
	}
	return left
}

// finishAll has every counter that holds a ticket finish it.
func (n *National) finishAll(ctx context.Context, workers []*natWorker) {
	var all []*natCounter
	for _, s := range n.sites {
		for _, c := range s.counters {
			if c.current != "" && !c.broken {
				all = append(all, c)
			}
		}
	}
	_ = share(ctx, len(workers), len(all), func(w, i int) error {
		c, wk := all[i], workers[w]
		start := time.Now()
		status, body, err := n.c.do("POST", c.path+"finish", c.token, nil)
		ok, kind, sample := outcome(status, body, err, 200)
		wk.finish.add(start, time.Now(), ok, kind, sample)
		if ok {
			wk.ledger.Done = append(wk.ledger.Done, c.current)
			c.current = ""
		} else {
			c.broken = true
		}
		return nil
	})
}

// Verify reads every site again (waiting counts, counters' tickets) and checks the run's
// ledger (Ledger.Verify); the report's Problems say what breaks an invariant. The error is
// the first failure of a read, or a summary of the problems.
func (n *National) Verify(ctx context.Context) (*NationalReport, error) {
	t0 := time.Now()
	n.ledger.WaitingAfter = map[string]int{}
	var mu sync.Mutex
	var held []string
	err := n.eachSite(ctx, func(s *natSite) error {
		v, err := n.view(s.id)
		if err != nil {
			return err
		}
		waiting := 0
		for _, sv := range v.Services {
			waiting += sv.Waiting
		}
		mu.Lock()
		defer mu.Unlock()
		if waiting > 0 {
			n.ledger.WaitingAfter[s.id] = waiting
		}
		for _, c := range v.Counters {
			if len(c.Ticket) > 0 && !bytes.Equal(c.Ticket, []byte("null")) {
				held = append(held, s.id+"/"+c.ID)
			}
		}
		return nil
	})
	if err != nil {
		return n.r, fmt.Errorf("verify: %w", err)
	}
	n.r.Problems = n.ledger.Verify()
	if len(held) > 0 {
		n.r.Problems = append(n.r.Problems, fmt.Sprintf("%d counters still hold a ticket after the final finish, e.g. %s", len(held), held[0]))
	}
	if n.r.Problems == nil {
		n.r.Problems = []string{}
	}
	if n.r.Issued != n.r.Tickets && len(n.r.Notes) == 0 {
		n.r.Notes = append(n.r.Notes, fmt.Sprintf("%d of %d tickets issued (the others refused: see the errors)", n.r.Issued, n.r.Tickets))
	}
	n.r.Verified = len(n.r.Problems) == 0
	n.r.Setup.Verify = since(t0)
	if !n.r.Verified {
		return n.r, fmt.Errorf("verify: %d problems, the first: %s", len(n.r.Problems), n.r.Problems[0])
	}
	return n.r, nil
}

// Close has every officer close their counter (untimed; a run leaves the counters as it
// found them, so that another can follow on the same server).
func (n *National) Close(ctx context.Context) error {
	t0 := time.Now()
	defer func() { n.r.Setup.Close = since(t0) }()
	return n.eachCounter(ctx, n.cfg.Concurrency, func(c *natCounter) error {
		return n.c.call("POST", c.path+"close", c.token, nil, 200, nil)
	})
}

// Failed is the number of failed requests of the timed part.
func (r *NationalReport) Failed() int {
	f := 0
	for _, o := range r.Ops {
		f += o.Failed()
	}
	return f
}

// WriteTable prints the national report as plain text.
func (r *NationalReport) WriteTable(w io.Writer) error {
	fmt.Fprintf(w, "loadgen national: %s, %d sites, %d counters, %d concurrent clients\n", r.URL, r.Sites, r.Counters, r.Concurrency)
	fmt.Fprintf(w, "setup (untimed): read sites %.1f s, officers %.1f s (%s), open counters %.1f s\n",
		r.Setup.ReadSites, r.Setup.Officers, r.Setup.OfficersBy, r.Setup.Open)
	fmt.Fprintf(w, "tickets: %d asked, %d issued, %d called, %d finished in %.1f s: %.1f tickets/s (issue + call + finish)\n",
		r.Tickets, r.Issued, r.Called, r.Done, r.Seconds, r.TicketsPerSec)
	if err := writeOps(w, r.Ops); err != nil {
		return err
	}
	writeErrorSamples(w, r.Ops)
	if r.Verified {
		fmt.Fprintf(w, "verified (%.1f s): every ticket called once and finished, numbers unique and gapless per site and prefix, nothing waiting\n", r.Setup.Verify)
	}
	writeLines(w, "PROBLEM: ", r.Problems)
	writeLines(w, "note: ", r.Notes)
	return nil
}

// WriteJSON prints the national report as one JSON document.
func (r *NationalReport) WriteJSON(w io.Writer) error { return writeJSON(w, r) }
