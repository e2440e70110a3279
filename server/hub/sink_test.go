package hub

import (
	"errors"
	"fmt"
	"slices"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
)

// recorder is a Sink that keeps what it is given and fails, from its first call on, once it
// has been given more than limit messages (0: never).
type recorder struct {
	limit int
	busy  atomic.Bool // set while Deliver runs: two at once would be a hub bug
	twice atomic.Bool
	mu    sync.Mutex
	calls [][]string
	n     int
}

func (r *recorder) Deliver(msgs []*Message) bool {
	if r.busy.Swap(true) {
		r.twice.Store(true)
	}
	defer r.busy.Store(false)
	r.mu.Lock()
	defer r.mu.Unlock()
	ids := make([]string, len(msgs))
	for i, m := range msgs {
		ids[i] = m.ID
	}
	r.calls = append(r.calls, ids)
	r.n += len(msgs)
	return r.limit == 0 || r.n <= r.limit
}

// TestSinksGetBatchesWhole: with many sinks the publication is split between workers; every
// sink still gets every batch in one call, in publication order, never two calls at once
// (one publisher, as the event feed is).
func TestSinksGetBatchesWhole(t *testing.T) {
	const sinks, batches = 3 * parallelMin, 50
	h := New(Options{Workers: 4})
	recs := make([]*recorder, sinks)
	for i := range recs {
		recs[i] = &recorder{}
		h.SubscribeSink("s1", recs[i])
	}
	other := h.Subscribe("s1") // a queue subscriber beside them gets the same, one by one
	var want [][]string
	for k := range batches {
		h.Publish(Message{Site: "s1", ID: fmt.Sprintf("p%d", k)})
		ms := []Message{{Site: "s1", ID: fmt.Sprintf("%d-a", k)}, {Site: "s1", ID: fmt.Sprintf("%d-b", k)}}
		want = append(want, []string{ms[0].ID, ms[1].ID})
		h.PublishBatch("s1", ms)
	}
	for i, r := range recs {
		if r.twice.Load() {
			t.Fatalf("sink %d: Deliver ran twice at once", i)
		}
		var batched [][]string
		singles := 0
		for _, c := range r.calls {
			if len(c) == 1 && c[0][0] == 'p' {
				if c[0] != "p"+strconv.Itoa(singles) {
					t.Fatalf("sink %d: got %s as single %d", i, c[0], singles)
				}
				singles++
				continue
			}
			batched = append(batched, c)
		}
		if singles != batches || !slices.EqualFunc(batched, want, slices.Equal) {
			t.Fatalf("sink %d: got %d singles and batches %v, want %d and %v", i, singles, batched, batches, want)
		}
	}
	if got := len(other.C()); got != 3*batches {
		t.Errorf("queue subscriber: got %d messages, want %d", got, 3*batches)
	}
}

// TestSinkDropped: a sink that reports it cannot keep up is dropped once, with ErrSlow, and
// hears nothing more; the others, on every worker, get everything.
func TestSinkDropped(t *testing.T) {
	var drops atomic.Int32
	h := New(Options{Workers: 2, OnDrop: func(site string) { drops.Add(1) }})
	recs := make([]*recorder, 2*parallelMin)
	subs := make([]*Subscription, len(recs))
	for i := range recs {
		recs[i] = &recorder{}
		if i == parallelMin+1 { // in the second worker's half
			recs[i].limit = 3
		}
		subs[i] = h.SubscribeSink("s1", recs[i])
	}
	for _, m := range msgs("s1", 10) {
		h.Publish(m)
	}
	slow := recs[parallelMin+1]
	if slow.n != 4 || !errors.Is(subs[parallelMin+1].Err(), ErrSlow) {
		t.Fatalf("slow sink: given %d messages and ended with %v, want 4 and ErrSlow", slow.n, subs[parallelMin+1].Err())
	}
	if got := drops.Load(); got != 1 {
		t.Errorf("got %d drops, want 1", got)
	}
	if got := h.Count("s1"); got != len(recs)-1 {
		t.Errorf("got Count %d, want %d", got, len(recs)-1)
	}
	for i, r := range recs {
		if i != parallelMin+1 && r.n != 10 {
			t.Fatalf("sink %d: given %d messages, want 10", i, r.n)
		}
	}
}
