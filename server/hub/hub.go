// Package hub fans live events out to the clients of a site: hall displays,
// counters and phones. It knows nothing of websockets or Redis, so the same
// hub serves any transport and is tested without one. What it calls a site is
// a topic of the caller's: server/live keeps one per site and audience, and
// one per set of sites of the province board.
//
// Each site keeps a copy-on-write slice of its subscribers: Subscribe and
// Close rebuild it under a mutex, and PublishBatch only reads the slice header
// under the lock and then delivers outside it, so one stuck client can never
// hold up the others or the goroutine that reads the event stream. A
// subscriber is either a bounded queue read by its own goroutine
// (Subscribe) or a Sink that takes delivery itself (SubscribeSink): the
// websocket layer's sink writes to the socket there and then, which spares
// thousands of goroutine wake-ups per event. A site with many subscribers
// is delivered to by several goroutines at once, one slice each. A client
// that falls behind is dropped rather than waited for, and resumes from the
// event log with since=.
package hub

import (
	"runtime"
	"slices"
	"sync"
)

// DefaultQueueSize is the queue length used when Options.QueueSize is not
// positive: enough to absorb a burst of calls at a busy site, small enough
// that a dead phone is noticed within seconds.
const DefaultQueueSize = 256

// Message is one event already encoded once for every subscriber, so a
// message sent to 5,000 clients costs one encoding, not 5,000. The hub
// never looks inside it: how it goes over the wire is the subscribers'
// business.
type Message struct {
	Site string
	// ID is the stream id ("1700000000000-0") a client sends back as since=
	// after a reconnect; it may be "" for pings or control messages.
	ID string
	// Data is the encoded event, shared read-only by all subscribers: nobody
	// may modify it after PublishBatch.
	Data []byte
}

// Options configures a Hub. The zero value is usable.
type Options struct {
	// QueueSize is how many messages a subscriber may fall behind before it
	// is dropped; DefaultQueueSize if not positive.
	QueueSize int
	// OnDrop, if set, is called with the site of every subscriber dropped
	// for being slow, so the caller can count drops. It runs on a
	// delivering goroutine, outside the hub's lock, possibly on several at
	// once, and must not block: it delays delivery to the rest of the site.
	OnDrop func(site string)
	// Workers is how many goroutines deliver one publication to a site
	// with many subscribers; GOMAXPROCS if not positive.
	Workers int
}

// Sink is a subscriber that takes delivery itself. Deliver is called with
// every publication of the site, from whichever goroutine delivers its
// slice of the site: the publications of one publisher in order and one at
// a time; those of concurrent publishers may overlap, so a Sink guards its
// own state. It must not block: it writes or queues and returns. It reports false when the
// subscriber cannot keep up (QueueSize messages behind is the yardstick);
// the hub then drops it with ErrSlow, and the sink should end its client.
type Sink interface {
	Deliver(msgs []*Message) bool
}

// parallelMin is the number of subscribers from which a publication is
// split between workers: below it, starting them costs more than it saves.
const parallelMin = 256

// Hub fans messages out to the subscribers of each site. It is safe for
// concurrent use; create one with New and pass it to whoever needs it.
type Hub struct {
	queueSize int
	workers   int
	onDrop    func(site string)

	mu sync.RWMutex
	// sites holds one slice per site. No element a reader may have seen is
	// ever written again: Subscribe appends past the end of every earlier
	// snapshot, and removal builds a new slice. That is what lets PublishBatch
	// range over a snapshot after unlocking.
	sites map[string][]*Subscription
	total int
}

// New returns an empty Hub configured by opts.
func New(opts Options) *Hub {
	size := opts.QueueSize
	if size <= 0 {
		size = DefaultQueueSize
	}
	workers := opts.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	return &Hub{
		queueSize: size,
		workers:   workers,
		onDrop:    opts.OnDrop,
		sites:     make(map[string][]*Subscription),
	}
}

// Subscribe registers a client of site. Messages published afterwards
// arrive on the Subscription's C in publish order until it is closed or
// dropped; the caller must Close it when the client goes away.
func (h *Hub) Subscribe(site string) *Subscription {
	return h.add(&Subscription{
		hub:  h,
		site: site,
		// Pointers, not values: a queue of 256 costs 2 KB a client instead of
		// 16 KB, which at 5,000 clients is the difference that matters.
		ch:   make(chan *Message, h.queueSize),
		done: make(chan struct{}),
	})
}

// SubscribeSink registers sink as a subscriber of site: messages published
// afterwards are handed to its Deliver until the returned Subscription is
// closed or dropped. The Subscription's C is nil; the caller must Close it
// when the client goes away.
func (h *Hub) SubscribeSink(site string, sink Sink) *Subscription {
	return h.add(&Subscription{hub: h, site: site, sink: sink, done: make(chan struct{})})
}

// QueueSize is how many messages a subscriber may fall behind before it is
// dropped: the length of a Subscription's queue, and the limit a Sink
// should apply to itself.
func (h *Hub) QueueSize() int { return h.queueSize }

func (h *Hub) add(s *Subscription) *Subscription {
	h.mu.Lock()
	// Amortised O(1): append writes only past the length of every snapshot
	// handed out, so in-place growth is invisible to running PublishBatch calls.
	h.sites[s.site] = append(h.sites[s.site], s)
	h.total++
	h.mu.Unlock()
	return s
}

// PublishBatch delivers msgs, all of site, in order, to every subscriber of
// the site and never waits for one: a subscriber that cannot take them is
// dropped with ErrSlow, so the others and the caller (the loop reading the
// event stream) keep going. A Sink gets them in one call: the websocket
// layer then sends the events of one change (a call ends one ticket and
// calls the next) in one write. The hub takes msgs over: every subscriber
// shares them, so the caller must not modify them afterwards. One
// allocation per publication, none per subscriber.
func (h *Hub) PublishBatch(site string, msgs []Message) {
	subs := h.subscribers(site)
	if len(subs) == 0 || len(msgs) == 0 {
		return
	}
	ptrs := make([]*Message, len(msgs))
	for i := range msgs {
		ptrs[i] = &msgs[i]
	}
	h.deliver(site, subs, ptrs)
}

func (h *Hub) subscribers(site string) []*Subscription {
	h.mu.RLock()
	defer h.mu.RUnlock()
	return h.sites[site]
}

// deliver hands msgs to subs, split between the hub's workers when there
// are many, and returns once every subscriber has them, so that the next
// publication cannot overtake this one.
func (h *Hub) deliver(site string, subs []*Subscription, msgs []*Message) {
	if h.workers <= 1 || len(subs) < parallelMin {
		h.deliverTo(site, subs, msgs)
		return
	}
	per := (len(subs) + h.workers - 1) / h.workers
	var wg sync.WaitGroup
	for from := per; from < len(subs); from += per {
		wg.Go(func() { h.deliverTo(site, subs[from:min(from+per, len(subs))], msgs) })
	}
	h.deliverTo(site, subs[:per], msgs)
	wg.Wait()
}

func (h *Hub) deliverTo(site string, subs []*Subscription, msgs []*Message) {
	for _, s := range subs {
		// A subscriber closed since the snapshot may fail here too; finish
		// reports false for it, so it is not counted as a drop.
		if !s.deliver(msgs) && s.finish(ErrSlow) && h.onDrop != nil {
			h.onDrop(site)
		}
	}
}

// Count returns the number of live subscribers of site.
func (h *Hub) Count(site string) int {
	h.mu.RLock()
	defer h.mu.RUnlock()
	return len(h.sites[site])
}

// Total returns the number of live subscribers over all sites.
func (h *Hub) Total() int {
	h.mu.RLock()
	defer h.mu.RUnlock()
	return h.total
}

// remove unsubscribes s. It copies the site's slice, O(n), because running
// PublishBatch calls may still be ranging over the old one; subscriptions end far
// less often than messages are sent.
func (h *Hub) remove(s *Subscription) {
	h.mu.Lock()
	defer h.mu.Unlock()
	old := h.sites[s.site]
	i := slices.Index(old, s)
	if i < 0 {
		return
	}
	if len(old) == 1 {
		delete(h.sites, s.site) // so a site nobody watches costs nothing
	} else {
		h.sites[s.site] = slices.Concat(old[:i], old[i+1:])
	}
	h.total--
}
