package api_test

import (
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"luot/server/internal/browser"
	"luot/server/internal/testenv"
	"luot/server/report/reporttest"
)

// TestPublicPage: the transparency page, without login, shows the province's figures and
// every site's, the same as the API, on a desktop and on a phone, and finds a commune.
func TestPublicPage(t *testing.T) {
	s := admBinhDuong(t)
	busy := reporttest.NewBusy(t, s.Env, time.Date(2026, 11, 23, 7, 30, 0, 0, testenv.Loc()),
		[]string{"tdm-hiep-thanh"}, nil, nil)
	busy.Run(t, time.Date(2026, 11, 23, 8, 45, 0, 0, testenv.Loc()))
	var pub struct {
		Sites []struct {
			ID      string
			Waiting int
		}
	}
	s.Do(t, "", "GET", "/api/v1/public/sites", nil, 200, &pub)

	for _, screen := range []struct {
		name string
		w, h int
	}{{"public", 1440, 1000}, {"public-phone", 390, 844}} {
		ctx := browser.New(t, screen.w, screen.h)
		admRun(t, ctx, "the page",
			chromedp.Navigate(s.URL+"/public/"),
			admUntil(`document.querySelectorAll("article.site").length === 101`),
		)
		for _, site := range pub.Sites[:12] {
			got := admText(t, ctx, `article.site[data-site="`+site.ID+`"] .fig.big b`)
			if got != strconv.Itoa(site.Waiting) {
				t.Errorf("%s: %s waiting: got %q, want %d", screen.name, site.ID, got, site.Waiting)
			}
		}
		if totals := admText(t, ctx, "#totals"); !strings.Contains(totals, "Số đã phát hôm nay") || !strings.Contains(totals, "phút") {
			t.Errorf("%s: totals %q", screen.name, totals)
		}
		browser.Screenshot(t, ctx, screen.name)
		admRun(t, ctx, "search",
			chromedp.SendKeys("#q", "phu cuong", chromedp.ByQuery), // without diacritics, as people type
			admUntil(`document.querySelectorAll("article.site").length === 1`),
		)
		if got := admText(t, ctx, "article.site h3"); got != "Điểm tiếp nhận phường Phú Cường" {
			t.Errorf("%s: search found %q", screen.name, got)
		}
	}
}
