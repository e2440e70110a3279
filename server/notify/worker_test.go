package notify

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"luot/server/internal/redistest"
	"luot/server/store"
)

// gateway is a fake SMS gateway: it checks every signature, refuses the first `refuse`
// posts, and records what it accepted.
type gateway struct {
	t        *testing.T
	secret   string
	refuse   atomic.Int32
	posts    atomic.Int32
	mu       sync.Mutex
	accepted []Message
	badSig   atomic.Int32
}

func (g *gateway) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	g.posts.Add(1)
	body, _ := io.ReadAll(r.Body)
	if r.Header.Get("X-Luot-Signature") != Signature(g.secret, body) {
		g.badSig.Add(1)
		w.WriteHeader(http.StatusUnauthorized)
		return
	}
	if g.refuse.Add(-1) >= 0 {
		w.WriteHeader(http.StatusBadGateway)
		return
	}
	var m Message
	if err := json.Unmarshal(body, &m); err != nil {
		g.t.Errorf("gateway: bad JSON %s", body)
	}
	g.mu.Lock()
	g.accepted = append(g.accepted, m)
	g.mu.Unlock()
	w.WriteHeader(http.StatusAccepted)
}

func (g *gateway) got() []Message {
	g.mu.Lock()
	defer g.mu.Unlock()
	return append([]Message(nil), g.accepted...)
}

// setup starts Redis, a fake gateway and a worker with fast retries.
func setup(t *testing.T, refuse int32, now func() time.Time) (*Outbox, *gateway, context.CancelFunc) {
	r := redistest.Start(t)
	rdb, err := store.NewClient(r.URL())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { rdb.Close() })
	g := &gateway{t: t, secret: "bí-mật"}
	g.refuse.Store(refuse)
	srv := httptest.NewServer(g)
	t.Cleanup(srv.Close)
	ob := NewOutbox(rdb, now)
	w := &Worker{Outbox: ob, Sender: Webhook{URL: srv.URL, Secret: g.secret}, Log: slog.New(slog.NewTextHandler(io.Discard, nil)),
		Backoff: func(int) time.Duration { return 20 * time.Millisecond }, Poll: 50 * time.Millisecond}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { w.Run(ctx); close(done) }()
	t.Cleanup(func() { cancel(); <-done })
	return ob, g, cancel
}

func waitFor(t *testing.T, what string, ok func() bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !ok() {
		if time.Now().After(deadline) {
			t.Fatalf("gave up waiting for %s", what)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func TestWebhookSignedRetriedSentOnce(t *testing.T) {
	ob, g, _ := setup(t, 2, nil)
	ctx := context.Background()
	m := New("otp-1", "0901234567", OTP, "ttpvhcc", map[string]string{"code": "482913"}, time.Now())
	if fresh, err := ob.Enqueue(ctx, m); err != nil || !fresh {
		t.Fatalf("enqueue: got %v, %v, want a new message", fresh, err)
	}
	waitFor(t, "the message to be accepted", func() bool { return len(g.got()) == 1 })
	got := g.got()[0]
	if got.ID != "otp-1" || got.To != "0901234567" || got.Template != OTP || got.Vars["code"] != "482913" ||
		got.Text != "Mã xác nhận Lượt: 482913. Có hiệu lực 5 phút." {
		t.Errorf("gateway got %+v", got)
	}
	if n := g.posts.Load(); n != 3 {
		t.Errorf("gateway saw %d posts, want 3 (two refused, then accepted)", n)
	}
	// the same id again, later: known, never sent twice
	if fresh, err := ob.Enqueue(ctx, m); err != nil || fresh {
		t.Fatalf("enqueue again: got %v, %v, want a known message", fresh, err)
	}
	waitFor(t, "the status sent", func() bool { s, _ := ob.Status(ctx, "otp-1"); return s == Sent })
	time.Sleep(300 * time.Millisecond)
	if n := len(g.got()); n != 1 {
		t.Errorf("gateway accepted %d messages of one id, want 1", n)
	}
	if n := g.badSig.Load(); n != 0 {
		t.Errorf("%d posts had a wrong signature", n)
	}
	st, err := ob.SiteState(ctx, "ttpvhcc")
	if err != nil || st[Sent] != 1 || st[Queued] != 0 || st[Retrying] != 0 || st[Failed] != 0 {
		t.Errorf("site state: got %v, %v, want one sent", st, err)
	}
}

func TestWebhookGivesUpAfterAnHour(t *testing.T) {
	var clock atomic.Int64
	start := time.Date(2026, 12, 7, 9, 0, 0, 0, time.UTC)
	clock.Store(start.UnixMilli())
	now := func() time.Time { return time.UnixMilli(clock.Load()) }
	ob, g, _ := setup(t, 1_000_000, now)
	ctx := context.Background()
	if _, err := ob.Enqueue(ctx, New("c-1", "0901234567", Called, "s", map[string]string{"number": "A001", "counter": "3"}, now())); err != nil {
		t.Fatal(err)
	}
	waitFor(t, "a retry", func() bool { s, _ := ob.Status(ctx, "c-1"); return s == Retrying })
	if s, _ := ob.Status(ctx, "c-1"); s != Retrying {
		t.Fatalf("status %q, want retrying", s)
	}
	clock.Store(start.Add(61 * time.Minute).UnixMilli())
	waitFor(t, "the message to fail", func() bool { s, _ := ob.Status(ctx, "c-1"); return s == Failed })
	posts := g.posts.Load()
	time.Sleep(200 * time.Millisecond)
	if g.posts.Load() != posts {
		t.Errorf("a failed message is still posted")
	}
	st, _ := ob.SiteState(ctx, "s")
	if st[Failed] != 1 || st[Retrying] != 0 {
		t.Errorf("site state %v, want one failed", st)
	}
}

func TestWebhookTimeoutIsRetried(t *testing.T) {
	// a gateway that never answers: the worker gives up on the post after its timeout and retries
	block := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { <-block }))
	t.Cleanup(func() { close(block); srv.Close() })
	r := redistest.Start(t)
	rdb, _ := store.NewClient(r.URL())
	t.Cleanup(func() { rdb.Close() })
	ob := NewOutbox(rdb, nil)
	w := &Worker{Outbox: ob, Sender: Webhook{URL: srv.URL, Timeout: 100 * time.Millisecond}, Log: slog.New(slog.NewTextHandler(io.Discard, nil)), Poll: 20 * time.Millisecond}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { w.Run(ctx); close(done) }()
	t.Cleanup(func() { cancel(); <-done })
	for i := range 20 {
		if _, err := ob.Enqueue(ctx, New("m"+string(rune('a'+i)), "0901234567", TurnNear, "s", nil, time.Now())); err != nil {
			t.Fatal(err)
		}
	}
	waitFor(t, "a retry after the timeout", func() bool { s, _ := ob.Status(ctx, "ma"); return s == Retrying })
}
