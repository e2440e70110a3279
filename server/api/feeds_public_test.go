package api_test

import (
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strings"
	"testing"

	"luot/server/internal/testserver"
	"luot/server/queue"
)

// secretReason is a pause reason an officer typed: free text, never for the public.
const secretReason = "Họp riêng với ông Nguyễn Văn Bí Mật"

// busyDay runs every kind of change at the centre through the API: issues (one with a
// priority), calls, a recall, a start, a pause with a typed reason, a transfer, a finish and
// its rating, a priority confirmed by an officer, a no-show, an out-of-order call, closes.
// It returns the tickets issued.
func busyDay(t *testing.T, s *testserver.Server, kiosk, lan, hoa string) []queue.Ticket {
	t.Helper()
	var tickets []queue.Ticket
	issue := func(service, prio string) queue.Ticket {
		var tk queue.Ticket
		s.Do(t, kiosk, "POST", "/api/v1/sites/centre/tickets", map[string]string{"service": service, "priority": prio}, 201, &tk)
		tickets = append(tickets, tk)
		return tk
	}
	act := func(who, counter, action string, body any) {
		s.Do(t, who, "POST", "/api/v1/sites/centre/counters/"+counter+"/"+action, body, 200, nil)
	}
	a1 := issue("dat-dai", "")
	a2 := issue("dat-dai", "elderly")
	issue("ho-tich", "")
	a3 := issue("dat-dai", "")
	act(lan, "q1", "open", nil)
	act(hoa, "q2", "open", nil)
	act(lan, "q1", "next", nil) // a2, the priority ticket
	act(lan, "q1", "recall", nil)
	act(lan, "q1", "start", nil)
	act(lan, "q1", "pause", map[string]string{"reason": secretReason})
	act(lan, "q1", "resume", nil)
	act(lan, "q1", "transfer", map[string]any{"service": "ho-tich"})
	act(hoa, "q2", "next", nil) // a2 again
	act(hoa, "q2", "finish", nil)
	s.Do(t, "", "POST", "/api/v1/tickets/"+a2.ID+"/rating", map[string]string{"level": "very_satisfied"}, 201, nil)
	s.Do(t, lan, "POST", "/api/v1/tickets/"+a3.ID+"/priority", map[string]string{"priority": "elderly"}, 200, nil)
	act(lan, "q1", "next", nil) // a3, now a priority
	act(lan, "q1", "no-show", nil)
	act(lan, "q1", "call", map[string]string{"ticket": a1.ID})
	act(lan, "q1", "next", nil) // a1 done; nobody else for q1
	act(lan, "q1", "close", nil)
	act(hoa, "q2", "close", nil)
	return tickets
}

// lastEvent is the id of the centre's last event, as its staff read it.
func lastEvent(t *testing.T, s *testserver.Server, staff string) string {
	t.Helper()
	var v struct {
		LastEvent string `json:"last_event"`
	}
	s.Do(t, staff, "GET", "/api/v1/sites/centre", nil, 200, &v)
	return v.LastEvent
}

// getRaw reads a path with a bearer token (or none) and returns the body of a 200.
func getRaw(t *testing.T, s *testserver.Server, token, path string) []byte {
	t.Helper()
	status, _, body := get(t, s, token, path)
	if status != 200 {
		t.Fatalf("GET %s: got %d %s", path, status, body)
	}
	return body
}

// TestPublicFeedCarriesNoIdentity: a watcher of the public feed (live, and replayed with
// since) and of GET /api/v1/sites/{site} (anonymous, a kiosk, a display, another site's
// officer) never sees a ticket id, a username, an officer's name, who caused an event, its
// detail or a pause's reason, over a busy scripted run; tickets and counters have exactly the
// public fields. The staff feed, over the same run, carries all of it.
func TestPublicFeedCarriesNoIdentity(t *testing.T) {
	s := testserver.Start(t)
	kiosk := s.Device(t, "centre", "kiosk", "")
	display := s.Device(t, "centre", "display", "")
	lan := s.User(t, "lan", queue.RoleOfficer, "centre")
	hoa := s.User(t, "hoa", queue.RoleOfficer, "centre")
	sup := s.User(t, "sup", queue.RoleSupervisor, "centre")
	other := s.User(t, "minh", queue.RoleOfficer, "point")

	conn, _ := dialFeed(t, s, "/ws/sites/centre", nil)
	live := record(conn)
	snap := live.until(t, "snapshot", func(f []byte) bool { return strings.Contains(string(f), `"type":"snapshot"`) })
	var first struct{ ID string }
	json.Unmarshal(snap[0], &first)

	tickets := busyDay(t, s, kiosk, lan, hoa)
	end := lastEvent(t, s, sup)
	frames := live.until(t, "of the last event", withID(end))
	conn2, _ := dialFeed(t, s, "/ws/sites/centre?since="+first.ID, nil)
	replayed := record(conn2).until(t, "of the last event, replayed", withID(end))
	if len(frames) < 23 { // the snapshot and 22 events
		t.Fatalf("got %d frames of the busy run, want every event of it", len(frames))
	}

	seen := map[string][]byte{}
	for i, f := range frames {
		seen[fmt.Sprintf("live frame %d", i)] = f
	}
	for i, f := range replayed {
		seen[fmt.Sprintf("replayed frame %d", i)] = f
	}
	for name, token := range map[string]string{"anonymous": "", "a kiosk": kiosk, "a display": display, "another site's officer": other} {
		seen["GET /api/v1/sites/centre by "+name] = getRaw(t, s, token, "/api/v1/sites/centre")
	}
	forbidden := []string{`"lan"`, `"hoa"`, "Cán bộ lan", "Cán bộ hoa", secretReason, `"by"`, `"detail"`,
		`"officer"`, `"officer_name"`, `"reason"`, "device:", `"channel"`, `"elderly"`}
	for _, tk := range tickets {
		forbidden = append(forbidden, tk.ID)
	}
	for name, raw := range seen {
		for _, bad := range forbidden {
			if strings.Contains(string(raw), bad) {
				t.Errorf("%s carries %s: %s", name, bad, raw)
			}
		}
		var v any
		if err := json.Unmarshal(raw, &v); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if err := publicShape(v, ""); err != nil {
			t.Errorf("%s: %v: %s", name, err, raw)
		}
	}

	// the control: the staff feed of the same run has what the public one must not
	staff, status := dialFeed(t, s, "/ws/staff/sites/centre?since="+first.ID, bearer(sup))
	if staff == nil {
		t.Fatalf("the staff feed refused a supervisor of the site: %d", status)
	}
	full := record(staff).until(t, "of the last event, on the staff feed", withID(end))
	all := string(slices.Concat(full...))
	for _, want := range []string{tickets[1].ID, `"by":"lan"`, secretReason, `"officer":"lan"`} {
		if !strings.Contains(all, want) {
			t.Errorf("the staff feed lacks %s", want)
		}
	}
	if len(full) != len(replayed) {
		t.Errorf("the staff feed replayed %d events, the public one %d", len(full), len(replayed))
	}
}

// publicShape checks, through a decoded frame or site, that every ticket has exactly the
// public ticket's fields and every counter exactly the public counter's.
func publicShape(v any, key string) error {
	switch x := v.(type) {
	case map[string]any:
		switch key {
		case "ticket":
			if err := keysAre(x, "number", "service", "status", "priority", "counter_number"); err != nil {
				return fmt.Errorf("a ticket: %w", err)
			}
			if _, ok := x["priority"].(bool); !ok {
				return fmt.Errorf("a ticket's priority is %v, want true or false", x["priority"])
			}
		case "counter", "counters":
			named := maps.Clone(x)
			delete(named, "name_en") // its name in English, when it has one: no one's identity
			if err := keysAre(named, "id", "number", "name", "services", "state", "ticket"); err != nil {
				return fmt.Errorf("a counter: %w", err)
			}
		}
		for k, sub := range x {
			if err := publicShape(sub, k); err != nil {
				return err
			}
		}
	case []any:
		for _, sub := range x {
			if err := publicShape(sub, key); err != nil {
				return err
			}
		}
	}
	return nil
}

func keysAre(m map[string]any, want ...string) error {
	var got []string
	for k := range m {
		got = append(got, k)
	}
	slices.Sort(got)
	slices.Sort(want)
	if !slices.Equal(got, want) {
		return fmt.Errorf("fields %v, want exactly %v", got, want)
	}
	return nil
}
