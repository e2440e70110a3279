package api_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"luot/server/internal/browser"
	"luot/server/internal/testenv"
	"luot/server/queue"
	"luot/server/report/reporttest"
)

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
