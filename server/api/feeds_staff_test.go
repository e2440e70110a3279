package api_test

import (
	"bytes"
	"encoding/json"
	"net/http"
	"path/filepath"
	"strings"
	"testing"

	"luot/config"
	"luot/server/internal/browser"
	"luot/server/internal/testenv"
	"luot/server/internal/testserver"
	"luot/server/queue"
)

// TestStaffFeedAccess: the staff feed opens, before any upgrade, to the site's officers,
// its supervisors and the admins only (401 anonymous, 403 devices and other sites' staff),
// by bearer token or by the session cookie from this server's own pages; garbage in since is
// a 400.
func TestStaffFeedAccess(t *testing.T) {
	s := testserver.Start(t)
	admin := s.User(t, "admin", queue.RoleAdmin)
	lan := s.User(t, "lan", queue.RoleOfficer, "centre")
	sup := s.User(t, "sup", queue.RoleSupervisor, "centre")
	minh := s.User(t, "minh", queue.RoleOfficer, "point")
	pointSup := s.User(t, "psup", queue.RoleSupervisor, "point")
	kiosk := s.Device(t, "centre", "kiosk", "")
	display := s.Device(t, "centre", "display", "")
	panel := s.Device(t, "centre", "rating", "q1")
	const path = "/ws/staff/sites/centre"
	for _, c := range []struct {
		name   string
		path   string
		header http.Header
		want   int
	}{
		{"anonymous", path, nil, 401},
		{"a kiosk", path, bearer(kiosk), 403},
		{"a display", path, bearer(display), 403},
		{"a rating panel", path, bearer(panel), 403},
		{"another site's officer", path, bearer(minh), 403},
		{"another site's supervisor", path, bearer(pointSup), 403},
		{"an unknown token", path, bearer("s_nope"), 401},
		{"an unknown site", "/ws/staff/sites/nowhere", bearer(admin), 404},
		{"garbage since", path + "?since=abc", bearer(lan), 400},
		{"the site's officer", path, bearer(lan), 101},
		{"the site's supervisor", path, bearer(sup), 101},
		{"an admin", path, bearer(admin), 101},
	} {
		conn, status := dialFeed(t, s, c.path, c.header)
		if status != c.want {
			t.Errorf("%s: got %d, want %d", c.name, status, c.want)
			continue
		}
		if conn != nil {
			snap := record(conn).until(t, "snapshot", func([]byte) bool { return true })
			if !strings.Contains(string(snap[0]), `"type":"snapshot"`) || !strings.Contains(string(snap[0]), `"officer"`) {
				t.Errorf("%s: the first frame is not the staff snapshot: %s", c.name, snap[0])
			}
		}
	}

	// a page's session: the cookie goes with the upgrade, from this server's pages only
	var login struct{ Token string }
	s.Do(t, "", "POST", "/api/v1/auth/login", map[string]string{"username": "lan", "password": "lan-pass"}, 200, &login)
	cookie := func(origin string) http.Header {
		h := http.Header{"Cookie": {"luot_session=" + login.Token}}
		if origin != "" {
			h.Set("Origin", origin)
		}
		return h
	}
	if _, status := dialFeed(t, s, path, cookie(s.URL)); status != 101 {
		t.Errorf("the officer's page: got %d, want 101", status)
	}
	if _, status := dialFeed(t, s, path, cookie("https://evil.example")); status != 403 {
		t.Errorf("another origin with the officer's cookie: got %d, want 403", status)
	}
}

// TestStaffFeedBranchSupervisor: on the real organisation, a branch's supervisor follows the
// staff feed of a reception point under the branch; the centre's supervisor, who oversees the
// centre and not the province, does not.
func TestStaffFeedBranchSupervisor(t *testing.T) {
	org, err := config.Load(filepath.Join(browser.Root(), "config", "binhduong.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	var branch, point string
	for _, site := range org.Sites {
		if p := org.Site(site.Parent); site.Kind == config.KindPoint && p != nil && p.Kind == config.KindBranch {
			branch, point = p.ID, site.ID
			break
		}
	}
	if point == "" {
		t.Fatal("no reception point under a branch in binhduong.yaml")
	}
	s := testserver.StartWith(t, testenv.NewWith(t, org))
	bsup := s.User(t, "bsup", queue.RoleSupervisor, branch)
	csup := s.User(t, "csup", queue.RoleSupervisor, org.Sites[0].ID)
	if _, status := dialFeed(t, s, "/ws/staff/sites/"+point, bearer(bsup)); status != 101 {
		t.Errorf("the supervisor of %s follows %s: got %d, want 101", branch, point, status)
	}
	if _, status := dialFeed(t, s, "/ws/staff/sites/"+point, bearer(csup)); status != 403 {
		t.Errorf("the centre's supervisor follows %s: got %d, want 403", point, status)
	}
	// and GET /api/v1/sites/{point} is whole for the branch's supervisor, public for the other
	if !strings.Contains(string(getRaw(t, s, bsup, "/api/v1/sites/"+point)), `"officer"`) {
		t.Errorf("the branch's supervisor reads %s without officers", point)
	}
	if strings.Contains(string(getRaw(t, s, csup, "/api/v1/sites/"+point)), `"officer"`) {
		t.Errorf("the centre's supervisor reads %s with officers", point)
	}
}

// TestSinceReplayEqualsLive: on the public and the staff feed alike, a client that connects
// with since gets, byte for byte, the frames a client connected all along got.
func TestSinceReplayEqualsLive(t *testing.T) {
	s := testserver.Start(t)
	kiosk := s.Device(t, "centre", "kiosk", "")
	lan := s.User(t, "lan", queue.RoleOfficer, "centre")
	hoa := s.User(t, "hoa", queue.RoleOfficer, "centre")
	sup := s.User(t, "sup", queue.RoleSupervisor, "centre")
	feeds := map[string]http.Header{"/ws/sites/centre": nil, "/ws/staff/sites/centre": bearer(sup)}
	steady := map[string]*recorder{}
	var from string
	for path, h := range feeds {
		conn, _ := dialFeed(t, s, path, h)
		steady[path] = record(conn)
		snap := steady[path].until(t, "snapshot", func([]byte) bool { return true })
		var m struct{ ID string }
		json.Unmarshal(snap[0], &m)
		from = m.ID
	}
	busyDay(t, s, kiosk, lan, hoa)
	end := lastEvent(t, s, sup)
	for path, h := range feeds {
		live := steady[path].until(t, "of the last event", withID(end))[1:] // after the snapshot
		conn, _ := dialFeed(t, s, path+"?since="+from, h)
		replayed := record(conn).until(t, "of the last event, replayed", withID(end))
		if len(replayed) != len(live) {
			t.Fatalf("%s: %d frames replayed, %d live", path, len(replayed), len(live))
		}
		for i := range live {
			if !bytes.Equal(live[i], replayed[i]) {
				t.Fatalf("%s: frame %d live\n%s\nreplayed\n%s", path, i, live[i], replayed[i])
			}
		}
	}
}
