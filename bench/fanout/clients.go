package main

import (
	"bytes"
	"context"
	"fmt"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/fasthttp/websocket"
)

// called marks the frame of a call in the full server's feed; the bare broadcaster sends
// nothing else.
var called = []byte(`"type":"ticket.called"`)

// swarm is n websocket clients; got[r][i] is when client i received call r (Unix ns).
type swarm struct {
	conns []*websocket.Conn
	got   [][]atomic.Int64
	seen  []atomic.Int32 // per round: how many clients have it
	wg    sync.WaitGroup
}

// dial connects n clients, at most 64 dials at a time, and waits for each one's first frame
// (the snapshot) in full mode.
func dial(ctx context.Context, base, path string, n, rounds int, full bool) (*swarm, error) {
	u, _ := url.Parse(base)
	u.Scheme = strings.Replace(u.Scheme, "http", "ws", 1)
	u.Path = path
	d := websocket.Dialer{HandshakeTimeout: 10 * time.Second, ReadBufferSize: 2048, WriteBufferSize: 256}
	s := &swarm{conns: make([]*websocket.Conn, n), got: make([][]atomic.Int64, rounds), seen: make([]atomic.Int32, rounds)}
	for r := range s.got {
		s.got[r] = make([]atomic.Int64, n)
	}
	sem := make(chan struct{}, 64)
	errs := make(chan error, n)
	var wg sync.WaitGroup
	for i := 0; i < n; i++ {
		sem <- struct{}{}
		wg.Add(1)
		go func(i int) {
			defer func() { <-sem; wg.Done() }()
			c, _, err := d.DialContext(ctx, u.String(), nil)
			if err != nil {
				errs <- fmt.Errorf("client %d: %w", i, err)
				return
			}
			if full {
				c.SetReadDeadline(time.Now().Add(10 * time.Second))
				if _, _, err := c.ReadMessage(); err != nil {
					errs <- fmt.Errorf("client %d: snapshot: %w", i, err)
					c.Close()
					return
				}
			}
			s.conns[i] = c
		}(i)
		if len(errs) > 0 {
			break
		}
	}
	wg.Wait()
	close(errs)
	if err := <-errs; err != nil {
		s.close()
		return nil, err
	}
	for i, c := range s.conns {
		s.wg.Add(1)
		go s.read(i, c, full)
	}
	return s, nil
}

// read records the arrival of every call at client i. It reads each frame into a buffer of
// its own, reused, with one deadline for the whole run: the clients share the machine with
// the server, so the less they spend per frame (and on garbage collection), the less they
// weigh on what is measured, for the full server and the bare broadcaster alike.
func (s *swarm) read(i int, c *websocket.Conn, full bool) {
	defer s.wg.Done()
	c.SetReadDeadline(time.Now().Add(10 * time.Minute))
	var buf bytes.Buffer
	buf.Grow(8 << 10) // now, not at the first call
	round := 0
	for round < len(s.got) {
		_, r, err := c.NextReader()
		if err != nil {
			return
		}
		buf.Reset()
		if _, err := buf.ReadFrom(r); err != nil {
			return
		}
		if full && !bytes.Contains(buf.Bytes(), called) {
			continue
		}
		s.got[round][i].Store(time.Now().UnixNano())
		s.seen[round].Add(1)
		round++
	}
}

// wait waits until every client has call r, or timeout; it returns how many have it.
func (s *swarm) wait(r int, timeout time.Duration) int {
	deadline := time.Now().Add(timeout)
	for int(s.seen[r].Load()) < len(s.conns) && time.Now().Before(deadline) {
		time.Sleep(time.Millisecond)
	}
	return int(s.seen[r].Load())
}

func (s *swarm) close() {
	for _, c := range s.conns {
		if c != nil {
			c.Close()
		}
	}
}
