package api_test

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"luot/server/internal/browser"
	"luot/server/internal/testserver"
	"luot/server/queue"
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
		chromedp.Navigate(s.URL+"/admin/#/users"),
		chromedp.WaitVisible("#users", chromedp.ByQuery),
		chromedp.Click("#add-user", chromedp.ByQuery),
		chromedp.WaitVisible("#u-username", chromedp.ByQuery),
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
		chromedp.Navigate(s.URL+"/admin/#/devices"),
		chromedp.WaitVisible("#add-device", chromedp.ByQuery),
		chromedp.Click("#add-device", chromedp.ByQuery),
		chromedp.WaitVisible("#d-name", chromedp.ByQuery),
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
		chromedp.Click(`#devices tr[data-device] .btn.danger`, chromedp.ByQuery),
		chromedp.WaitVisible(dialogOK, chromedp.ByQuery),
		chromedp.Click(dialogOK, chromedp.ByQuery),
		admUntil(`!document.querySelector("#devices tr[data-device]")`),
	)
	s.Do(t, token, "GET", "/api/v1/devices/me", nil, 401, nil)

	admRun(t, ctx, "an unknown officer",
		chromedp.Navigate(s.URL+"/admin/#/site/centre"),
		chromedp.WaitVisible(`.ctr[data-counter="q2"] .btn`, chromedp.ByQuery),
		chromedp.Click(`.ctr[data-counter="q2"] .btn`, chromedp.ByQuery),
		chromedp.WaitVisible(".dialog input", chromedp.ByQuery),
		chromedp.SendKeys(".dialog input", "khongco", chromedp.ByQuery),
		chromedp.Click(dialogOK, chromedp.ByQuery),
		admUntil(`document.querySelector(".dialog-error").textContent.includes("«khongco»: kiểm tra tên đăng nhập")`),
		chromedp.Click(".dialog-buttons .btn.secondary", chromedp.ByQuery),
		admUntil(`!document.querySelector(".dialog")`),
	)
	admRun(t, ctx, "open a counter for the officer",
		chromedp.Click(`.ctr[data-counter="q2"] .btn`, chromedp.ByQuery),
		chromedp.WaitVisible(".dialog input", chromedp.ByQuery),
		chromedp.SendKeys(".dialog input", "nguyenvanan", chromedp.ByQuery),
		chromedp.Click(dialogOK, chromedp.ByQuery),
		admUntil(`document.querySelector('.ctr[data-counter="q2"]').classList.contains("open")`),
	)
	if tile := admText(t, ctx, `.ctr[data-counter="q2"]`); !strings.Contains(tile, "Nguyễn Văn An") || !strings.Contains(tile, "Đang mở") {
		t.Errorf("q2 after opening: %q", tile)
	}

	admRun(t, ctx, "the organisation",
		chromedp.Navigate(s.URL+"/admin/#/org"),
		chromedp.WaitVisible(`details[data-site="centre"]`, chromedp.ByQuery),
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
