package api_test

import (
	"testing"

	"github.com/chromedp/chromedp"

	"luot/server/internal/browser"
	"luot/server/internal/testserver"
	"luot/server/queue"
)

// TestPauseWithReason: P asks for a reason from the site's list; the pause shows on the desk
// and on the counter list of GET /api/v1/sites/{site}; N is refused with a plain reason; P
// resumes.
func TestPauseWithReason(t *testing.T) {
	s, kiosk := centreWithKiosk(t)
	lan := deskAt(t, s, "lan", "q1")
	deskIssue(t, s, kiosk, "dat-dai", "")
	deskRun(t, lan, "P opens the reasons of the site",
		deskKey("p"),
		chromedp.WaitVisible("#dlg-pause", chromedp.ByQuery),
		deskTextHas("#pause-choices", "Nghỉ giải lao"),
		deskTextHas("#pause-choices", "Hỗ trợ đồng nghiệp"),
	)
	deskRun(t, lan, "2 chooses Họp",
		deskKey("2"),
		chromedp.WaitNotVisible("#dlg-pause", chromedp.ByQuery),
		deskTextHas("#current h2", "Quầy đang tạm dừng"),
		deskTextIs("#current .reason", "Họp"),
		deskTextIs("#top-state", "Tạm dừng"),
	)
	deskRun(t, lan, "quiet", deskQuiet())
	browser.Screenshot(t, lan, "counter-paused")
	// the reason is the staff's to read (the public projection has none)
	sup := s.User(t, "sup", queue.RoleSupervisor, "centre")
	var site struct{ Counters []queue.Counter }
	s.Do(t, sup, "GET", "/api/v1/sites/centre", nil, 200, &site)
	if c := site.Counters[0]; c.ID != "q1" || c.State != queue.Paused || c.Reason != "meeting" {
		t.Fatalf("GET /sites/centre: got %s %s %q, want q1 paused for meeting", c.ID, c.State, c.Reason)
	}
	deskRun(t, lan, "N is refused while paused, in plain words",
		deskKey("n"),
		deskTextHas("#toast", "Quầy đang tạm dừng. Nhấn P để tiếp tục."),
	)
	deskRun(t, lan, "P resumes", deskKey("p"), deskTextIs("#top-state", "Đang mở"), deskTextHas("#current h2", "Chưa có số đang phục vụ"))
	var after struct{ Counters []queue.Counter }
	s.Do(t, sup, "GET", "/api/v1/sites/centre", nil, 200, &after)
	if c := after.Counters[0]; c.State != queue.Open || c.Reason != "" {
		t.Fatalf("after P: got %s %q, want open", c.State, c.Reason)
	}
}

// TestClosedBySupervisor: a supervisor closes the officer's counter; the desk says who did it
// and goes back to the choice of counters, and the counter is free there.
func TestClosedBySupervisor(t *testing.T) {
	s := testserver.Start(t)
	sup := s.User(t, "sup", queue.RoleSupervisor, "centre")
	lan := deskAt(t, s, "lan", "q1")
	s.Do(t, sup, "POST", "/api/v1/sites/centre/counters/q1/close", nil, 200, nil)
	deskRun(t, lan, "the desk says so and shows the counters",
		chromedp.WaitVisible("#screen-pick", chromedp.ByQuery),
		deskTextHas("#pick-notice", "Quầy 1 đã được đóng bởi sup"),
		deskTextHas(`#pick-list [data-counter="q1"]`, "Trống"),
	)
}

// TestSessionExpired: when the session ends (expired or revoked), the next action shows the
// sign-in form saying so, not an error.
func TestSessionExpired(t *testing.T) {
	s := testserver.Start(t)
	lan := deskAt(t, s, "lan", "q1")
	ctx := t.Context()
	// sessions are kept in their token's group, luot:{auth:<tag>}: (store/keys.go)
	keys, err := s.Store.Client().Keys(ctx, "luot:{auth:*}:session:*").Result()
	if err != nil || len(keys) == 0 {
		t.Fatalf("sessions: %v %v", keys, err)
	}
	if err := s.Store.Client().Del(ctx, keys...).Err(); err != nil {
		t.Fatal(err)
	}
	deskRun(t, lan, "N shows the sign-in form with the reason",
		deskKey("n"),
		chromedp.WaitVisible("#screen-login", chromedp.ByQuery),
		deskTextHas("#login-notice", "Phiên làm việc đã hết hạn, vui lòng đăng nhập lại."),
	)
	browser.Screenshot(t, lan, "counter-login-expired")
	deskRun(t, lan, "signing in again returns to the counter, still open",
		chromedp.SendKeys("#login-pass", "lan-pass", chromedp.ByQuery),
		chromedp.Click("#login-go", chromedp.ByQuery),
		chromedp.WaitVisible("#screen-desk", chromedp.ByQuery),
		deskTextIs("#top-cname", "Quầy 1"),
	)
}

// TestLogoutClosesCounter: signing out closes the counter (after a confirmation, Enter) and
// shows the sign-in form; the counter is closed for everyone.
func TestLogoutClosesCounter(t *testing.T) {
	s := testserver.Start(t)
	lan := deskAt(t, s, "lan", "q4")
	deskRun(t, lan, "sign out",
		chromedp.Click("#btn-logout", chromedp.ByQuery),
		chromedp.WaitVisible("#dlg-confirm", chromedp.ByQuery),
		deskTextHas("#confirm-title", "Đóng quầy và đăng xuất?"),
		deskKey("\r"),
		chromedp.WaitVisible("#screen-login", chromedp.ByQuery),
	)
	var site struct{ Counters []queue.Counter }
	s.Do(t, s.User(t, "sup", queue.RoleSupervisor, "centre"), "GET", "/api/v1/sites/centre", nil, 200, &site)
	if c := site.Counters[3]; c.ID != "q4" || c.State != queue.Closed || c.Officer != nil {
		t.Fatalf("after signing out: got %s %s held by %v, want q4 closed by nobody", c.ID, c.State, c.Officer)
	}
	var js string
	deskRun(t, lan, "the session is gone", chromedp.Evaluate(`fetch("/api/v1/auth/me").then((r) => String(r.status))`, &js, awaitPromise))
	if js != "401" {
		t.Fatalf("GET /auth/me after signing out: got %s, want 401", js)
	}
}
