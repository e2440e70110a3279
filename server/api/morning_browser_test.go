package api_test

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"luot/server/internal/browser"
	"luot/server/internal/testenv"
	"luot/server/queue"
)

// morningOfficers are the centre's sixteen officers, one a counter (q01 … q16).
var morningOfficers = []string{
	"Nguyễn Thị Thanh Hương", "Trần Thị Bình", "Lê Quốc Cường", "Phạm Thị Dung", "Hoàng Minh Đức", "Võ Thị Hạnh",
	"Đặng Văn Hùng", "Bùi Thị Lan", "Đỗ Quang Minh", "Hồ Thị Ngọc", "Ngô Văn Phúc", "Dương Thị Quỳnh",
	"Lý Văn Sơn", "Mai Thị Thu", "Huỳnh Công Trí", "Phan Thị Xuân",
}

// morningArrivals are the tickets taken before the first call, by service, as a centre's
// morning brings them: land and business first.
var morningArrivals = []struct {
	service string
	n       int
}{
	{"dat-dai", 22}, {"xay-dung", 10}, {"moi-truong", 6}, {"doanh-nghiep", 14}, {"dau-tu", 4},
	{"cong-thuong", 4}, {"nong-nghiep", 3}, {"tu-phap", 7}, {"lao-dong", 8}, {"bao-hiem-xa-hoi", 8},
	{"giao-thong", 12}, {"y-te", 3}, {"giao-duc", 4}, {"van-hoa", 2}, {"thong-tin", 2}, {"tai-chinh", 3},
	{"noi-vu", 3}, {"tra-ket-qua", 10},
}

// headerFits checks the workstation's top bar on the desktops it is made for (1280 and 1366
// wide, and the test's own): nothing overflows it, and no two of its parts touch ("LượtQuầy
// 1": the brand ran into the counter's name).
func headerFits(t *testing.T, ctx context.Context) {
	t.Helper()
	for _, w := range []int64{1024, 1280, 1366} {
		admRun(t, ctx, "resize", chromedp.EmulateViewport(w, 768))
		headerFitsNow(t, ctx, w)
	}
	admRun(t, ctx, "resize back", chromedp.EmulateViewport(deskWidth, deskHeight))
}

func headerFitsNow(t *testing.T, ctx context.Context, width int64) {
	t.Helper()
	var problem string
	admRun(t, ctx, "measure the top bar", chromedp.Evaluate(`(() => {
		const top = document.querySelector(".top");
		if (top.scrollWidth > top.clientWidth + 1) return "the top bar overflows by " + (top.scrollWidth - top.clientWidth) + " px";
		const parts = [...document.querySelectorAll(".top .mark, .top .word, .top .site, .top .cname, .top .pill, .top .right > *")]
			.filter((e) => e.getClientRects().length && e.textContent.trim() !== "" || e.classList.contains("mark"));
		const boxes = parts.map((e) => [e, e.getBoundingClientRect()]);
		for (const [a, ra] of boxes) {
			if (ra.right > innerWidth + 0.5 || ra.left < -0.5) return (a.className || a.id) + " leaves the screen";
			if (a.scrollWidth > a.clientWidth + 1 && getComputedStyle(a).textOverflow !== "ellipsis") return (a.className || a.id) + " is cut";
			for (const [b, rb] of boxes) {
				if (a === b || a.contains(b) || b.contains(a)) continue;
				const gap = Math.max(rb.left - ra.right, ra.left - rb.right);
				if (gap < 4) return "“" + a.textContent.trim() + "” touches “" + b.textContent.trim() + "” (" + gap.toFixed(1) + " px)";
			}
		}
		return "";
	})()`, &problem))
	if problem != "" {
		browser.Screenshot(t, ctx, fmt.Sprintf("failed-header-%d", width))
		t.Errorf("the workstation's top bar at %d px: %s", width, problem)
	}
}

// TestBusyMorning is the hall at opening time on the real organisation: 125 citizens took a
// ticket at the provincial centre's kiosks from 07:30, then its sixteen counters call the
// next in the same second. Each gets a different citizen, and within seconds every page
// follows: the kiosks' waiting counts (landscape and portrait, nothing scrolls), the
// workstation of counter 1 (its top bar readable), a citizen's phone (fewer ahead, then
// called), and the day's report. The screenshots of the README come from here.
func TestBusyMorning(t *testing.T) {
	s := admBinhDuong(t) // Monday 07:30
	org := s.Env.Org
	centre := org.Sites[0].ID
	kiosk := s.Device(t, centre, "kiosk", "")
	tokens := make([]string, len(morningOfficers))
	for i, name := range morningOfficers {
		tokens[i] = s.UserNamed(t, fmt.Sprintf("cb%02d", i+1), name, queue.RoleOfficer, centre)
		if i > 0 { // counter 1's officer opens it on the workstation below
			s.Do(t, tokens[i], "POST", fmt.Sprintf("/api/v1/sites/%s/counters/q%02d/open", centre, i+1), map[string]any{}, 200, nil)
		}
	}
	var tracked queue.Ticket // the 16th citizen for land: 15 ahead, to follow on a phone
	issued := 0
	for round := 0; round < morningArrivals[0].n; round++ { // land's are the most
		for _, a := range morningArrivals {
			if round >= a.n {
				continue
			}
			prio := ""
			if issued%17 == 5 {
				prio = "elderly"
			}
			var tk queue.Ticket
			s.Do(t, kiosk, "POST", "/api/v1/sites/"+centre+"/tickets", map[string]string{"service": a.service, "priority": prio}, 201, &tk)
			if a.service == "dat-dai" && round == 15 {
				tracked = tk
			}
			issued++
			s.Clock.Advance(4 * time.Second)
		}
	}

	// the pages, before the calls
	wide := browser.New(t, 1920, 1080)
	tall := browser.New(t, 1080, 1920)
	for _, k := range []context.Context{wide, tall} {
		admRun(t, k, "a kiosk of the centre",
			chromedp.Navigate(s.URL+"/kiosk/?print=off#pair="+s.Device(t, centre, "kiosk", "")),
			chromedp.WaitVisible(".svc", chromedp.ByQuery))
		noScroll(t, k)
	}
	desk := browser.New(t, deskWidth, deskHeight)
	admRun(t, desk, "counter 1's officer signs in", deskLogin(s, "cb01"))
	deskTake(t, desk, "q01")
	deskRun(t, desk, "the desk's N is ready at once, with nobody called and no event since", deskUntil(`!document.querySelector('[data-act="next"]').disabled`))
	headerFits(t, desk)
	deskRun(t, desk, "quiet", deskQuiet())
	browser.Screenshot(t, desk, "morning-counter-idle")
	phone := browser.New(t, 390, 844)
	admRun(t, phone, "the tracking page",
		chromedp.Navigate(s.URL+"/t/"+tracked.ID),
		admUntil(`document.getElementById("ahead").textContent !== "–" && document.getElementById("number").textContent === `+admJS(tracked.Number)))

	// sixteen counters call at once
	s.Clock.Set(time.Date(2026, 11, 23, 7, 40, 0, 0, testenv.Loc()))
	start := make(chan struct{})
	called := make([]queue.Ticket, len(tokens))
	errs := make([]error, len(tokens))
	var wg sync.WaitGroup
	for i, tok := range tokens {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			var res struct{ Ticket *queue.Ticket }
			status, _, body := s.Send(t, tok, "POST", fmt.Sprintf("/api/v1/sites/%s/counters/q%02d/next", centre, i+1), map[string]any{})
			if status != 200 || decodeInto(body, &res) != nil || res.Ticket == nil {
				errs[i] = fmt.Errorf("counter %d: %d %s", i+1, status, body)
				return
			}
			called[i] = *res.Ticket
		}()
	}
	began := time.Now()
	close(start)
	wg.Wait()
	t.Logf("16 calls at once answered in %v", time.Since(began).Round(time.Millisecond))
	seen := map[string]int{}
	for i, err := range errs {
		if err != nil {
			t.Fatal(err)
		}
		if other, dup := seen[called[i].ID]; dup {
			t.Fatalf("counters %d and %d both called %s", other+1, i+1, called[i].Number)
		}
		seen[called[i].ID] = i
		if !slices.Contains(org.Site(centre).Counter(fmt.Sprintf("q%02d", i+1)).Services, called[i].Service) {
			t.Errorf("counter %d called %s of %s, which it does not serve", i+1, called[i].Number, called[i].Service)
		}
	}

	// every page follows within seconds
	var v struct {
		Services []struct {
			ID      string `json:"id"`
			Waiting int    `json:"waiting"`
		} `json:"services"`
	}
	s.Do(t, "", "GET", "/api/v1/sites/"+centre, nil, 200, &v)
	for _, k := range []context.Context{wide, tall} {
		for _, sv := range v.Services {
			admRun(t, k, "the kiosk's count of "+sv.ID,
				admUntil(fmt.Sprintf(`document.querySelector('.svc[data-service=%q] .waiting').dataset.n === "%d"`, sv.ID, sv.Waiting)))
		}
		noScroll(t, k)
	}
	browser.Screenshot(t, wide, "morning-kiosk-landscape")
	browser.Screenshot(t, tall, "morning-kiosk-portrait")
	deskRun(t, desk, "the workstation shows its citizen", deskTextIs("#current .number", called[0].Number))
	headerFits(t, desk)
	deskRun(t, desk, "quiet", deskQuiet())
	browser.Screenshot(t, desk, "morning-counter-serving")
	var now queue.Ticket
	s.Do(t, "", "GET", "/api/v1/tickets/"+tracked.ID, nil, 200, &now)
	admRun(t, phone, "the phone shows fewer ahead", admUntil(fmt.Sprintf(`document.getElementById("ahead").textContent === "%d"`, *now.Ahead)))
	browser.Screenshot(t, phone, "morning-track-waiting")

	// the officer's dialogs, on the real centre's services and counters
	deskRun(t, desk, "T opens the transfer", deskOpens("t", "#dlg-transfer"))
	headerFits(t, desk)
	browser.Screenshot(t, desk, "morning-counter-transfer")
	deskRun(t, desk, "Esc closes it", deskCloses("\x1b", "#dlg-transfer"))
	deskRun(t, desk, "G opens the search", deskOpens("g", "#dlg-call"),
		chromedp.SendKeys("#call-q", "a0", chromedp.ByQuery), deskUntil(`document.querySelectorAll("#call-results .result").length > 0`))
	browser.Screenshot(t, desk, "morning-counter-call")
	deskRun(t, desk, "Esc closes it", deskCloses("\x1b", "#dlg-call"),
		deskUntil(`!document.querySelector("dialog[open]")`))
	deskRun(t, desk, "P, then 2, pauses for a meeting", deskOpens("p", "#dlg-pause"),
		deskCloses("2", "#dlg-pause"), deskTextIs("#top-state", "Tạm dừng"), deskQuiet())
	headerFits(t, desk)
	browser.Screenshot(t, desk, "morning-counter-paused")
	deskRun(t, desk, "P resumes", deskKey("p"), deskTextIs("#top-state", "Đang mở"))
	admRun(t, tall, "a citizen takes a ticket for land", chromedp.Click(`.svc[data-service="dat-dai"]`, chromedp.ByQuery),
		chromedp.WaitVisible("#tk-number", chromedp.ByQuery), admUntil(`document.getElementById("tk-qr").complete`))
	browser.Screenshot(t, tall, "morning-kiosk-ticket-portrait")

	// the morning goes on: the land counters serve until the tracked citizen is called
	for minute := 0; ; minute++ {
		var tk queue.Ticket
		s.Do(t, "", "GET", "/api/v1/tickets/"+tracked.ID, nil, 200, &tk)
		if tk.Status != queue.Waiting {
			break
		}
		if minute > 60 {
			t.Fatalf("the tracked ticket is still waiting: %+v", tk)
		}
		s.Clock.Advance(2 * time.Minute)
		for i := range 3 { // q01–q03 serve land
			s.Do(t, tokens[i], "POST", fmt.Sprintf("/api/v1/sites/%s/counters/q%02d/next", centre, i+1), map[string]any{}, 200, nil)
		}
	}
	admRun(t, phone, "the phone shows the call", chromedp.WaitVisible("#called", chromedp.ByQuery))
	browser.Screenshot(t, phone, "morning-track-called")
	var tk queue.Ticket
	s.Do(t, "", "GET", "/api/v1/tickets/"+tracked.ID, nil, 200, &tk)
	at := 0
	fmt.Sscanf(*tk.Counter, "q%d", &at)
	s.Clock.Advance(9 * time.Minute)
	s.Do(t, tokens[at-1], "POST", fmt.Sprintf("/api/v1/sites/%s/counters/%s/finish", centre, *tk.Counter), map[string]any{}, 200, nil)
	admRun(t, phone, "the phone asks for a rating", chromedp.WaitVisible(`#levels .level[data-level="very_satisfied"]`, chromedp.ByQuery))
	browser.Screenshot(t, phone, "morning-track-rate")
	admRun(t, phone, "the citizen rates", chromedp.Click(`#levels .level[data-level="very_satisfied"]`, chromedp.ByQuery),
		admUntil(`!document.getElementById("rate-msg").classList.contains("hidden")`))

	// the rest of the morning, to 11:20: citizens keep coming, every counter starts, finishes
	// and calls the next, and three citizens in four rate the service on their phone
	levels := []string{"very_satisfied", "satisfied", "very_satisfied", "dissatisfied", "satisfied", "very_satisfied", "satisfied"}
	current := make([]string, len(tokens)) // each counter's ticket, to rate once finished
	var full struct{ Counters []queue.Counter }
	s.Do(t, login(t, s), "GET", "/api/v1/sites/"+centre, nil, 200, &full)
	for i, c := range full.Counters {
		if c.Ticket != nil && c.Ticket.Status == queue.Called {
			current[i] = c.Ticket.ID
		}
	}
	rated, arrivals := 0, 0
	for step := 0; s.Clock.Now().Hour() < 11 || s.Clock.Now().Minute() < 20; step++ {
		s.Clock.Advance(3 * time.Minute)
		for range 4 {
			a := morningArrivals[arrivals%len(morningArrivals)]
			arrivals++
			s.Do(t, kiosk, "POST", "/api/v1/sites/"+centre+"/tickets", map[string]string{"service": a.service}, 201, nil)
		}
		for i, tok := range tokens {
			path := fmt.Sprintf("/api/v1/sites/%s/counters/q%02d/", centre, i+1)
			if current[i] == "" || step%2 == 0 {
				if current[i] != "" {
					s.Do(t, tok, "POST", path+"start", map[string]any{}, 200, nil)
				} else {
					var res struct{ Ticket *queue.Ticket }
					s.Do(t, tok, "POST", path+"next", map[string]any{}, 200, &res)
					if res.Ticket != nil {
						current[i] = res.Ticket.ID
					}
				}
				continue
			}
			var res struct{ Ticket *queue.Ticket }
			s.Do(t, tok, "POST", path+"next", map[string]any{}, 200, &res)
			if (rated+i)%4 != 3 {
				s.Do(t, "", "POST", "/api/v1/tickets/"+current[i]+"/rating", map[string]string{"level": levels[rated%len(levels)]}, 201, nil)
			}
			rated++
			current[i] = ""
			if res.Ticket != nil {
				current[i] = res.Ticket.ID
			}
		}
	}

	// the day's report so far, in the admin area
	s.UserNamed(t, "giamdoc", "Võ Minh Quân", queue.RoleAdmin)
	adm := browser.New(t, 1440, 900)
	admRun(t, adm, "the report of the morning", admLogin(s, "giamdoc"),
		admView(s, "reports", "#r-site"),
		chromedp.SetValue("#r-site", centre, chromedp.ByQuery),
		chromedp.Click("#r-show", chromedp.ByQuery),
		chromedp.WaitVisible("#report-table", chromedp.ByQuery),
		admUntil(`document.querySelectorAll("#report-table tbody tr").length === 19`))
	browser.Screenshot(t, adm, "morning-admin-report")
	for _, format := range []string{"pdf", "csv"} { // the exports of the same report, for a look
		status, _, body := get(t, s, login(t, s), "/api/v1/reports?site="+centre+"&by=service&format="+format)
		if status != 200 || len(body) == 0 {
			t.Fatalf("the %s export: %d", format, status)
		}
		if err := os.WriteFile(filepath.Join(browser.Root(), "test-output", "screenshots", "morning-report."+format), body, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// decodeInto decodes a JSON body.
func decodeInto(body []byte, v any) error { return json.Unmarshal(body, v) }
