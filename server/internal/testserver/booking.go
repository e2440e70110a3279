package testserver

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"luot/config"
	"luot/server/internal/testenv"
	"luot/server/netguard"
	"luot/server/notify"
	"luot/server/web"
	"luot/server/wiring"
)

// Gateway is a fake SMS gateway: an HTTP server that checks each message's signature and
// keeps what it accepted.
type Gateway struct {
	t      testing.TB
	secret string
	mu     sync.Mutex
	got    []notify.Message
}

func (g *Gateway) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	if r.Header.Get("X-Luot-Signature") != notify.Signature(g.secret, body) {
		g.t.Errorf("gateway: a message without the right signature")
		w.WriteHeader(http.StatusUnauthorized)
		return
	}
	var m notify.Message
	_ = json.Unmarshal(body, &m)
	g.mu.Lock()
	g.got = append(g.got, m)
	g.mu.Unlock()
	w.WriteHeader(http.StatusOK)
}

// Last waits for the newest message of a template to a phone and returns it.
func (g *Gateway) Last(t testing.TB, to, template string) notify.Message {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		g.mu.Lock()
		for i := len(g.got) - 1; i >= 0; i-- {
			if m := g.got[i]; m.To == to && m.Template == template {
				g.mu.Unlock()
				return m
			}
		}
		g.mu.Unlock()
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatalf("the gateway got no %s message to %s", template, to)
	return notify.Message{}
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
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	url := "http://" + ln.Addr().String()
	settings := config.Settings{SessionTTL: time.Hour, PublicURL: url}
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	gw := &Gateway{t: t, secret: "secret-of-the-test-gateway"}
	gsrv := httptest.NewServer(gw)
	w := wiring.Build(wiring.Parts{Engine: env.Engine, Store: env.Store, Log: log, Settings: settings, Pages: web.Pages(),
		Notifier: &wiring.Notifier{Sender: notify.Webhook{URL: gsrv.URL, Secret: gw.secret}, Poll: 20 * time.Millisecond, Now: env.Clock.Now}})
	ctx, cancel := context.WithCancel(context.Background())
	w.Start(ctx) // the worker and the notices
	w.Feed.Start(ctx)
	go w.App.Listener(netguard.Guard(ln, settings, log))
	t.Cleanup(func() {
		cancel()
		w.App.ShutdownWithTimeout(2 * time.Second)
		w.Wait()
		gsrv.Close()
	})
	h, srv := w.Hub, w.API
	return &Server{Env: env, URL: url, Hub: h, API: srv}, gw
}
