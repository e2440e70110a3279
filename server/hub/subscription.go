package hub

import (
	"errors"
	"sync"
)

// ErrSlow is the reason a subscriber was dropped for letting its queue
// fill up. The client should reconnect and catch up with since=, which is
// cheaper for everyone than holding events back for it.
var ErrSlow = errors.New("hub: subscriber too slow, resume with since")

// ErrClosed is the reason a subscription ended because its owner closed it.
var ErrClosed = errors.New("hub: subscription closed")

// Subscription is one client's place in a Hub: a bounded queue of messages
// for one site (or a Sink) and a signal that it has ended.
type Subscription struct {
	hub  *Hub
	site string
	ch   chan *Message // nil for a sink
	sink Sink
	done chan struct{}
	once sync.Once
	// err is written once before done is closed and read only after, so
	// the channel close orders the two without another lock.
	err error
}

// C delivers the site's messages in publish order, shared with every other
// subscriber: read them, never modify them. It is never closed, so a send
// from a PublishBatch that raced with Close cannot panic; select on Done as well
// to learn that the subscription has ended. It is nil for a Sink's
// subscription.
func (s *Subscription) C() <-chan *Message { return s.ch }

// deliver queues msgs or hands them to the sink, and reports false if the
// subscriber cannot take them.
func (s *Subscription) deliver(msgs []*Message) bool {
	if s.sink != nil {
		return s.sink.Deliver(msgs)
	}
	for _, m := range msgs {
		select {
		case s.ch <- m:
		default:
			return false
		}
	}
	return true
}

// Done is closed, exactly once, when the subscription is dropped or
// closed. Messages still queued on C may then be discarded: the client
// resumes from the last ID it received.
func (s *Subscription) Done() <-chan struct{} { return s.done }

// Close unsubscribes and closes Done. It is idempotent and safe to call
// concurrently with PublishBatch, so the reader and writer goroutines of a
// connection may both call it on their way out.
func (s *Subscription) Close() { s.finish(ErrClosed) }

// finish ends the subscription with err and reports whether this call
// ended it. Removal comes before Done closes, so whoever sees Done closed
// also sees Count without it; a concurrent second call waits in once.Do
// until the first has finished, so Close returns only once Done is closed.
func (s *Subscription) finish(err error) (first bool) {
	s.once.Do(func() {
		s.hub.remove(s)
		s.err = err
		close(s.done)
		first = true
	})
	return first
}
