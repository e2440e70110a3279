package api_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/fasthttp/websocket"

	"luot/server/internal/testserver"
	"luot/server/live"
	"luot/server/queue"
)

// ticketState is what the tests read of a frame of the ticket feed.
type ticketState struct {
	Type   string `json:"type"`
	Ticket struct {
		ID      string  `json:"id"`
		Number  string  `json:"number"`
		Status  string  `json:"status"`
		Counter *string `json:"counter"`
		Ahead   *int    `json:"ahead"`
		EstWait *int    `json:"estimated_wait_min"`
	} `json:"ticket"`
}

func stateOf(t *testing.T, f []byte) ticketState {
	t.Helper()
	var st ticketState
	if err := json.Unmarshal(f, &st); err != nil || st.Type != "ticket" {
		t.Fatalf("not a ticket frame: %s (%v)", f, err)
	}
	return st
}

// TestTicketFeedFollowsItsTicket: the tracking page's feed sends the ticket first, then its
// place going down as others are called, up when a priority ticket comes before it, its own
// call and finish, and nothing of any other ticket.
func TestTicketFeedFollowsItsTicket(t *testing.T) {
	s := testserver.Start(t)
	kiosk := s.Device(t, "centre", "kiosk", "")
	lan := s.User(t, "lan", queue.RoleOfficer, "centre")
	var others []queue.Ticket
	issue := func(prio string) queue.Ticket {
		var tk queue.Ticket
		s.Do(t, kiosk, "POST", "/api/v1/sites/centre/tickets", map[string]string{"service": "dat-dai", "priority": prio}, 201, &tk)
		return tk
	}
	for range 3 {
		others = append(others, issue(""))
	}
	mine := issue("")
	conn, status := dialFeed(t, s, "/ws/tickets/"+mine.ID, nil)
	if conn == nil {
		t.Fatalf("the ticket feed: got %d, want 101", status)
	}
	feed := record(conn)
	waitAhead := func(what string, n int) {
		t.Helper()
		feed.until(t, what, func(f []byte) bool {
			st := stateOf(t, f)
			return st.Ticket.Status == "waiting" && st.Ticket.Ahead != nil && *st.Ticket.Ahead == n && st.Ticket.EstWait != nil
		})
	}
	waitStatus := func(status string) {
		t.Helper()
		feed.until(t, status, func(f []byte) bool { return stateOf(t, f).Ticket.Status == status })
	}
	waitAhead("first, with three ahead", 3)
	act := func(action string) {
		s.Do(t, lan, "POST", "/api/v1/sites/centre/counters/q2/"+action, nil, 200, nil)
	}
	act("open")
	act("next")
	waitAhead("two ahead after a call", 2)
	others = append(others, issue("elderly"))
	waitAhead("three ahead after a priority ticket", 3)
	for n := 2; n >= 0; n-- {
		act("next")
		waitAhead("fewer ahead", n)
	}
	act("next")
	waitStatus("called")
	act("finish")
	frames := feed.until(t, "done", func(f []byte) bool { return stateOf(t, f).Ticket.Status == "done" })

	prev := ""
	for _, f := range frames {
		st := stateOf(t, f)
		if st.Ticket.ID != mine.ID || st.Ticket.Number != mine.Number {
			t.Fatalf("a frame of another ticket: %s", f)
		}
		for _, o := range others {
			if strings.Contains(string(f), o.ID) || strings.Contains(string(f), `"`+o.Number+`"`) {
				t.Fatalf("a frame carries %s: %s", o.Number, f)
			}
		}
		if string(f) == prev {
			t.Fatalf("the same state sent twice in a row: %s", f)
		}
		prev = string(f)
	}
}

// TestTicketFeedRefusals: an unknown or malformed id is a 404 before the upgrade; a ticket
// takes a handful of connections, and one more when one leaves.
func TestTicketFeedRefusals(t *testing.T) {
	s := testserver.Start(t)
	kiosk := s.Device(t, "centre", "kiosk", "")
	var tk queue.Ticket
	s.Do(t, kiosk, "POST", "/api/v1/sites/centre/tickets", map[string]string{"service": "dat-dai"}, 201, &tk)
	site, _, _ := strings.Cut(tk.ID, ".")
	for _, id := range []string{"garbage", site + ".AAAAAAAAAAAAAAAAAAAAAAAA", "nowhere.AAAAAAAAAAAAAAAAAAAAAAAA", strings.Repeat("x", 300)} {
		if _, status := dialFeed(t, s, "/ws/tickets/"+id, nil); status != 404 {
			t.Errorf("ticket %.40s: got %d, want 404", id, status)
		}
	}
	var conns []*websocket.Conn
	for i := range live.DefaultTicketConns {
		conn, status := dialFeed(t, s, "/ws/tickets/"+tk.ID, nil)
		if conn == nil {
			t.Fatalf("connection %d of %d: got %d", i+1, live.DefaultTicketConns, status)
		}
		record(conn).until(t, "the ticket", func([]byte) bool { return true })
		conns = append(conns, conn)
	}
	if _, status := dialFeed(t, s, "/ws/tickets/"+tk.ID, nil); status != 429 {
		t.Fatalf("one connection more than the cap: got %d, want 429", status)
	}
	conns[0].Close()
	deadline := time.Now().Add(5 * time.Second)
	for {
		conn, status := dialFeed(t, s, "/ws/tickets/"+tk.ID, nil)
		if conn != nil {
			break
		}
		if status != 429 || time.Now().After(deadline) {
			t.Fatalf("after one connection left: got %d, want 101 within 5 s", status)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// TestTicketFeedUnderConcurrentCalls: two counters call a dozen tickets at once while two
// pages follow each; every page sees its ticket only move forward (its place never grows
// back, its status never returns) and ends with it done, whatever order the reads and the
// events raced in.
func TestTicketFeedUnderConcurrentCalls(t *testing.T) {
	s := testserver.Start(t)
	kiosk := s.Device(t, "centre", "kiosk", "")
	officers := map[string]string{"q1": s.User(t, "lan", queue.RoleOfficer, "centre"), "q2": s.User(t, "hoa", queue.RoleOfficer, "centre")}
	const n = 12
	var feeds []*recorder
	for range n {
		var tk queue.Ticket
		s.Do(t, kiosk, "POST", "/api/v1/sites/centre/tickets", map[string]string{"service": "dat-dai"}, 201, &tk)
		for range 2 {
			conn, status := dialFeed(t, s, "/ws/tickets/"+tk.ID, nil)
			if conn == nil {
				t.Fatalf("follow %s: got %d", tk.Number, status)
			}
			r := record(conn)
			r.until(t, "the ticket", func([]byte) bool { return true })
			feeds = append(feeds, r)
		}
	}
	for counter, token := range officers {
		s.Do(t, token, "POST", "/api/v1/sites/centre/counters/"+counter+"/open", nil, 200, nil)
	}
	errs := make(chan error, len(officers))
	for counter, token := range officers {
		go func() { errs <- callAll(s.URL+"/api/v1/sites/centre/counters/"+counter+"/next", token) }()
	}
	for range officers {
		if err := <-errs; err != nil {
			t.Fatal(err)
		}
	}
	rank := map[string]int{"waiting": 0, "called": 1, "serving": 2, "done": 3}
	for i, r := range feeds {
		frames := r.until(t, "done", func(f []byte) bool { return stateOf(t, f).Ticket.Status == "done" })
		prevRank, prevAhead := 0, n
		for _, f := range frames {
			st := stateOf(t, f).Ticket
			if rank[st.Status] < prevRank {
				t.Fatalf("page %d: the ticket went back to %s: %s", i, st.Status, f)
			}
			prevRank = rank[st.Status]
			if st.Status == "waiting" {
				if st.Ahead == nil || *st.Ahead > prevAhead {
					t.Fatalf("page %d: the place grew back from %d: %s", i, prevAhead, f)
				}
				prevAhead = *st.Ahead
			}
		}
	}
}

// callAll posts next to a counter until nobody is left, the last call finishing its ticket.
func callAll(url, token string) error {
	for {
		req, _ := http.NewRequest("POST", url, nil)
		req.Header.Set("Authorization", "Bearer "+token)
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			return err
		}
		var body struct{ Ticket *queue.Ticket }
		err = json.NewDecoder(res.Body).Decode(&body)
		res.Body.Close()
		switch {
		case res.StatusCode != 200 || err != nil:
			return fmt.Errorf("next: %d %v", res.StatusCode, err)
		case body.Ticket == nil:
			return nil
		}
	}
}
