package hub

import (
	"errors"
	"strconv"
	"sync"
	"testing"
)

// msgs returns n messages for site whose IDs are their indexes, so a
// receiver can check order by comparing with what it expects next.
func msgs(site string, n int) []Message {
	out := make([]Message, n)
	for i := range out {
		id := strconv.Itoa(i)
		out[i] = Message{Site: site, ID: id, Data: []byte(`{"n":` + id + `}`)}
	}
	return out
}

// isDone reports whether ch is closed, without waiting: Publish and Close
// act synchronously, so by the time they return the answer is settled.
func isDone(ch <-chan struct{}) bool {
	select {
	case <-ch:
		return true
	default:
		return false
	}
}

func TestPublishKeepsOrder(t *testing.T) {
	tests := []struct {
		name      string
		queueSize int
		n         int
	}{
		{"one", 1, 1},
		{"full queue", 16, 16},
		{"default queue", 0, DefaultQueueSize},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := New(Options{QueueSize: tt.queueSize})
			sub := h.Subscribe("s1")
			for _, m := range msgs("s1", tt.n) {
				h.Publish(m)
			}
			for i := range tt.n {
				select {
				case m := <-sub.C():
					if want := strconv.Itoa(i); m.ID != want {
						t.Fatalf("message %d: got ID %q, want %q", i, m.ID, want)
					}
				default:
					t.Fatalf("got %d messages, want %d", i, tt.n)
				}
			}
			if err := sub.Err(); err != nil {
				t.Errorf("got Err %v, want nil", err)
			}
		})
	}
}

func TestSitesIsolated(t *testing.T) {
	h := New(Options{})
	a, b := h.Subscribe("a"), h.Subscribe("b")
	h.Publish(Message{Site: "a", ID: "1-0"})

	if got := len(a.C()); got != 1 {
		t.Errorf("site a: got %d messages, want 1", got)
	}
	if got := len(b.C()); got != 0 {
		t.Errorf("site b: got %d messages, want 0", got)
	}
	h.Publish(Message{Site: "nobody", ID: "2-0"}) // must not panic or deliver
	if got := len(a.C()) + len(b.C()); got != 1 {
		t.Errorf("after publishing to an empty site: got %d queued, want 1", got)
	}
}

func TestSlowSubscriberDropped(t *testing.T) {
	for _, size := range []int{1, 4, DefaultQueueSize} {
		t.Run(strconv.Itoa(size), func(t *testing.T) {
			var dropped []string
			h := New(Options{QueueSize: size, OnDrop: func(site string) {
				dropped = append(dropped, site)
			}})
			slow, fast := h.Subscribe("s1"), h.Subscribe("s1")
			all := msgs("s1", size+2)

			for i, m := range all[:size] {
				h.Publish(m)
				<-fast.C() // fast keeps up; slow never reads
				if isDone(slow.Done()) {
					t.Fatalf("dropped after %d messages, want %d", i+1, size+1)
				}
			}
			h.Publish(all[size])
			<-fast.C()
			if !isDone(slow.Done()) {
				t.Fatalf("not dropped after %d messages", size+1)
			}
			if err := slow.Err(); !errors.Is(err, ErrSlow) {
				t.Errorf("got Err %v, want ErrSlow", err)
			}
			if len(dropped) != 1 || dropped[0] != "s1" {
				t.Errorf("got OnDrop calls %q, want [s1]", dropped)
			}
			h.Publish(all[size+1]) // the dropped one is gone; no second drop
			<-fast.C()
			if len(dropped) != 1 {
				t.Errorf("got %d OnDrop calls, want 1", len(dropped))
			}
			if got := h.Count("s1"); got != 1 {
				t.Errorf("got Count %d, want 1", got)
			}
			if err := fast.Err(); err != nil {
				t.Errorf("fast: got Err %v, want nil", err)
			}
			slow.Close() // closing after a drop keeps the first reason
			if err := slow.Err(); !errors.Is(err, ErrSlow) {
				t.Errorf("after Close: got Err %v, want ErrSlow", err)
			}
		})
	}
}

func TestCloseIdempotent(t *testing.T) {
	h := New(Options{})
	sub, other := h.Subscribe("s1"), h.Subscribe("s1")
	sub.Close()
	sub.Close()

	if !isDone(sub.Done()) {
		t.Fatal("Done not closed after Close")
	}
	if err := sub.Err(); !errors.Is(err, ErrClosed) {
		t.Errorf("got Err %v, want ErrClosed", err)
	}
	if got := h.Count("s1"); got != 1 {
		t.Errorf("got Count %d, want 1", got)
	}
	h.Publish(Message{Site: "s1", ID: "1-0"})
	if got := len(sub.C()); got != 0 {
		t.Errorf("closed subscriber: got %d messages, want 0", got)
	}
	if got := len(other.C()); got != 1 {
		t.Errorf("other subscriber: got %d messages, want 1", got)
	}
}

// TestCloseDuringPublish runs Subscribe, Close and Publish at once; its
// value is under -race, and in that nothing panics on a closed channel.
func TestCloseDuringPublish(t *testing.T) {
	h := New(Options{QueueSize: 4})
	stop := make(chan struct{})
	var pub sync.WaitGroup
	pub.Go(func() {
		for i := 0; ; i++ {
			select {
			case <-stop:
				return
			default:
				h.Publish(Message{Site: "s1", ID: strconv.Itoa(i)})
			}
		}
	})

	var wg sync.WaitGroup
	for range 50 {
		wg.Go(func() {
			for range 20 {
				sub := h.Subscribe("s1")
				<-sub.C()      // wait for at least one message
				go sub.Close() // two closers race each other
				sub.Close()    // and the publisher
				if !isDone(sub.Done()) || sub.Err() == nil {
					t.Errorf("after Close: got done %v, Err %v; want done and an error",
						isDone(sub.Done()), sub.Err())
				}
			}
		})
	}
	wg.Wait()
	close(stop)
	pub.Wait()
	if got := h.Total(); got != 0 {
		t.Errorf("got Total %d, want 0", got)
	}
}

func TestCountTotal(t *testing.T) {
	tests := []struct {
		name      string
		subscribe []string
		close     int // how many of the first subscriptions to close
		want      map[string]int
		wantTotal int
	}{
		{"empty", nil, 0, map[string]int{"a": 0}, 0},
		{"one site", []string{"a", "a", "a"}, 0, map[string]int{"a": 3}, 3},
		{"two sites", []string{"a", "b", "a"}, 0, map[string]int{"a": 2, "b": 1}, 3},
		{"closed", []string{"a", "b", "a"}, 2, map[string]int{"a": 1, "b": 0}, 1},
		{"all closed", []string{"a", "b"}, 2, map[string]int{"a": 0, "b": 0}, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := New(Options{})
			var subs []*Subscription
			for _, site := range tt.subscribe {
				subs = append(subs, h.Subscribe(site))
			}
			for _, s := range subs[:tt.close] {
				s.Close()
			}
			for site, want := range tt.want {
				if got := h.Count(site); got != want {
					t.Errorf("Count(%q): got %d, want %d", site, got, want)
				}
			}
			if got := h.Total(); got != tt.wantTotal {
				t.Errorf("got Total %d, want %d", got, tt.wantTotal)
			}
		})
	}
}

// TestPublishAllocatesOnce: a batch is shared by every subscriber, so a PublishBatch costs
// one allocation however many clients the site has (and none for a site nobody watches); a
// publication split between workers adds a few per worker, still none per subscriber.
func TestPublishAllocatesOnce(t *testing.T) {
	const runs = 100
	allocs := func(workers, subscribers int) float64 {
		h := New(Options{QueueSize: runs + 1, Workers: workers}) // AllocsPerRun adds a warm-up run
		for range subscribers {
			h.Subscribe("s1")
		}
		m := []Message{{Site: "s1", ID: "1-0", Data: []byte(`{}`)}}
		return testing.AllocsPerRun(runs, func() { h.PublishBatch("s1", m) })
	}
	if got := allocs(1, 1000); got != 1 {
		t.Errorf("got %v allocations per Publish to 1,000 subscribers, want 1", got)
	}
	const workers = 4
	few, many := allocs(workers, 1000), allocs(workers, 8000)
	if limit := float64(1 + 3*(workers-1)); few > limit || many > limit {
		t.Errorf("%d workers: got %v allocations per Publish to 1,000 subscribers and %v to 8,000, want at most %v",
			workers, few, many, limit)
	}
	h := New(Options{})
	nobody := []Message{{Site: "nobody", ID: "1-0"}}
	if got := testing.AllocsPerRun(runs, func() { h.PublishBatch("nobody", nobody) }); got != 0 {
		t.Errorf("got %v allocations per Publish to no subscriber, want 0", got)
	}
}
