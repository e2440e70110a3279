package api_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/fasthttp/websocket"

	"luot/server/internal/testenv"
	"luot/server/internal/testserver"
	"luot/server/queue"
	"luot/server/report"
	"luot/server/report/reporttest"
)

// get sends a GET with a bearer token and returns the status, the headers and the body.
func get(t *testing.T, s *testserver.Server, token, path string) (int, http.Header, []byte) {
	t.Helper()
	return s.Send(t, token, "GET", path, nil)
}

// errorCode decodes the contract's error body.
func errorCode(t *testing.T, body []byte) string {
	t.Helper()
	var e struct {
		Error struct{ Code, Message string }
	}
	if err := json.Unmarshal(body, &e); err != nil || e.Error.Message == "" {
		t.Fatalf("not an error body: %s", body)
	}
	return e.Error.Code
}

// refused is a GET the API must refuse: who asks (a token; "" for nobody), the path, and the
// status and error code of its answer.
type refused struct {
	token, path string
	status      int
	code        string
}

// checkRefused sends each GET and checks that it is refused as said, with the contract's
// error body (a code and a message).
func checkRefused(t *testing.T, s *testserver.Server, cases []refused) {
	t.Helper()
	for _, c := range cases {
		status, _, body := get(t, s, c.token, c.path)
		if status != c.status || errorCode(t, body) != c.code {
			t.Errorf("%s: got %d %s, want %d %s", c.path, status, body, c.status, c.code)
		}
	}
}

func TestReportsAPI(t *testing.T) {
	s := testserver.Start(t)
	reporttest.Scripted(t, s.Env)
	admin := s.User(t, "boss", queue.RoleAdmin)
	supPoint := s.User(t, "sup-point", queue.RoleSupervisor, "point")
	supCentre := s.User(t, "sup-centre", queue.RoleSupervisor, "centre")
	officer := s.User(t, "o9", queue.RoleOfficer, "centre")

	var r report.Report
	s.Do(t, admin, "GET", "/api/v1/reports?site=centre&from=2026-11-23&to=2026-11-23&by=service", nil, 200, &r)
	want := reporttest.Cases[0]
	if got := reporttest.Of(r.Total); got != want.Total {
		t.Errorf("total:\n got %+v\nwant %+v", got, want.Total)
	}
	if len(r.Rows) != 3 || reporttest.Of(r.Rows[0]) != want.Want[0] || r.Site != "centre" || r.By != "service" {
		t.Errorf("rows: got %+v", r.Rows)
	}
	// a site's supervisor reads their site; the province is for admins
	s.Do(t, supPoint, "GET", "/api/v1/reports?site=point&from=2026-11-23&to=2026-11-23&by=officer", nil, 200, &r)
	if len(r.Rows) != 1 || r.Rows[0].Key != "op" || reporttest.Of(r.Total) != reporttest.PointDay {
		t.Errorf("point by officer: got %+v", r.Rows)
	}
	s.Do(t, supCentre, "GET", "/api/v1/reports?site=centre&from=2026-11-23&to=2026-11-23&by=counter", nil, 200, &r)
	if len(r.Rows) != 3 || r.Rows[0].Key != "q1" || reporttest.Of(r.Total) != reporttest.CentreDay {
		t.Errorf("centre by counter: got %+v", r.Rows)
	}
	s.Do(t, admin, "GET", "/api/v1/reports?from=2026-11-23&to=2026-11-23&by=site", nil, 200, &r)
	if reporttest.Of(r.Total) != reporttest.Province || len(r.Rows) != 2 || r.Sites != 2 {
		t.Errorf("province: got %+v", r)
	}

	checkRefused(t, s, []refused{
		{"", "/api/v1/reports?site=point", 401, "unauthorized"},
		{officer, "/api/v1/reports?site=centre", 403, "forbidden"},
		{supPoint, "/api/v1/reports?site=centre", 403, "forbidden"},
		{supCentre, "/api/v1/reports?site=point", 403, "forbidden"}, // the centre's supervisor is not the province's
		{supPoint, "/api/v1/reports?", 403, "forbidden"},
		{supCentre, "/api/v1/reports?", 403, "forbidden"},
		{admin, "/api/v1/reports?site=nowhere", 404, "not_found"},
		{admin, "/api/v1/reports?site=centre&by=week", 400, "bad_request"},
		{admin, "/api/v1/reports?site=centre&format=docx", 400, "bad_request"},
		{admin, "/api/v1/reports?site=centre&from=2026-11-31", 400, "bad_request"},
		{admin, "/api/v1/reports?site=centre&from=2026-11-24&to=2026-11-23", 400, "bad_request"},
		{admin, "/api/v1/reports?site=centre&from=2020-01-01&to=2026-11-23", 400, "bad_request"},
		{admin, "/api/v1/reports?site=%00", 404, "not_found"},
	})

	for _, tc := range []struct{ format, mime, start string }{
		{"csv", "text/csv; charset=utf-8", "\ufeffMã,Tên"},
		{"xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "PK"},
		{"pdf", "application/pdf", "%PDF"},
	} {
		status, h, body := get(t, s, supPoint, "/api/v1/reports?site=point&from=2026-11-23&to=2026-11-23&format="+tc.format)
		if status != 200 || h.Get("Content-Type") != tc.mime || !strings.HasPrefix(string(body), tc.start) {
			t.Errorf("%s: got %d %s %.20q", tc.format, status, h.Get("Content-Type"), body)
		}
		wantFile := `attachment; filename="bao-cao_point_2026-11-23_2026-11-23_theo-service.` + tc.format + `"`
		if got := h.Get("Content-Disposition"); got != wantFile {
			t.Errorf("%s: got %s, want %s", tc.format, got, wantFile)
		}
	}
	_, _, body := get(t, s, admin, "/api/v1/reports?site=point&from=2026-11-23&to=2026-11-23&format=csv&lang=en")
	if !strings.HasPrefix(string(body), "\ufeffKey,Name,Issued") {
		t.Errorf("English CSV: got %.40q", body)
	}
}

// boardResponse is GET /api/v1/board.
type boardResponse struct {
	Sites []struct {
		ID             string
		Waiting        int
		LongestWaitMin int `json:"longest_wait_min"`
		Open           int `json:"counters_open"`
		Closed         int `json:"counters_closed"`
		IssuedToday    int `json:"issued_today"`
		Target         int `json:"wait_target_min"`
		Alert          string
		Unserved       []string
	}
}

func TestBoardAPI(t *testing.T) {
	s := testserver.Start(t)
	admin := s.User(t, "boss", queue.RoleAdmin)
	supPoint := s.User(t, "sup-point", queue.RoleSupervisor, "point")
	officer := s.User(t, "o9", queue.RoleOfficer, "centre")
	ctx := context.Background()
	e := s.Engine
	o := testenv.Officer("o1", "centre")
	if _, err := e.Open(ctx, o, "centre", "q1", nil); err != nil {
		t.Fatal(err)
	}
	for _, svc := range []string{"dat-dai", "dat-dai", "ho-tich"} {
		if _, err := e.Issue(ctx, testenv.Kiosk("centre"), "centre", svc, "", ""); err != nil {
			t.Fatal(err)
		}
	}
	var b boardResponse
	s.Do(t, admin, "GET", "/api/v1/board", nil, 200, &b)
	if len(b.Sites) != 2 || b.Sites[0].ID != "centre" {
		t.Fatalf("got %+v", b)
	}
	c := b.Sites[0]
	// ho-tich waits with no open counter serving it (q1 serves dat-dai only)
	if c.Waiting != 3 || c.IssuedToday != 3 || c.Open != 1 || c.Closed != 3 || c.Alert != "unserved" ||
		strings.Join(c.Unserved, ",") != "ho-tich" || c.LongestWaitMin != 0 || c.Target != 30 {
		t.Errorf("centre: got %+v", c)
	}
	s.Clock.Advance(31 * time.Minute)
	s.Do(t, admin, "GET", "/api/v1/board", nil, 200, &b)
	if c := b.Sites[0]; c.Alert != "wait" || c.LongestWaitMin != 31 {
		t.Errorf("after 31 minutes: got %+v", c)
	}
	if p := b.Sites[1]; p.ID != "point" || p.Alert != "" || p.Waiting != 0 {
		t.Errorf("point: got %+v", p)
	}
	s.Do(t, supPoint, "GET", "/api/v1/board", nil, 200, &b)
	if len(b.Sites) != 1 || b.Sites[0].ID != "point" {
		t.Errorf("a point's supervisor sees %+v", b.Sites)
	}
	s.Do(t, officer, "GET", "/api/v1/board", nil, 403, nil)
	s.Do(t, "", "GET", "/api/v1/board", nil, 401, nil)
}

// TestBoardLive: the live board sends every site, then a site's row when its events arrive.
func TestBoardLive(t *testing.T) {
	s := testserver.Start(t)
	admin := s.User(t, "boss", queue.RoleAdmin)
	url := strings.Replace(s.URL, "http://", "ws://", 1) + "/ws/board"
	if _, res, err := websocket.DefaultDialer.Dial(url, nil); err == nil || res == nil || res.StatusCode != 401 {
		t.Fatalf("anonymous: got %v", res)
	}
	evil := http.Header{"Authorization": {"Bearer " + admin}, "Origin": {"http://evil.example"}}
	if _, res, err := websocket.DefaultDialer.Dial(url, evil); err == nil || res == nil || res.StatusCode != 403 {
		t.Fatalf("another origin: got %v", res)
	}
	conn, _, err := websocket.DefaultDialer.Dial(url, http.Header{"Authorization": {"Bearer " + admin}})
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	type msg struct {
		Type  string
		Sites []struct {
			ID      string
			Waiting int
			Alert   string
		}
	}
	next := func() msg {
		t.Helper()
		return readFrame[msg](t, conn, 10*time.Second)
	}
	if m := next(); m.Type != "board" || len(m.Sites) != 2 || m.Sites[1].ID != "point" {
		t.Fatalf("first frame: got %+v", m)
	}
	if _, err := s.Engine.Issue(context.Background(), testenv.Kiosk("point"), "point", "ho-tich", "", ""); err != nil {
		t.Fatal(err)
	}
	m := next()
	if m.Type != "update" || len(m.Sites) != 1 || m.Sites[0].ID != "point" || m.Sites[0].Waiting != 1 || m.Sites[0].Alert != "unserved" {
		t.Fatalf("update: got %+v", m)
	}
}

func TestSiteDetailAndCounters(t *testing.T) {
	s := testserver.Start(t)
	reporttest.Scripted(t, s.Env)
	sup := s.User(t, "sup", queue.RoleSupervisor, "centre")
	supPoint := s.User(t, "sup-point", queue.RoleSupervisor, "point")
	s.User(t, "o4", queue.RoleOfficer, "centre")
	s.User(t, "o5", queue.RoleOfficer, "point")

	var d struct {
		Site struct {
			Counters []queue.Counter
		}
		Board struct{ Waiting int }
		Today struct {
			Total   report.Row
			Officer []report.Row
			Service []report.Row
		}
	}
	s.Do(t, sup, "GET", "/api/v1/admin/sites/centre", nil, 200, &d)
	// the centre alone, without the point under it
	if d.Today.Total.Issued != 7 || d.Board.Waiting != 1 || len(d.Today.Officer) != 3 || d.Today.Officer[0].Key != "o1" {
		t.Errorf("detail: got total %+v, board %+v, officers %+v", d.Today.Total, d.Board, d.Today.Officer)
	}
	if q1 := d.Site.Counters[0]; q1.State != queue.Open || q1.Officer == nil || *q1.Officer != "o1" {
		t.Errorf("q1: got %+v", q1)
	}

	path := "/api/v1/admin/sites/centre/counters/q4"
	var res struct{ Counter queue.Counter }
	s.Do(t, sup, "POST", path, map[string]any{"state": "open", "officer": "o4"}, 200, &res)
	if res.Counter.State != queue.Open || *res.Counter.Officer != "o4" || strings.Join(res.Counter.Services, ",") != "doanh-nghiep,dat-dai" {
		t.Errorf("opened: got %+v", res.Counter)
	}
	s.Do(t, sup, "POST", path, map[string]any{"services": []string{"doanh-nghiep"}}, 200, &res)
	if strings.Join(res.Counter.Services, ",") != "doanh-nghiep" || *res.Counter.Officer != "o4" {
		t.Errorf("services today: got %+v", res.Counter)
	}
	// the officer then takes the counter as it is
	o4 := testenv.Officer("o4", "centre")
	c, err := s.Engine.Next(context.Background(), o4, "centre", "q4")
	if err != nil || c.Ticket == nil || c.Ticket.Service != "doanh-nghiep" {
		t.Fatalf("o4 calls: got %+v, %v", c, err)
	}

	for _, tc := range []struct {
		token, path string
		body        map[string]any
		status      int
	}{
		{sup, path, map[string]any{"state": "open", "officer": "o1"}, 409},                    // held by o4
		{sup, "/api/v1/admin/sites/centre/counters/q2", map[string]any{"officer": "o5"}, 400}, // o5 works at the point
		{sup, "/api/v1/admin/sites/centre/counters/q2", map[string]any{"officer": "nobody"}, 400},
		{sup, "/api/v1/admin/sites/centre/counters/q2", map[string]any{}, 400},
		{sup, "/api/v1/admin/sites/centre/counters/q2", map[string]any{"state": "paused"}, 400},
		{sup, "/api/v1/admin/sites/centre/counters/q2", map[string]any{"officer": "o4", "services": []string{"dat-dai", "dat-dai"}}, 400},
		{sup, "/api/v1/admin/sites/centre/counters/q2", map[string]any{"officer": "o4", "services": []string{"y-te"}}, 400},
		{sup, "/api/v1/admin/sites/centre/counters/q2", map[string]any{"officer": 7}, 400},
		{sup, "/api/v1/admin/sites/centre/counters/q9", map[string]any{"state": "closed"}, 404},
		{supPoint, path, map[string]any{"state": "closed"}, 403},
		{sup, "/api/v1/admin/sites/point/counters/p1", map[string]any{"state": "closed"}, 403}, // another site
		{"", path, map[string]any{"state": "closed"}, 401},
	} {
		s.Do(t, tc.token, "POST", tc.path, tc.body, tc.status, nil)
	}
	s.Do(t, sup, "GET", "/api/v1/admin/sites/centre", nil, 200, &d)
	if q4 := d.Site.Counters[3]; q4.State != queue.Open || *q4.Officer != "o4" || q4.OfficerName != "Cán bộ o4" {
		t.Errorf("after refused changes: q4 %+v", q4)
	}
	s.Do(t, sup, "POST", path, map[string]any{"state": "closed"}, 200, &res)
	if res.Counter.State != queue.Closed || res.Counter.Officer != nil {
		t.Errorf("closed: got %+v", res.Counter)
	}
	s.Do(t, supPoint, "GET", "/api/v1/admin/sites/centre", nil, 403, nil)
	s.Do(t, sup, "GET", "/api/v1/admin/sites/nowhere", nil, 404, nil)
}

func TestOrgRollupAndPublic(t *testing.T) {
	s := testserver.Start(t)
	s.API.Settings.ArchiveDir = t.TempDir() // before any request
	reporttest.Scripted(t, s.Env)
	admin := s.User(t, "boss", queue.RoleAdmin)
	sup := s.User(t, "sup", queue.RoleSupervisor, "point")

	var org struct {
		Name  string
		Sites []struct {
			ID       string
			Counters []struct{ ID string }
			Hours    map[string][]string
		}
		Reload bool
	}
	s.Do(t, sup, "GET", "/api/v1/admin/org", nil, 200, &org)
	if len(org.Sites) != 1 || org.Sites[0].ID != "point" || org.Reload || strings.Join(org.Sites[0].Hours["mon"], " ") != "07:30-11:30 13:30-17:00" {
		t.Errorf("a point's supervisor: got %+v", org)
	}
	s.Do(t, admin, "GET", "/api/v1/admin/org", nil, 200, &org)
	if len(org.Sites) != 2 || len(org.Sites[0].Counters) != 4 {
		t.Errorf("admin: got %+v", org)
	}

	var pub struct {
		Name      string
		Today     struct{ Issued, Served int }
		ThisMonth struct {
			Issued          int
			WaitAvgMin      float64 `json:"wait_avg_min"`
			SatisfactionPct float64 `json:"satisfaction_pct"`
		} `json:"this_month"`
		Sites []struct {
			ID      string
			Waiting int
			Today   struct {
				WaitAvgMin float64 `json:"wait_avg_min"`
			}
			Month struct {
				SatisfactionPct float64 `json:"satisfaction_pct"`
			}
		}
	}
	s.Do(t, "", "GET", "/api/v1/public/sites", nil, 200, &pub)
	if pub.Today.Issued != 9 || pub.ThisMonth.Issued != 9 || pub.ThisMonth.WaitAvgMin != 8.9 || pub.ThisMonth.SatisfactionPct != 80 {
		t.Errorf("province: got %+v", pub)
	}
	if len(pub.Sites) != 2 || pub.Sites[0].Waiting != 1 || pub.Sites[0].Today.WaitAvgMin != 7.6 || pub.Sites[1].Month.SatisfactionPct != 100 {
		t.Errorf("sites: got %+v", pub.Sites)
	}

	s.Do(t, sup, "POST", "/api/v1/admin/rollup", map[string]string{"day": "2026-11-22"}, 403, nil)
	s.Do(t, admin, "POST", "/api/v1/admin/rollup", map[string]string{"day": reporttest.Day}, 409, nil) // not over
	s.Do(t, admin, "POST", "/api/v1/admin/rollup", map[string]string{"day": "22/11/2026"}, 400, nil)
	s.Do(t, admin, "POST", "/api/v1/admin/rollup", map[string]any{"day": 20261122}, 400, nil)
	s.Clock.Set(time.Date(2026, 11, 24, 9, 0, 0, 0, testenv.Loc()))
	var res struct {
		Day     string
		Tickets int
		File    string
	}
	s.Do(t, admin, "POST", "/api/v1/admin/rollup", nil, 200, &res) // yesterday by default
	if res.Day != reporttest.Day || res.Tickets != 9 || !strings.HasSuffix(res.File, "2026-11-23.jsonl.gz") {
		t.Errorf("rollup: got %+v", res)
	}
	var r report.Report
	s.Do(t, admin, "GET", fmt.Sprintf("/api/v1/reports?from=%s&to=%s", reporttest.Day, reporttest.Day), nil, 200, &r)
	if reporttest.Of(r.Total) != reporttest.Province {
		t.Errorf("rolled-up report: got %+v", reporttest.Of(r.Total))
	}
}

// TestBranchSupervisor: a branch's supervisor watches, reports on and manages the branch and
// the points under it, not the centre above it.
func TestBranchSupervisor(t *testing.T) {
	s := testserver.StartWith(t, testenv.NewWith(t, reporttest.BranchOrg(t)))
	reporttest.Scripted(t, s.Env)
	sup := s.User(t, "sup-branch", queue.RoleSupervisor, "branch")
	var b boardResponse
	s.Do(t, sup, "GET", "/api/v1/board", nil, 200, &b)
	if len(b.Sites) != 2 || b.Sites[0].ID != "point" || b.Sites[1].ID != "branch" {
		t.Errorf("board: got %+v", b.Sites)
	}
	var r report.Report
	s.Do(t, sup, "GET", "/api/v1/reports?site=branch&from=2026-11-23&to=2026-11-23&by=site", nil, 200, &r)
	if len(r.Rows) != 2 || reporttest.Of(r.Total) != reporttest.PointDay {
		t.Errorf("branch report: got %+v", r.Rows)
	}
	s.Do(t, sup, "GET", "/api/v1/reports?site=point", nil, 200, nil)
	s.Do(t, sup, "GET", "/api/v1/admin/sites/point", nil, 200, nil)
	s.Do(t, sup, "GET", "/api/v1/reports?site=centre", nil, 403, nil)
	s.Do(t, sup, "GET", "/api/v1/admin/sites/centre", nil, 403, nil)
	// the branch's supervisor manages the points under it as well (issue 11), not the centre
	s.Do(t, sup, "POST", "/api/v1/admin/sites/point/counters/p1", map[string]any{"state": "closed"}, 200, nil)
	s.Do(t, sup, "POST", "/api/v1/admin/sites/centre/counters/q1", map[string]any{"state": "closed"}, 403, nil)
}
