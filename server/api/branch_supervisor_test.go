package api_test

import (
	"net/http"
	"testing"

	"luot/config"
	"luot/server/internal/testenv"
	"luot/server/internal/testserver"
	"luot/server/queue"
)

// binhDuong starts the whole server on the shipped organisation, config/binhduong.yaml.
func binhDuong(t *testing.T) (*testserver.Server, *config.Org) {
	t.Helper()
	org := testserver.ShippedOrg(t)
	return testserver.StartWith(t, testenv.NewWith(t, org)), org
}

// call sends a request and returns its status, for tables of who may do what.
func call(t *testing.T, s *testserver.Server, token, method, path string, body any) int {
	t.Helper()
	status, _, _ := s.Send(t, token, method, path, body)
	return status
}

// TestBranchSupervisorManagesItsPoints: on the real organisation the supervisor of the Thủ
// Dầu Một branch manages the ward points under it as their own: pairs a kiosk there, gives
// it a pairing code, opens a counter there for the point's officer, acts on that counter,
// reads a ticket's history, lists and revokes the point's devices, reports on it. The
// supervisor of another branch (Thuận An) gets 403 for every one of those.
func TestBranchSupervisorManagesItsPoints(t *testing.T) {
	s, org := binhDuong(t)
	const branch, point, other = "cn-thu-dau-mot", "tdm-phu-cuong", "cn-thuan-an"
	if p := org.Site(point); p == nil || p.Parent != branch || org.Site(other) == nil || org.Site(other).Kind != config.KindBranch {
		t.Fatalf("binhduong.yaml changed: want %s under %s and a branch %s", point, branch, other)
	}
	mine := s.User(t, "gs-tdm", queue.RoleSupervisor, branch)
	theirs := s.User(t, "gs-ta", queue.RoleSupervisor, other)
	officer := s.User(t, "cb-phu-cuong", queue.RoleOfficer, point)
	kiosk := s.Device(t, point, "kiosk", "")
	tk := struct{ ID string }{}
	s.Do(t, kiosk, "POST", "/api/v1/sites/"+point+"/tickets", map[string]string{"service": "ho-tich"}, 201, &tk)

	// The other branch's supervisor first: every check refuses, and nothing changes.
	refused := []struct {
		what, method, path string
		body               any
	}{
		{"pair a kiosk", "POST", "/api/v1/admin/devices", map[string]string{"site": point, "kind": "kiosk", "name": "Máy lấy số 2"}},
		{"open a counter for an officer", "POST", "/api/v1/admin/sites/" + point + "/counters/q01", map[string]string{"officer": "cb-phu-cuong"}},
		{"open a counter itself", "POST", "/api/v1/sites/" + point + "/counters/q02/open", map[string]any{}},
		{"read the site's detail", "GET", "/api/v1/admin/sites/" + point, nil},
		{"read a ticket's history", "GET", "/api/v1/tickets/" + tk.ID + "/history", nil},
		{"report on the point", "GET", "/api/v1/reports?site=" + point, nil},
	}
	for _, r := range refused {
		if got := call(t, s, theirs, r.method, r.path, r.body); got != http.StatusForbidden {
			t.Errorf("the supervisor of %s may %s at %s: got %d, want 403", other, r.what, point, got)
		}
	}

	// The branch's own supervisor: everything goes.
	var dev struct {
		ID    string `json:"id"`
		Token string `json:"token"`
	}
	s.Do(t, mine, "POST", "/api/v1/admin/devices", map[string]string{"site": point, "kind": "kiosk", "name": "Máy lấy số sảnh"}, 201, &dev)
	var me struct{ Site, Kind string }
	s.Do(t, dev.Token, "GET", "/api/v1/devices/me", nil, 200, &me)
	if me.Site != point || me.Kind != "kiosk" {
		t.Errorf("the kiosk the branch's supervisor paired is %+v, want a kiosk of %s", me, point)
	}
	var opened struct {
		Counter struct {
			State   string  `json:"state"`
			Officer *string `json:"officer"`
		} `json:"counter"`
	}
	s.Do(t, mine, "POST", "/api/v1/admin/sites/"+point+"/counters/q01", map[string]string{"officer": "cb-phu-cuong"}, 200, &opened)
	if opened.Counter.State != "open" || opened.Counter.Officer == nil || *opened.Counter.Officer != "cb-phu-cuong" {
		t.Errorf("the counter opened for the officer is %+v", opened.Counter)
	}
	// the officer works at the counter the supervisor opened; the supervisor may act on it too
	s.Do(t, officer, "POST", "/api/v1/sites/"+point+"/counters/q01/next", map[string]any{}, 200, nil)
	s.Do(t, mine, "POST", "/api/v1/sites/"+point+"/counters/q01/finish", map[string]any{}, 200, nil)
	s.Do(t, mine, "GET", "/api/v1/tickets/"+tk.ID+"/history", nil, 200, nil)
	s.Do(t, mine, "GET", "/api/v1/admin/sites/"+point, nil, 200, nil)
	s.Do(t, mine, "GET", "/api/v1/reports?site="+point, nil, 200, nil)
	var devices []struct{ ID, Site string }
	s.Do(t, mine, "GET", "/api/v1/admin/devices", nil, 200, &devices)
	seen := 0
	for _, d := range devices {
		if d.Site != point {
			t.Errorf("the branch's supervisor lists a device of %s", d.Site)
		}
		seen++
	}
	if seen != 2 {
		t.Errorf("the branch's supervisor lists %d devices of %s, want 2 (the test's kiosk and theirs)", seen, point)
	}
	var theirList []struct{ ID string }
	s.Do(t, theirs, "GET", "/api/v1/admin/devices", nil, 200, &theirList)
	if len(theirList) != 0 {
		t.Errorf("the other branch's supervisor lists %d devices of %s, want none", len(theirList), point)
	}
	if got := call(t, s, theirs, "DELETE", "/api/v1/admin/devices/"+dev.ID, nil); got != http.StatusForbidden {
		t.Errorf("the other branch's supervisor revokes the kiosk: got %d, want 403", got)
	}
	s.Do(t, mine, "DELETE", "/api/v1/admin/devices/"+dev.ID, nil, 204, nil)
	if got := call(t, s, dev.Token, "GET", "/api/v1/devices/me", nil); got != http.StatusUnauthorized {
		t.Errorf("the revoked kiosk still answers: got %d, want 401", got)
	}
	// the centre's supervisor oversees the centre, not the province (the admins')
	centre := s.User(t, "gs-tt", queue.RoleSupervisor, org.Sites[0].ID)
	if got := call(t, s, centre, "POST", "/api/v1/admin/devices", map[string]string{"site": point, "kind": "display", "name": "TV"}); got != http.StatusForbidden {
		t.Errorf("the centre's supervisor pairs a display at %s: got %d, want 403", point, got)
	}
}
