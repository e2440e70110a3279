package live

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/fasthttp/websocket"
	"github.com/gofiber/fiber/v2"

	"luot/config"
	"luot/server/hub"
	"luot/server/internal/testenv"
	"luot/server/queue"
	"luot/server/report"
)

// boardEnv is a live path with its feed running on a real Redis, and /ws/board/{sites} on a
// real socket.
type boardEnv struct {
	env  *testenv.Env
	live *Live
	hub  *hub.Hub
	url  string
	// sitesURL + a site's id is the site's public feed; + "?staff=1", its staff feed
	sitesURL string
}

// boardOrg is the tests' organisation with n more reception points under the centre.
func boardOrg(t testing.TB, n int) *config.Org {
	t.Helper()
	var b strings.Builder
	b.WriteString(testenv.OrgYAML)
	for i := range n {
		fmt.Fprintf(&b, "  - id: p%03d\n    name: \"Điểm tiếp nhận số %d\"\n    kind: point\n    parent: centre\n"+
			"    services: [ho-tich]\n    counters:\n      - {id: c1, number: 1, services: [ho-tich]}\n", i, i)
	}
	org, err := config.Parse([]byte(b.String()), "board.yaml")
	if err != nil {
		t.Fatal(err)
	}
	return org
}

func startBoard(t testing.TB, extra int) *boardEnv {
	t.Helper()
	env := testenv.NewWith(t, boardOrg(t, extra))
	h := hub.New(hub.Options{})
	days := &report.Builder{Source: env.Store, Org: env.Engine.Org, Now: env.Engine.Now}
	l := New(Options{Engine: env.Engine, Store: env.Store, Hub: h, Log: slog.New(slog.NewTextHandler(io.Discard, nil)), Days: days})
	reading := make(chan struct{})
	var once sync.Once
	l.onReading = func() { once.Do(func() { close(reading) }) }
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	go l.Run(ctx)
	select {
	case <-reading:
	case <-time.After(10 * time.Second):
		t.Fatal("the feed did not start reading")
	}
	app := fiber.New(fiber.Config{DisableStartupMessage: true})
	app.Get("/ws/board/:sites", func(c *fiber.Ctx) error {
		sites := strings.Split(c.Params("sites"), ",")
		if sites[0] == "all" { // a national board's ids are longer than a request line
			org := env.Engine.Org()
			sites = make([]string, len(org.Sites))
			for i := range org.Sites {
				sites[i] = org.Sites[i].ID
			}
		}
		return Grant(c, Request{Board: true, Sites: sites})
	}, l.Handler())
	app.Get("/ws/sites/:site", func(c *fiber.Ctx) error {
		aud := Public
		if c.Query("staff") != "" {
			aud = Staff
		}
		return Grant(c, Request{Site: c.Params("site"), Audience: aud})
	}, l.Handler())
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go app.Listener(ln)
	t.Cleanup(func() { app.Shutdown() })
	return &boardEnv{env: env, live: l, hub: h, url: "ws://" + ln.Addr().String() + "/ws/board/",
		sitesURL: "ws://" + ln.Addr().String() + "/ws/sites/"}
}

// sites are the organisation's sites, all of them or those named.
func (be *boardEnv) sites(ids ...string) []*config.Site {
	org := be.env.Engine.Org()
	var out []*config.Site
	for i := range org.Sites {
		if len(ids) == 0 || contains(ids, org.Sites[i].ID) {
			out = append(out, &org.Sites[i])
		}
	}
	return out
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func (be *boardEnv) issue(t testing.TB, site string) {
	t.Helper()
	if _, err := be.env.Engine.Issue(context.Background(), testenv.Kiosk(site), site, "ho-tich", "", ""); err != nil {
		t.Fatalf("issue at %s: %v", site, err)
	}
}

// rows is GET /api/v1/board's answer for sites, by site.
func (be *boardEnv) rows(t testing.TB, sites []*config.Site) map[string]queue.BoardRow {
	t.Helper()
	body, err := be.live.Board().BoardRows(context.Background(), sites)
	if err != nil {
		t.Fatal(err)
	}
	var got struct {
		At    time.Time
		Sites []queue.BoardRow
	}
	if err := json.Unmarshal(body, &got); err != nil {
		t.Fatalf("%v: %s", err, body)
	}
	out := map[string]queue.BoardRow{}
	for _, r := range got.Sites {
		out[r.ID] = r
	}
	return out
}

// eventually polls ok for up to wait.
func eventually(t testing.TB, wait time.Duration, what string, ok func() bool) {
	t.Helper()
	for end := time.Now().Add(wait); !ok(); {
		if time.Now().After(end) {
			t.Fatalf("%s: not within %v", what, wait)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// TestBoardReadsOnlyChangedSites: the first reader reads every site once; more readers read
// nothing; an event at one site makes one read of that site, not of the others.
func TestBoardReadsOnlyChangedSites(t *testing.T) {
	be := startBoard(t, 30)
	b := be.live.Board()
	all := be.sites()
	be.rows(t, all)
	if got := b.Reads(); got != int64(len(all)) {
		t.Fatalf("first reader: %d site reads, want %d (each site once)", got, len(all))
	}
	for range 20 {
		be.rows(t, all)
	}
	if got := b.Reads(); got != int64(len(all)) {
		t.Fatalf("20 readers more: %d site reads, want still %d", got, len(all))
	}
	be.issue(t, "p007")
	eventually(t, 3*time.Second, "the ticket on the board", func() bool { return be.rows(t, all)["p007"].Waiting == 1 })
	time.Sleep(2 * BoardTick) // any further tick
	if got := b.Reads() - int64(len(all)); got != 1 {
		t.Errorf("one event at one site: %d site reads, want 1", got)
	}
	if r := be.rows(t, all)["p008"]; r.Waiting != 0 || r.IssuedToday != 0 {
		t.Errorf("another site: got %+v", r)
	}
}

// boardClient is one follower of /ws/board.
type boardClient struct {
	t    testing.TB
	conn *websocket.Conn
}

type boardFrame struct {
	Type  string
	At    time.Time
	Sites []queue.BoardRow
}

func (be *boardEnv) follow(t testing.TB, ids []string) *boardClient {
	t.Helper()
	conn, _, err := websocket.DefaultDialer.Dial(be.url+strings.Join(ids, ","), nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	f := &boardClient{t: t, conn: conn}
	if m := f.next(); m.Type != "board" || len(m.Sites) != len(ids) {
		t.Fatalf("first frame: got %s with %d sites, want board with %d", m.Type, len(m.Sites), len(ids))
	}
	return f
}

// next is the follower's next frame but pings.
func (f *boardClient) next() boardFrame {
	f.t.Helper()
	for {
		f.conn.SetReadDeadline(time.Now().Add(5 * time.Second))
		_, data, err := f.conn.ReadMessage()
		if err != nil {
			f.t.Fatalf("read: %v", err)
		}
		var m boardFrame
		if err := json.Unmarshal(data, &m); err != nil {
			f.t.Fatalf("%v: %s", err, data)
		}
		if m.Type != "ping" {
			return m
		}
	}
}

// until reads updates until every site of want shows waiting as want says; it fails on a
// row of a site outside allowed.
func (f *boardClient) until(want map[string]int, allowed []string) {
	f.t.Helper()
	seen := map[string]int{}
	for len(seen) < len(want) {
		m := f.next()
		if m.Type != "update" {
			f.t.Fatalf("got a %s frame, want update", m.Type)
		}
		for _, r := range m.Sites {
			if !contains(allowed, r.ID) {
				f.t.Fatalf("a row of %s, which this follower may not see", r.ID)
			}
			if w, ok := want[r.ID]; ok && r.Waiting == w {
				seen[r.ID] = w
			}
		}
	}
}

func ids(sites []*config.Site) []string {
	out := make([]string, len(sites))
	for i, s := range sites {
		out[i] = s.ID
	}
	return out
}

// TestBoardFollowersShareReads: 21 followers of the board cost Redis no more reads than one,
// and each gets a change within two seconds.
func TestBoardFollowersShareReads(t *testing.T) {
	be := startBoard(t, 30)
	b := be.live.Board()
	all := ids(be.sites())
	changed := []string{"p001", "p002", "p003", "p004", "p005"}
	round := func(followers []*boardClient, waiting int) (reads int64, took time.Duration) {
		time.Sleep(2 * BoardTick) // the ticks of earlier work
		before, start := b.Reads(), time.Now()
		want := map[string]int{}
		for _, s := range changed {
			be.issue(t, s)
			want[s] = waiting
		}
		for _, f := range followers {
			f.until(want, all)
		}
		took = time.Since(start)
		time.Sleep(2 * BoardTick)
		return b.Reads() - before, took
	}
	followers := []*boardClient{be.follow(t, all)}
	one, took := round(followers, 1)
	if one != int64(len(changed)) {
		t.Errorf("one follower: %d site reads for events at %d sites, want %d", one, len(changed), len(changed))
	}
	if took > 2*time.Second {
		t.Errorf("one follower: the changes took %v, want within 2 s", took)
	}
	for range 20 {
		followers = append(followers, be.follow(t, all))
	}
	many, took := round(followers, 2)
	if many > one {
		t.Errorf("21 followers: %d site reads, one follower %d: want no more", many, one)
	}
	if took > 2*time.Second {
		t.Errorf("21 followers: the changes took %v to reach all, want within 2 s", took)
	}
}

// TestBoardFollowerSeesOnlyTheirSites: a supervisor's board carries the rows of their sites
// and nothing of the others, not even that they changed.
func TestBoardFollowerSeesOnlyTheirSites(t *testing.T) {
	be := startBoard(t, 3)
	admin := be.follow(t, ids(be.sites()))
	sup := be.follow(t, []string{"point", "p001"})
	be.issue(t, "centre")
	be.issue(t, "p002")
	be.issue(t, "point")
	sup.until(map[string]int{"point": 1}, []string{"point", "p001"})
	admin.until(map[string]int{"centre": 1, "p002": 1, "point": 1}, ids(be.sites()))
	if got := be.rows(t, be.sites("point", "p001")); len(got) != 2 || got["point"].Waiting != 1 {
		t.Errorf("GET for the supervisor's sites: got %+v", got)
	}
}

// publicRead is GET /api/v1/public/sites as the test reads it.
type publicRead struct {
	Today publicFigures
	Sites []publicSite
}

// TestPublicFollowsEvents: the transparency page's figures reflect a ticket within two
// seconds, reading only the site that changed.
func TestPublicFollowsEvents(t *testing.T) {
	be := startBoard(t, 10)
	b := be.live.Board()
	read := func() publicRead {
		body, err := b.Public(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		var p publicRead
		if err := json.Unmarshal(body, &p); err != nil {
			t.Fatal(err)
		}
		return p
	}
	if p := read(); p.Today.Issued != 0 || len(p.Sites) != 12 {
		t.Fatalf("first read: got %+v", p)
	}
	before := b.Reads()
	start := time.Now()
	be.issue(t, "p004")
	eventually(t, 3*time.Second, "the ticket on the public page", func() bool {
		p := read()
		for _, s := range p.Sites {
			if s.ID == "p004" {
				return p.Today.Issued == 1 && s.Waiting == 1 && s.Today.Issued == 1 && s.Month.Issued == 1
			}
		}
		return false
	})
	if took := time.Since(start); took > 2*time.Second {
		t.Errorf("the page showed the ticket after %v, want within 2 s", took)
	}
	time.Sleep(2 * BoardTick)
	if got := b.Reads() - before; got != 1 {
		t.Errorf("one event: %d site reads, want 1", got)
	}
}
