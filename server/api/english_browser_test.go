package api_test

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"unicode"

	"github.com/chromedp/chromedp"
	"golang.org/x/text/unicode/norm"

	"luot/config"
	"luot/server/internal/browser"
	"luot/server/internal/testserver"
	"luot/server/queue"
)

// officerNames are the people of the English tests: their names are data, shown as written.
var officerNames = map[string]string{
	"an": "Nguyễn Văn An", "binh": "Trần Thị Bình", "cuong": "Lê Quốc Cường", "dung": "Phạm Thị Dung",
	"quantri": "Võ Minh Quân",
}

// properWords are the words English pages may write with Vietnamese letters: the proper
// names of the organisation file (its English names keep them: "Bình Dương … Center"; its
// postal addresses), the people's names, the product's name and "Tiếng Việt", the toggle
// back to Vietnamese. NFD, as the page compares.
func properWords(org *config.Org) []string {
	var names []string
	names = append(names, org.NameEn, "Tiếng Việt", "Lượt") // the product's name too
	for _, s := range org.Sites {
		names = append(names, s.NameEn, s.Address) // an address is written as the post writes it
	}
	for _, n := range officerNames {
		names = append(names, n)
	}
	var out []string
	for _, n := range names {
		out = append(out, strings.FieldsFunc(norm.NFD.String(n), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsMark(r) })...)
	}
	return out
}

// vietnameseOnly lists the visible text of the page that has a word in Vietnamese letters
// (a tone mark, a breve or horn, đ) that is not one of allowed: what an English page left
// untranslated.
func vietnameseOnly(t *testing.T, ctx context.Context, allowed []string) []string {
	t.Helper()
	list, _ := json.Marshal(allowed)
	var out []string
	admRun(t, ctx, "read the visible text", chromedp.Evaluate(fmt.Sprintf(`(() => {
		const allowed = new Set(%s);
		const viet = /[\u0300-\u036f]|\u0111|\u0110/;
		const out = [];
		const walk = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
		for (let n = walk.nextNode(); n; n = walk.nextNode()) {
			const el = n.parentElement;
			if (!el || !n.textContent.trim() || el.closest("script, style, noscript, option")) continue;
			if (!el.getClientRects().length || getComputedStyle(el).visibility === "hidden") continue;
			const words = n.textContent.normalize("NFD").split(/[^\p{L}\p{M}]+/u).filter(Boolean);
			if (words.some((w) => viet.test(w) && !allowed.has(w))) out.push(n.textContent.trim());
		}
		for (const el of document.querySelectorAll("input[placeholder], select")) {
			const text = el.tagName === "SELECT" ? (el.selectedOptions[0]?.textContent || "") : el.placeholder;
			if (!el.getClientRects().length) continue;
			const words = text.normalize("NFD").split(/[^\p{L}\p{M}]+/u).filter(Boolean);
			if (words.some((w) => viet.test(w) && !allowed.has(w))) out.push(text.trim());
		}
		return out;
	})()`, string(list)), &out))
	return out
}

// checkEnglish fails the test with every untranslated text of the page.
func checkEnglish(t *testing.T, ctx context.Context, page string, allowed []string) {
	t.Helper()
	browser.Screenshot(t, ctx, "english-"+page)
	if bad := vietnameseOnly(t, ctx, allowed); len(bad) > 0 {
		t.Errorf("%s in English shows Vietnamese: %q", page, bad)
	}
}

// englishMorning is the centre of the real organisation at 07:30 on a Monday, with four
// officers at counters 1–4, a kiosk and its first tickets: one called at counter 1, one
// served and finished at counter 2.
type englishMorning struct {
	*testserver.Server
	org              *config.Org
	centre           string
	kiosk            string
	officers         map[string]string // username → token
	waiting, current queue.Ticket
}

func startEnglishMorning(t *testing.T) *englishMorning {
	t.Helper()
	s := admBinhDuong(t)
	m := &englishMorning{Server: s, org: s.Env.Org, centre: s.Env.Org.Sites[0].ID, officers: map[string]string{}}
	m.kiosk = s.Device(t, m.centre, "kiosk", "")
	for i, u := range []string{"an", "binh", "cuong", "dung"} {
		m.officers[u] = s.UserNamed(t, u, officerNames[u], queue.RoleOfficer, m.centre)
		if i < 3 {
			s.Do(t, m.officers[u], "POST", fmt.Sprintf("/api/v1/sites/%s/counters/q%02d/open", m.centre, i+1), map[string]any{}, 200, nil)
		}
	}
	var tk queue.Ticket
	for _, svc := range []string{"dat-dai", "dat-dai", "dat-dai", "xay-dung", "doanh-nghiep", "giao-thong", "dat-dai", "dat-dai"} {
		s.Do(t, m.kiosk, "POST", "/api/v1/sites/"+m.centre+"/tickets", map[string]string{"service": svc}, 201, &tk)
	}
	m.waiting = tk
	var c struct{ Ticket queue.Ticket }
	s.Do(t, m.officers["an"], "POST", "/api/v1/sites/"+m.centre+"/counters/q01/next", map[string]any{}, 200, &c)
	m.current = c.Ticket
	s.Do(t, m.officers["binh"], "POST", "/api/v1/sites/"+m.centre+"/counters/q02/next", map[string]any{}, 200, nil)
	s.Do(t, m.officers["binh"], "POST", "/api/v1/sites/"+m.centre+"/counters/q02/start", map[string]any{}, 200, nil)
	return m
}

// TestEnglishEverywhere: every page that offers English, opened with ?lang=en on the real
// organisation, shows no Vietnamese but proper names: the kiosk (services, headings, the
// ticket), the tracking page, the rating panel, the counter workstation, the admin area's
// board, site and report, the transparency page; the hall display's notice is the
// organisation's notice_en.
func TestEnglishEverywhere(t *testing.T) {
	m := startEnglishMorning(t)
	allowed := properWords(m.org)

	kiosk := browser.New(t, 1920, 1080)
	admRun(t, kiosk, "the kiosk in English",
		chromedp.Navigate(m.URL+"/kiosk/?lang=en&print=off#pair="+m.Device(t, m.centre, "kiosk", "")),
		chromedp.WaitVisible(".svc", chromedp.ByQuery),
		admUntil(`document.querySelector(".hint").textContent.startsWith("Touch")`))
	checkEnglish(t, kiosk, "kiosk", allowed)
	admRun(t, kiosk, "a ticket in English",
		chromedp.Click(`.svc[data-service="dat-dai"]`, chromedp.ByQuery),
		chromedp.WaitVisible("#tk-number", chromedp.ByQuery))
	checkEnglish(t, kiosk, "kiosk-ticket", allowed)

	phone := browser.New(t, 390, 844)
	admRun(t, phone, "the tracking page in English",
		chromedp.Navigate(m.URL+"/t/"+m.waiting.ID+"?lang=en"),
		admUntil(`document.getElementById("number").textContent === `+admJS(m.waiting.Number)+` && document.getElementById("status").textContent !== ""`))
	checkEnglish(t, phone, "track", allowed)

	panel := browser.New(t, panelWidth, panelHeight)
	admRun(t, panel, "the rating panel in English",
		chromedp.Navigate(m.URL+"/rate/?lang=en#pair="+m.Device(t, m.centre, "rating", "q02")),
		chromedp.WaitVisible("#screen-idle", chromedp.ByQuery),
		admUntil(`document.getElementById("idle-number").textContent === "2"`))
	checkEnglish(t, panel, "rate-idle", allowed)
	m.Do(t, m.officers["binh"], "POST", "/api/v1/sites/"+m.centre+"/counters/q02/finish", map[string]any{}, 200, nil)
	admRun(t, panel, "the question in English", chromedp.WaitVisible("#screen-ask", chromedp.ByQuery))
	checkEnglish(t, panel, "rate-ask", allowed)

	desk := browser.New(t, deskWidth, deskHeight)
	admRun(t, desk, "the workstation in English", chromedp.Navigate(m.URL+"/counter/?lang=en"), // remembered
		chromedp.WaitVisible("#login-user", chromedp.ByQuery), deskLogin(m.Server, "dung"))
	checkEnglish(t, desk, "counter-pick", allowed)
	deskTake(t, desk, "q04")
	admRun(t, desk, "call the next", deskKey("n"), deskTextIs("#current .number", "B001"))
	checkEnglish(t, desk, "counter-desk", allowed)

	adm := browser.New(t, 1440, 900)
	m.UserNamed(t, "quantri", officerNames["quantri"], queue.RoleAdmin)
	admRun(t, adm, "the admin area in English", chromedp.Navigate(m.URL+"/admin/?lang=en"), admLogin(m.Server, "quantri"),
		admUntil(`document.querySelectorAll(".tile, .site-row, [data-site]").length > 50`))
	checkEnglish(t, adm, "admin-board", allowed)
	admRun(t, adm, "a site in English", chromedp.Navigate(m.URL+"/admin/?lang=en#/site/"+m.centre),
		chromedp.WaitVisible(`.ctr[data-counter="q01"]`, chromedp.ByQuery))
	checkEnglish(t, adm, "admin-site", allowed)
	admRun(t, adm, "a report in English", chromedp.Navigate(m.URL+"/admin/?lang=en#/reports"),
		chromedp.WaitVisible("#r-site", chromedp.ByQuery),
		chromedp.SetValue("#r-site", m.centre, chromedp.ByQuery),
		chromedp.Click("#r-show", chromedp.ByQuery),
		chromedp.WaitVisible("#report-table", chromedp.ByQuery))
	checkEnglish(t, adm, "admin-report", allowed)
	admRun(t, adm, "the organisation in English", chromedp.Navigate(m.URL+"/admin/?lang=en#/org"),
		chromedp.WaitVisible(`details[data-site]`, chromedp.ByQuery))
	checkEnglish(t, adm, "admin-org", allowed)

	public := browser.New(t, 1440, 900)
	admRun(t, public, "the transparency page in English", chromedp.Navigate(m.URL+"/public/?lang=en"),
		admUntil(`document.querySelectorAll("#sites .group").length > 5`))
	checkEnglish(t, public, "public", allowed)

	tv := browser.New(t, 1920, 1080)
	admRun(t, tv, "the hall display's notice in English", chromedp.Navigate(m.URL+"/display/?lang=en&site="+m.centre),
		admUntil(`document.getElementById("ticker").textContent === `+admJS(m.org.NoticeEn)))
}
