package testserver

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"luot/server/internal/testenv"
	"luot/server/notify"
	"luot/server/wiring"
)

// Gateway is a fake SMS gateway, the province's gateway as the tests see it: an HTTP server
// that checks each message's signature and keeps what it accepted. NewGateway starts one.
type Gateway struct {
	URL    string
	Secret string
	t      testing.TB
	mu     sync.Mutex
	got    []notify.Message
}

// NewGateway starts a fake gateway for the test, closed at its end.
func NewGateway(t testing.TB) *Gateway {
	g := &Gateway{t: t, Secret: "secret-of-the-test-gateway"}
	srv := httptest.NewServer(g)
	t.Cleanup(srv.Close)
	g.URL = srv.URL
	return g
}

func (g *Gateway) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	if r.Header.Get("X-Luot-Signature") != notify.Signature(g.Secret, body) {
		g.t.Errorf("gateway: a message without the right signature: %s", body)
		w.WriteHeader(http.StatusUnauthorized)
		return
	}
	var m notify.Message
	if err := json.Unmarshal(body, &m); err != nil {
		g.t.Errorf("gateway: not JSON: %s", body)
	}
	g.mu.Lock()
	g.got = append(g.got, m)
	g.mu.Unlock()
	w.WriteHeader(http.StatusOK)
}

// Last waits for the newest message of a template to a phone and returns it.
func (g *Gateway) Last(t testing.TB, to, template string) notify.Message {
	t.Helper()
	return g.wait(t, to, template, func(ms []notify.Message) int { return len(ms) - 1 })
}

// Find waits for the n-th message (from 0) of a template to a phone and returns it.
func (g *Gateway) Find(t testing.TB, to, template string, n int) notify.Message {
	t.Helper()
	return g.wait(t, to, template, func(ms []notify.Message) int { return n })
}

// wait polls for the messages of a template to a phone until pick chooses one of them.
func (g *Gateway) wait(t testing.TB, to, template string, pick func([]notify.Message) int) notify.Message {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		var ms []notify.Message
		g.mu.Lock()
		for _, m := range g.got {
			if m.To == to && m.Template == template {
				ms = append(ms, m)
			}
		}
		g.mu.Unlock()
		if i := pick(ms); i >= 0 && i < len(ms) {
			return ms[i]
		}
		if time.Now().After(deadline) {
			t.Fatalf("the gateway got no %s message to %s (%d of them)", template, to, len(ms))
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// Count returns how many messages of a template the gateway got.
func (g *Gateway) Count(template string) int {
	g.mu.Lock()
	defer g.mu.Unlock()
	n := 0
	for _, m := range g.got {
		if m.Template == template {
			n++
		}
	}
	return n
}

// StartBooking runs the server as StartWith does, with remote numbers and appointments: the
// outbox in the test's Redis, the notices and a worker delivering to the returned fake gateway.
func StartBooking(t testing.TB, env *testenv.Env) (*Server, *Gateway) {
	t.Helper()
	gw := NewGateway(t)
	s := start(t, env, nil, &wiring.Notifier{Sender: notify.Webhook{URL: gw.URL, Secret: gw.Secret}, Poll: 20 * time.Millisecond, Now: env.Clock.Now})
	return s, gw
}
