package hub

// Publish delivers one message, as the feed's PublishBatch does a change's events: the
// tests' shorthand.
func (h *Hub) Publish(m Message) { h.PublishBatch(m.Site, []Message{m}) }

// Err reports why the subscription ended: nil while it is live, ErrSlow if the hub dropped
// it, ErrClosed if Close was called first. The tests read it; the server only needs Done.
func (s *Subscription) Err() error {
	select {
	case <-s.done:
		return s.err
	default:
		return nil
	}
}
