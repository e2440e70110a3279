package api_test

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	cdpbrowser "github.com/chromedp/cdproto/browser"
	"github.com/chromedp/chromedp"
	"golang.org/x/text/unicode/norm"

	"luot/server/archive"
	"luot/server/internal/browser"
	"luot/server/internal/testenv"
	"luot/server/internal/testserver"
	"luot/server/queue"
	"luot/server/report"
	"luot/server/report/reporttest"
	"luot/server/store"
)

// dialogOK is the primary button of the open dialog.
const dialogOK = `.dialog-buttons .btn:not(.secondary)`

// TestAdminManagement: an admin creates a user (a bad password is refused with a clear
// message and nothing is created), registers a display and sees its pairing address once,
// revokes it (its token stops working), opens a counter for the new officer from the site's
// detail, and reads the organisation.
func TestAdminManagement(t *testing.T) {
	s := testserver.Start(t)
	ctx := admSignIn(t, s, "quantri", queue.RoleAdmin, 1440, 900)

	admRun(t, ctx, "a bad password",
		admView(s, "users", "#users"),
		admOpens("#add-user", "#u-username"),
		chromedp.SendKeys("#u-username", "nguyenvanan", chromedp.ByQuery),
		chromedp.SendKeys("#u-full", "Nguyễn Văn An", chromedp.ByQuery),
		chromedp.SendKeys("#u-pass", "ngan", chromedp.ByQuery),
		chromedp.Click(`#u-sites input[value="centre"]`, chromedp.ByQuery),
		chromedp.Click(dialogOK, chromedp.ByQuery),
		admUntil(`document.querySelector(".dialog-error").textContent === "Mật khẩu phải có từ 8 đến 72 ký tự."`),
	)
	var users []store.User
	s.Do(t, login(t, s), "GET", "/api/v1/admin/users", nil, 200, &users)
	for _, u := range users {
		if u.Username == "nguyenvanan" {
			t.Fatal("a user was created with a bad password")
		}
	}
	browser.Screenshot(t, ctx, "admin-user-dialog")
	admRun(t, ctx, "a good one",
		chromedp.SendKeys("#u-pass", "-dai-hon-8", chromedp.ByQuery),
		chromedp.Click(dialogOK, chromedp.ByQuery),
		chromedp.WaitVisible(`tr[data-user="nguyenvanan"]`, chromedp.ByQuery),
	)
	if row := admText(t, ctx, `tr[data-user="nguyenvanan"]`); !strings.Contains(row, "Nguyễn Văn An") || !strings.Contains(row, "Trung tâm Thử Nghiệm") || !strings.Contains(row, "Cán bộ") {
		t.Errorf("the new user's row: %q", row)
	}
	var res struct{ Token string }
	s.Do(t, "", "POST", "/api/v1/auth/login", map[string]string{"username": "nguyenvanan", "password": "ngan-dai-hon-8"}, 200, &res)
	browser.Screenshot(t, ctx, "admin-users")

	var url, code string
	admRun(t, ctx, "register a display",
		admView(s, "devices", "#add-device"),
		admOpens("#add-device", "#d-name"),
		chromedp.SetValue("#d-kind", "display", chromedp.ByQuery),
		chromedp.SendKeys("#d-name", "Màn hình sảnh tầng 1", chromedp.ByQuery),
		chromedp.Click(dialogOK, chromedp.ByQuery),
		chromedp.WaitVisible("#pair-url", chromedp.ByQuery),
		chromedp.Text("#pair-url", &url, chromedp.ByQuery),
		chromedp.Text("#pair-code", &code, chromedp.ByQuery),
	)
	_, token, _ := strings.Cut(url, "#pair=")
	if !strings.HasPrefix(url, s.URL+"/display/#pair=d_") || len(code) != 7 || code[3] != ' ' {
		t.Errorf("pairing address %q, code %q (want six digits in two groups)", url, code)
	}
	s.Do(t, token, "GET", "/api/v1/devices/me", nil, 200, nil)
	browser.Screenshot(t, ctx, "admin-device-paired")
	admRun(t, ctx, "revoke it",
		chromedp.Click(".dialog-buttons .btn.secondary", chromedp.ByQuery),
		chromedp.WaitVisible(`#devices tr[data-device]`, chromedp.ByQuery),
		admOpens(`#devices tr[data-device] .btn.danger`, dialogOK),
		chromedp.Click(dialogOK, chromedp.ByQuery),
		admUntil(`!document.querySelector("#devices tr[data-device]")`),
	)
	s.Do(t, token, "GET", "/api/v1/devices/me", nil, 401, nil)

	admRun(t, ctx, "an unknown officer",
		admView(s, "site/centre", `.ctr[data-counter="q2"] .btn`),
		admOpens(`.ctr[data-counter="q2"] .btn`, ".dialog input"),
		chromedp.SendKeys(".dialog input", "khongco", chromedp.ByQuery),
		chromedp.Click(dialogOK, chromedp.ByQuery),
		admUntil(`document.querySelector(".dialog-error").textContent.includes("«khongco»: kiểm tra tên đăng nhập")`),
		chromedp.Click(".dialog-buttons .btn.secondary", chromedp.ByQuery),
		admUntil(`!document.querySelector(".dialog")`),
	)
	// the site view reloads on every event of the site (and once on its feed's snapshot): a
	// reload that shows the same leaves the nodes in place, so a click is never lost to one
	var kept string
	admRun(t, ctx, "paint the same again",
		chromedp.Evaluate(`import("/admin/util.js").then(({ paint }) => {
			const box = document.querySelector(".site");
			const button = box.querySelector('.ctr[data-counter="q2"] .btn');
			paint(box, ...[...box.children].map((n) => n.cloneNode(true)));
			const same = box.querySelector('.ctr[data-counter="q2"] .btn') === button;
			const changed = [...box.children].map((n) => n.cloneNode(true));
			changed[0].append("!");
			paint(box, ...changed);
			const replaced = !button.isConnected && box.firstElementChild.textContent.endsWith("!");
			return same + " " + replaced;
		})`, &kept, awaitPromise),
		chromedp.Reload(), // the clones have no listeners: the view as the page builds it
		chromedp.WaitVisible(`.ctr[data-counter="q2"] .btn`, chromedp.ByQuery),
	)
	if kept != "true true" {
		t.Errorf("the same content painted again kept its nodes, and a change replaced them: got %q, want \"true true\"", kept)
	}
	admRun(t, ctx, "open a counter for the officer",
		admOpens(`.ctr[data-counter="q2"] .btn`, ".dialog input"),
		chromedp.SendKeys(".dialog input", "nguyenvanan", chromedp.ByQuery),
		chromedp.Click(dialogOK, chromedp.ByQuery),
		admUntil(`document.querySelector('.ctr[data-counter="q2"]').classList.contains("open")`),
	)
	if tile := admText(t, ctx, `.ctr[data-counter="q2"]`); !strings.Contains(tile, "Nguyễn Văn An") || !strings.Contains(tile, "Đang mở") {
		t.Errorf("q2 after opening: %q", tile)
	}

	admRun(t, ctx, "the organisation",
		admView(s, "org", `details[data-site="centre"]`),
	)
	if tree := admText(t, ctx, ".tree"); !strings.Contains(tree, "Điểm tiếp nhận phường Một") || !strings.Contains(tree, "T2 07:30-11:30, 13:30-17:00") {
		t.Errorf("the organisation: %.400q", tree)
	}
	browser.Screenshot(t, ctx, "admin-org")

	// English on the toggle
	admRun(t, ctx, "English",
		chromedp.Click("#lang", chromedp.ByQuery),
		admUntil(`document.querySelector("nav a[data-route=board]").textContent === "Live board"`),
	)
}

// login returns a fresh admin token for API checks.
func login(t *testing.T, s *testserver.Server) string {
	t.Helper()
	return s.User(t, "checker", queue.RoleAdmin)
}

// TestProvinceBoard: the board lists all 101 sites of the shipped configuration, grouped by
// branch, live; a site's alert colour turns on when its longest wait passes its target; a
// click opens the site's detail with its counters, queues and officers.
func TestProvinceBoard(t *testing.T) {
	s := admBinhDuong(t)
	busy := reporttest.NewBusy(t, s.Env, time.Date(2026, 11, 23, 8, 0, 0, 0, testenv.Loc()),
		[]string{"tdm-hiep-thanh", "ta-lai-thieu", "bc-my-phuoc"}, []string{"dt-minh-hoa"}, []string{"pg-an-linh"})
	busy.Run(t, time.Date(2026, 11, 23, 9, 10, 0, 0, testenv.Loc()))
	t.Logf("busy morning: %s", busy)

	ctx := admSignIn(t, s, "lanhdao", queue.RoleAdmin, admBoardW, admBoardH)
	admRun(t, ctx, "the board",
		chromedp.WaitVisible(".groups .group", chromedp.ByQuery),
		admUntil(`document.querySelectorAll(".tile[data-site]").length === 101`),
	)
	if got := admCount(t, ctx, ".groups .group"); got != 9 {
		t.Errorf("got %d branch groups, want 9", got)
	}
	if got := admCount(t, ctx, ".tile.featured[data-site=ttpvhcc]"); got != 1 {
		t.Errorf("the centre is not featured (%d)", got)
	}
	if got := admCount(t, ctx, ".tile.head"); got != 9 {
		t.Errorf("got %d branch heads, want 9", got)
	}
	if got := admCount(t, ctx, ".tile.item"); got != 91 {
		t.Errorf("got %d reception points, want 91", got)
	}
	// the overloaded points have waited past their 30 minutes; the unstaffed ones have people
	// waiting with no counter open
	for _, id := range []string{"tdm-hiep-thanh", "ta-lai-thieu", "bc-my-phuoc"} {
		admRun(t, ctx, "red "+id, admUntil(`document.querySelector('.tile[data-site="`+id+`"]').classList.contains("alert-wait")`))
	}
	admRun(t, ctx, "red, unstaffed", admUntil(`document.querySelector('.tile[data-site="dt-minh-hoa"]').classList.contains("alert-wait")`))
	if !strings.Contains(admText(t, ctx, ".tile[data-site=ttpvhcc]"), "Trung tâm Phục vụ hành chính công tỉnh Bình Dương") {
		t.Errorf("the centre's tile: %q", admText(t, ctx, ".tile[data-site=ttpvhcc]"))
	}

	// an idle point: a citizen comes, and no counter is open to serve them (amber); then
	// their wait passes the target (red)
	site := "pg-an-linh"
	if got := admAttr(t, ctx, site); got != "none" {
		t.Fatalf("the idle %s has alert %q", site, got)
	}
	if _, err := s.Engine.Issue(context.Background(), testenv.Kiosk(site), site, s.Org.Site(site).Services[0], "", ""); err != nil {
		t.Fatal(err)
	}
	admRun(t, ctx, "amber", admUntil(`document.querySelector('.tile[data-site="`+site+`"]').dataset.alert === "unserved"`))
	var amber string
	admRun(t, ctx, "amber colour", chromedp.Evaluate(`getComputedStyle(document.querySelector('.tile[data-site="`+site+`"]')).backgroundColor`, &amber))
	if amber != "rgb(255, 243, 224)" {
		t.Errorf("the unserved alert's background: got %s, want the light amber rgb(255, 243, 224)", amber)
	}
	browser.Screenshot(t, ctx, "admin-board")
	s.Clock.Advance(31 * time.Minute) // no event: the board notices the time by itself
	admRun(t, ctx, "the alert turns on", admUntil(`document.querySelector('.tile[data-site="`+site+`"]').dataset.alert === "wait"`))
	var bg string
	admRun(t, ctx, "colour", chromedp.Evaluate(`getComputedStyle(document.querySelector('.tile[data-site="`+site+`"]')).backgroundColor`, &bg))
	if bg != "rgb(253, 232, 235)" {
		t.Errorf("the alert's background: got %s, want the light red rgb(253, 232, 235)", bg)
	}

	// the detail of the centre
	admRun(t, ctx, "open the centre",
		chromedp.Click(".tile.featured[data-site=ttpvhcc]", chromedp.ByQuery),
		chromedp.WaitVisible(".ctr", chromedp.ByQuery),
		admUntil(`document.querySelectorAll(".ctr").length === 16`),
	)
	if got := admCount(t, ctx, ".ctr.open"); got != 16 {
		t.Errorf("got %d open counters, want 16 (13, and 3 more for the services)", got)
	}
	officers := admText(t, ctx, ".cols")
	if !strings.Contains(officers, "Nguyễn Thị Lan") || !strings.Contains(officers, "Đất đai") {
		t.Errorf("the detail lacks officers' names or services: %.300q", officers)
	}
	browser.Screenshot(t, ctx, "admin-site")
}

func admAttr(t *testing.T, ctx context.Context, site string) string {
	t.Helper()
	var a string
	admRun(t, ctx, "alert of "+site, chromedp.Evaluate(`document.querySelector('.tile[data-site="`+site+`"]').dataset.alert`, &a))
	return a
}

// TestCancelWaitingInBrowser: on the site's detail (the shipped organisation's centre), a
// supervisor cancels the waiting tickets of one service after a confirmation that says what
// happens; the queue empties, the others stay, and the dialog's Cancel does nothing.
func TestCancelWaitingInBrowser(t *testing.T) {
	s := admBinhDuong(t)
	for _, svc := range []string{"dat-dai", "dat-dai", "dat-dai", "xay-dung"} {
		if _, err := s.Engine.Issue(context.Background(), queue.Actor{User: "admin", Role: queue.RoleAdmin}, "ttpvhcc", svc, "", ""); err != nil {
			t.Fatal(err)
		}
	}
	ctx := admSignIn(t, s, "giam-sat-tt", queue.RoleSupervisor, 1920, 1080, "ttpvhcc")
	admRun(t, ctx, "open the dialog and step back",
		chromedp.Navigate(s.URL+"/admin/#/site/ttpvhcc"),
		admUntil(`document.querySelectorAll(".ctr").length === 16`),
		admOpens(".panel-head .btn.danger", ".dialog select"),
		chromedp.Click(".dialog-buttons .btn.secondary", chromedp.ByQuery),
		chromedp.WaitNotPresent(".dialog", chromedp.ByQuery))
	if got := s.Engine.Org().Site("ttpvhcc"); got == nil {
		t.Fatal("no site")
	}
	admRun(t, ctx, "cancel the land queue",
		admOpens(".panel-head .btn.danger", ".dialog select"),
		chromedp.SetValue(".dialog select", "dat-dai", chromedp.ByQuery),
	)
	if got := admText(t, ctx, ".dialog"); !strings.Contains(got, "công dân phải lấy số mới") || !strings.Contains(got, "Tất cả lĩnh vực (4 số)") {
		t.Errorf("the confirmation says %q", got)
	}
	browser.Screenshot(t, ctx, "admin-cancel-waiting")
	admRun(t, ctx, "confirm",
		chromedp.Click(dialogOK, chromedp.ByQuery),
		admUntil(`(document.getElementById("toast")?.textContent || "") === "Đã hủy 3 số đang chờ."`))
	v, err := s.Engine.Site(context.Background(), "ttpvhcc")
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range v.Services {
		want := map[string]int{"xay-dung": 1}[q.ID]
		if q.Waiting != want {
			t.Errorf("%s waiting: got %d, want %d", q.ID, q.Waiting, want)
		}
	}
}

// TestReportInBrowser: a supervisor of the centre generates the report of a busy day (read
// from its rolled-up aggregates), sees the charts and the table with the API's figures, and
// downloads the PDF, whose text has the province's name and the figures in Vietnamese.
func TestReportInBrowser(t *testing.T) {
	s := admBinhDuong(t)
	var idle []string
	for _, site := range s.Org.Sites {
		if site.ID != "ttpvhcc" {
			idle = append(idle, site.ID)
		}
	}
	loc := testenv.Loc()
	busy := reporttest.NewBusy(t, s.Env, time.Date(2026, 11, 23, 7, 30, 0, 0, loc), nil, nil, idle)
	busy.Run(t, time.Date(2026, 11, 23, 17, 15, 0, 0, loc))
	t.Logf("busy day at the centre: %s", busy)

	s.Clock.Set(time.Date(2026, 11, 24, 8, 0, 0, 0, loc))
	job := &archive.Job{Store: s.Store, Org: s.Engine.Org, Clock: s.Clock, Dir: t.TempDir()}
	if _, err := job.Rollup(context.Background(), "2026-11-23"); err != nil {
		t.Fatal(err)
	}
	sup := s.User(t, "giamdoc", queue.RoleSupervisor, "ttpvhcc")
	var want report.Report
	s.Do(t, sup, "GET", "/api/v1/reports?site=ttpvhcc&from=2026-11-23&to=2026-11-23&by=service", nil, 200, &want)
	if want.Total.Issued < 300 || want.Total.Rated == 0 {
		t.Fatalf("a thin day: %+v", want.Total)
	}

	ctx := admSignIn(t, s, "giamdoc2", queue.RoleSupervisor, 1600, 1000, "ttpvhcc")
	downloads := t.TempDir()
	done := make(chan string, 4)
	chromedp.ListenTarget(ctx, func(ev any) {
		if e, ok := ev.(*cdpbrowser.EventDownloadProgress); ok && e.State == cdpbrowser.DownloadProgressStateCompleted {
			done <- e.GUID
		}
	})
	admRun(t, ctx, "the report",
		cdpbrowser.SetDownloadBehavior(cdpbrowser.SetDownloadBehaviorBehaviorAllowAndName).WithDownloadPath(downloads).WithEventsEnabled(true),
		admView(s, "reports", "#r-show"),
		chromedp.SetValue("#r-site", "ttpvhcc", chromedp.ByQuery),
		chromedp.SetValue("#r-from", "2026-11-23", chromedp.ByQuery),
		chromedp.SetValue("#r-to", "2026-11-23", chromedp.ByQuery),
		chromedp.SetValue("#r-by", "service", chromedp.ByQuery),
		chromedp.Click("#r-show", chromedp.ByQuery),
		admUntil(`document.querySelector("#report-table tr.total") && document.querySelector(".report-head h2").textContent.includes("23/11/2026")`),
		// the charts are drawn
		admUntil(`document.querySelector("#chart-arrivals").width > 0 && window.Chart && Chart.getChart("chart-arrivals") !== undefined`),
	)
	total := admText(t, ctx, "#report-table tr.total")
	for _, want := range []string{"Tổng cộng", fmt.Sprint(want.Total.Issued), fmt.Sprint(want.Total.Served),
		strings.Replace(fmt.Sprint(want.Total.WaitAvgMin), ".", ",", 1)} {
		if !strings.Contains(total, want) {
			t.Errorf("the total row %q lacks %q", total, want)
		}
	}
	if got := admCount(t, ctx, "#report-table tbody tr"); got != len(want.Rows)+1 {
		t.Errorf("got %d lines, want %d rows and the total", got, len(want.Rows))
	}
	var bars int
	admRun(t, ctx, "chart data", chromedp.Evaluate(`Chart.getChart("chart-arrivals").data.datasets[0].data.reduce((a, b) => a + b, 0)`, &bars))
	if bars != want.Total.Issued {
		t.Errorf("the arrivals chart sums to %d, want %d", bars, want.Total.Issued)
	}
	browser.Screenshot(t, ctx, "admin-report")

	admRun(t, ctx, "download the PDF", chromedp.Click("#x-pdf", chromedp.ByQuery))
	var guid string
	select {
	case guid = <-done:
	case <-time.After(admStep):
		t.Fatal("the PDF was not downloaded")
	}
	pdf, err := os.ReadFile(filepath.Join(downloads, guid))
	if err != nil || !bytes.HasPrefix(pdf, []byte("%PDF")) {
		t.Fatalf("the download is not a PDF (%v): %.20q", err, pdf)
	}
	path := filepath.Join(browser.Root(), "test-output", "reports", "downloaded-report.pdf")
	os.MkdirAll(filepath.Dir(path), 0o755)
	if err := os.WriteFile(path, pdf, 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("pdftotext", "-layout", path, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	text := norm.NFC.String(string(out))
	for _, w := range []string{"TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG TỈNH BÌNH DƯƠNG", "Từ ngày 23/11/2026 đến ngày 23/11/2026",
		"Đất đai", "Tổng cộng", "GIÁM ĐỐC", fmt.Sprint(want.Total.Issued)} {
		if !strings.Contains(text, w) {
			t.Errorf("the downloaded PDF lacks %q", w)
		}
	}
}

// The screen of the province board: a control room's 1920×1080.
const (
	admBoardW, admBoardH = 1920, 1080
	admStep              = 30 * time.Second // the longest one step of a test may take
)

// admBinhDuong starts the whole server on the shipped organisation (101 sites) at Monday 07:30.
func admBinhDuong(t *testing.T) *testserver.Server {
	t.Helper()
	env := testenv.NewWith(t, testserver.ShippedOrg(t))
	env.Clock.Set(time.Date(2026, 11, 23, 7, 30, 0, 0, testenv.Loc()))
	return testserver.StartWith(t, env)
}

// admSignIn opens the admin area in a fresh browser and signs in as a new user of role.
func admSignIn(t *testing.T, s *testserver.Server, name string, role queue.Role, w, h int, sites ...string) context.Context {
	t.Helper()
	return signedIn(t, s, name, role, sites, w, h, admStep, admLogin(s, name))
}

// admLogin opens the admin area and signs in as a user made by testserver.Server.User.
func admLogin(s *testserver.Server, name string) chromedp.Tasks {
	return logIn(s.URL+"/admin/", name, `#login-form button[type=submit]`, chromedp.WaitNotVisible("#login", chromedp.ByQuery))
}

// admRun runs browser actions within one step's time, failing with what was tried and what the
// page showed.
func admRun(t *testing.T, ctx context.Context, what string, actions ...chromedp.Action) {
	t.Helper()
	browser.Step(t, ctx, admStep, what, actions...)
}

// admView opens a view of the admin area (its route after "#/", e.g. "users") and waits until
// the element of ready shows.
func admView(s *testserver.Server, route, ready string) chromedp.Tasks {
	return chromedp.Tasks{chromedp.Navigate(s.URL + "/admin/#/" + route), chromedp.WaitVisible(ready, chromedp.ByQuery)}
}

// admOpens clicks a button that opens a dialog and waits until the dialog's field shows.
func admOpens(button, field string) chromedp.Tasks {
	return chromedp.Tasks{chromedp.Click(button, chromedp.ByQuery), chromedp.WaitVisible(field, chromedp.ByQuery)}
}

// admUntil waits until a JavaScript expression is true on the page.
func admUntil(expr string) chromedp.Action { return browser.Poll(expr, admStep) }

// admJS quotes a string for JavaScript.
func admJS(s string) string { return browser.Quote(s) }

// admCount reads how many elements match a selector.
func admCount(t *testing.T, ctx context.Context, sel string) int {
	t.Helper()
	var n int
	admRun(t, ctx, "count "+sel, chromedp.Evaluate(fmt.Sprintf(`document.querySelectorAll(%s).length`, admJS(sel)), &n))
	return n
}

// admText reads the text of the first element matching a selector.
func admText(t *testing.T, ctx context.Context, sel string) string {
	t.Helper()
	var s string
	admRun(t, ctx, "read "+sel, chromedp.Evaluate(fmt.Sprintf(`(document.querySelector(%s)?.innerText || "")`, admJS(sel)), &s))
	return s
}
