package api_test

import (
	"context"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"luot/server/internal/browser"
	"luot/server/queue"
)

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
		chromedp.Click(".panel-head .btn.danger", chromedp.ByQuery),
		chromedp.WaitVisible(".dialog select", chromedp.ByQuery),
		chromedp.Click(".dialog-buttons .btn.secondary", chromedp.ByQuery),
		chromedp.WaitNotPresent(".dialog", chromedp.ByQuery))
	if got := s.Engine.Org().Site("ttpvhcc"); got == nil {
		t.Fatal("no site")
	}
	admRun(t, ctx, "cancel the land queue",
		chromedp.Click(".panel-head .btn.danger", chromedp.ByQuery),
		chromedp.WaitVisible(".dialog select", chromedp.ByQuery),
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
