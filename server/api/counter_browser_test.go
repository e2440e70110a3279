package api_test

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"luot/server/internal/browser"
	"luot/server/internal/testserver"
	"luot/server/queue"
)

// TestServeWithKeyboard: an officer signs in, takes a counter, calls the next citizen with
// the keyboard, sees the ticket, starts and finishes it; the counter's queue and the
// officer's day follow. The rating panel of that counter then shows the number, a tap
// records the rating, and the API shows it on the ticket.
func TestServeWithKeyboard(t *testing.T) {
	s, kiosk := centreWithKiosk(t)
	ctx := deskOfficer(t, s, "lan")
	browser.Screenshot(t, ctx, "counter-pick")
	deskTake(t, ctx, "q2")
	panel := ratingPanel(t, s, "q2", "")
	deskRun(t, panel, "the idle panel shows its counter", deskTextIs("#idle-number", "2"))
	a1 := deskIssue(t, s, kiosk, "dat-dai", "elderly")
	s.Clock.Advance(3 * time.Minute)
	deskIssue(t, s, kiosk, "dat-dai", "")
	deskIssue(t, s, kiosk, "ho-tich", "")
	s.Clock.Advance(9 * time.Minute)
	deskRun(t, ctx, "the queues show the waiting tickets live",
		deskTextIs(`#queues [data-service="dat-dai"] .count`, "2"),
		deskTextIs(`#queues [data-service="ho-tich"] .count`, "1"),
		deskTextHas(`#queues [data-service="dat-dai"] .chips`, "A001"),
		deskTextHas("#current", "3 người đang chờ"),
	)
	browser.Screenshot(t, ctx, "counter-idle")

	deskRun(t, ctx, "N calls the next (the elderly citizen first)",
		deskKey("n"),
		deskTextIs("#current .number", "A001"),
		deskTextHas("#current .svc", "Đất đai"),
		deskTextHas("#current .prio", "Người cao tuổi"),
		deskTextHas("#current .status", "Đang mời"),
		deskTextIs(`#queues [data-service="dat-dai"] .count`, "1"),
	)
	var got queue.Ticket
	s.Do(t, "", "GET", "/api/v1/tickets/"+a1.ID, nil, 200, &got)
	if got.Status != queue.Called || got.Counter == nil || *got.Counter != "q2" || got.Officer == nil || *got.Officer != "lan" {
		t.Fatalf("after N: got %s at %v by %v, want called at q2 by lan", got.Status, got.Counter, got.Officer)
	}
	deskRun(t, ctx, "S starts the service",
		deskKey("s"),
		deskTextHas("#current .status", "Đang phục vụ"),
	)
	s.Clock.Advance(7*time.Minute + 25*time.Second)
	deskIssue(t, s, kiosk, "ho-tich", "") // an event of the site: the page's clock follows the server's
	deskRun(t, ctx, "the service timer runs", deskUntil(`/^7:[2-5]\d$/.test(document.querySelector(".live-timer b").textContent)`), deskTextIs(`#queues [data-service="ho-tich"] .count`, "2"))
	deskRun(t, ctx, "quiet", deskQuiet())
	browser.Screenshot(t, ctx, "counter-serving")
	deskRun(t, ctx, "F finishes it",
		deskKey("f"),
		deskTextHas("#toast", "Đã hoàn thành số A001"),
		deskTextHas("#current h2", "Chưa có số đang phục vụ"),
		deskTextIs("#day-served", "1"),
	)
	s.Do(t, "", "GET", "/api/v1/tickets/"+a1.ID, nil, 200, &got)
	if got.Status != queue.Done {
		t.Fatalf("after F: got %s, want done", got.Status)
	}

	deskRun(t, panel, "the panel asks the citizen of A001",
		deskTextIs("#ask-number", "A001"),
		deskTextHas("#ask-question", "Quầy 2"),
		deskTextHas("#levels", "Rất hài lòng"),
		deskTextHas("#levels", "Không hài lòng"),
	)
	browser.Screenshot(t, panel, "rate-ask")
	deskRun(t, panel, "a tap records the rating and thanks",
		chromedp.Click(`#levels [data-level="satisfied"]`, chromedp.ByQuery),
		chromedp.WaitVisible("#screen-thanks", chromedp.ByQuery),
		deskTextHas("#screen-thanks h1", "Xin cảm ơn quý vị"),
	)
	browser.Screenshot(t, panel, "rate-thanks")
	s.Do(t, "", "GET", "/api/v1/tickets/"+a1.ID, nil, 200, &got)
	if got.Rating == nil || *got.Rating != "satisfied" {
		t.Fatalf("after the tap: got rating %v, want satisfied", got.Rating)
	}
}

// TestCallNumberPriorityRecall: G calls a given number found by what the officer types (an
// audited out-of-order call); U confirms, then removes, the priority; R recalls up to the
// limit and then says why not; V marks the citizen absent.
func TestCallNumberPriorityRecall(t *testing.T) {
	s, kiosk := centreWithKiosk(t)
	sup := s.User(t, "sup", queue.RoleSupervisor, "centre")
	lan := deskAt(t, s, "lan", "q2")
	deskIssue(t, s, kiosk, "dat-dai", "")
	a2 := deskIssue(t, s, kiosk, "dat-dai", "")
	deskIssue(t, s, kiosk, "ho-tich", "")
	deskRun(t, lan, "G opens the search with every waiting number",
		deskTextIs(`#queues [data-service="dat-dai"] .count`, "2"),
		deskOpens("g", "#dlg-call"),
		deskUntil(`document.querySelectorAll("#call-results .result").length === 3`),
		chromedp.SendKeys("#call-q", "a2", chromedp.ByQuery),
		deskUntil(`document.querySelectorAll("#call-results .result").length === 1`),
		deskTextHas("#call-results .sel", "A002"),
	)
	browser.Screenshot(t, lan, "counter-call")
	deskRun(t, lan, "Enter calls it",
		deskCloses("\r", "#dlg-call"),
		deskTextIs("#current .number", "A002"),
	)
	deskRun(t, lan, "U, then 1, gives and confirms the elderly priority",
		deskOpens("u", "#dlg-priority"),
		deskCloses("1", "#dlg-priority"),
		deskTextHas("#current .prio", "Người cao tuổi"),
		deskTextHas("#current .prio", "Đã xác nhận (lan)"),
	)
	deskRun(t, lan, "U, then 3, removes it",
		deskOpens("u", "#dlg-priority"),
		deskTextHas(`#prio-choices .current`, "Xác nhận ưu tiên"),
		deskCloses("3", "#dlg-priority"),
		deskTextHas("#current .prio", "Không ưu tiên"),
	)
	for i := 1; i <= 3; i++ {
		deskRun(t, lan, "R recalls", deskKey("r"), deskTextHas("#current .recalls", "Gọi lại "+string(rune('0'+i))+"/3"))
	}
	deskRun(t, lan, "a fourth R says why not",
		deskUntil(`document.querySelector('[data-act="recall"]').disabled`),
		deskKey("r"),
		deskTextHas("#toast", "Đã gọi lại đủ 3 lần; hãy đánh dấu vắng mặt."),
	)
	deskRun(t, lan, "V marks the absence", deskKey("v"), deskTextHas("#toast", "Đã đánh dấu số A002 vắng mặt"), deskTextIs("#day-noshow", "1"))

	var h struct{ History []queue.HistoryEntry }
	s.Do(t, sup, "GET", "/api/v1/tickets/"+a2.ID+"/history", nil, 200, &h)
	want := []string{"ticket.issued", "ticket.called", "ticket.priority", "ticket.priority", "ticket.recalled", "ticket.recalled", "ticket.recalled", "ticket.no_show"}
	if len(h.History) != len(want) {
		t.Fatalf("history of A002: got %d events %v, want %v", len(h.History), h.History, want)
	}
	for i, e := range h.History {
		if e.Type != want[i] {
			t.Fatalf("event %d: got %s, want %s", i, e.Type, want[i])
		}
		if i > 0 && (e.By != "lan" || e.Counter != "q2") {
			t.Fatalf("event %d (%s): got by %q at %q, want lan at q2", i, e.Type, e.By, e.Counter)
		}
	}
	if h.History[1].Detail != "out_of_order" || h.History[2].Detail != "changed:>elderly" || h.History[3].Detail != "removed:elderly" {
		t.Fatalf("details: got %q %q %q, want out_of_order, changed:>elderly, removed:elderly", h.History[1].Detail, h.History[2].Detail, h.History[3].Detail)
	}
}

// TestDeskInEnglish: the toggle switches the desk to English and back, and stays chosen.
func TestDeskInEnglish(t *testing.T) {
	s := testserver.Start(t)
	lan := deskAt(t, s, "lan", "q1")
	deskRun(t, lan, "EN switches the words",
		chromedp.Click("#lang", chromedp.ByQuery),
		deskTextHas(`[data-act="next"]`, "Call next"),
		deskTextHas("#current h2", "No citizen at the counter"),
		deskTextIs("#top-state", "Open"),
		deskTextIs("#lang", "VI"),
	)
	deskRun(t, lan, "a refusal is in English too",
		deskKey("f"),
		deskTextHas("#toast", "No citizen at the counter."),
	)
	deskRun(t, lan, "VI switches back",
		chromedp.Click("#lang", chromedp.ByQuery),
		deskTextHas(`[data-act="next"]`, "Gọi số tiếp theo"),
	)
}

// TestTransferToAnotherService: an officer transfers the current ticket to another service
// from the dialog (T, then the service's number key); it appears in that queue on another
// officer's screen, in its place, and that officer calls it next.
func TestTransferToAnotherService(t *testing.T) {
	s, kiosk := centreWithKiosk(t)
	lan := deskAt(t, s, "lan", "q1") // đất đai
	mai := deskAt(t, s, "mai", "q3") // hộ tịch
	a1 := deskIssue(t, s, kiosk, "dat-dai", "")
	s.Clock.Advance(time.Minute)
	b1 := deskIssue(t, s, kiosk, "ho-tich", "")
	deskRun(t, mai, "mai sees B001 waiting", deskTextHas(`#queues [data-service="ho-tich"] .chips`, b1.Number))
	deskRun(t, lan, "lan calls A001 and opens the transfer dialog",
		deskKey("n"),
		deskTextIs("#current .number", a1.Number),
		deskOpens("t", "#dlg-transfer"),
		deskTextHas("#transfer-services", "Hộ tịch"),
		deskTextHas("#transfer-counters", "Quầy 3"),
	)
	browser.Screenshot(t, lan, "counter-transfer")
	deskRun(t, lan, "key 1 transfers A001 to Hộ tịch",
		deskCloses("1", "#dlg-transfer"),
		deskTextHas("#toast", "Đã chuyển số A001 đến Hộ tịch"),
		deskTextHas("#current h2", "Chưa có số đang phục vụ"),
	)
	deskRun(t, mai, "A001 appears in mai's queue, before B001 (it keeps its place)",
		deskTextIs(`#queues [data-service="ho-tich"] .count`, "2"),
		deskUntil(`[...document.querySelectorAll('#queues [data-service="ho-tich"] .chip')].map((c) => c.textContent).join(" ") === "A001 B001"`),
	)
	deskRun(t, mai, "mai calls it next", deskKey("n"), deskTextIs("#current .number", a1.Number), deskTextHas("#current .meta", "Được chuyển đến"))
	var got queue.Ticket
	s.Do(t, "", "GET", "/api/v1/tickets/"+a1.ID, nil, 200, &got)
	if got.Service != "ho-tich" || got.Counter == nil || *got.Counter != "q3" || got.Transfers != 1 {
		t.Fatalf("got %s at %v after %d transfers, want ho-tich at q3 after 1", got.Service, got.Counter, got.Transfers)
	}
}

// TestTransferToCounter: a ticket transferred to a counter shows on that counter's desk as
// reserved for it, and is the next it calls.
func TestTransferToCounter(t *testing.T) {
	s, kiosk := centreWithKiosk(t)
	lan := deskAt(t, s, "lan", "q1")
	mai := deskAt(t, s, "mai", "q2")
	a1 := deskIssue(t, s, kiosk, "dat-dai", "")
	a2 := deskIssue(t, s, kiosk, "dat-dai", "")
	deskRun(t, lan, "lan calls A001 and transfers it to Quầy 2",
		deskKey("n"),
		deskTextIs("#current .number", a1.Number),
		deskOpens("t", "#dlg-transfer"),
		chromedp.Click(`#transfer-counters [data-value="q2"]`, chromedp.ByQuery),
		deskTextHas("#toast", "Đã chuyển số A001 đến Quầy 2"),
	)
	deskRun(t, mai, "mai sees A001 reserved for her counter, and calls it before A002",
		deskTextHas("#reserved", a1.Number),
		deskKey("n"),
		deskTextIs("#current .number", a1.Number),
		deskUntil(`document.querySelector("#reserved").classList.contains("hidden")`),
	)
	_ = a2
}

// TestPauseWithReason: P asks for a reason from the site's list; the pause shows on the desk
// and on the counter list of GET /api/v1/sites/{site}; N is refused with a plain reason; P
// resumes.
func TestPauseWithReason(t *testing.T) {
	s, kiosk := centreWithKiosk(t)
	lan := deskAt(t, s, "lan", "q1")
	deskIssue(t, s, kiosk, "dat-dai", "")
	deskRun(t, lan, "P opens the reasons of the site",
		deskOpens("p", "#dlg-pause"),
		deskTextHas("#pause-choices", "Nghỉ giải lao"),
		deskTextHas("#pause-choices", "Hỗ trợ đồng nghiệp"),
	)
	deskRun(t, lan, "2 chooses Họp",
		deskCloses("2", "#dlg-pause"),
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

// TestTwoOfficersOneTicket: two officers on two counters press N at the same moment with one
// ticket waiting: one gets it, the other is told "Không còn ai chờ" — never both. Three
// rounds, so that either may win.
func TestTwoOfficersOneTicket(t *testing.T) {
	s, kiosk := centreWithKiosk(t)
	sup := s.User(t, "sup", queue.RoleSupervisor, "centre")
	lan := deskAt(t, s, "lan", "q1")
	mai := deskAt(t, s, "mai", "q2")
	desks := []context.Context{lan, mai}
	for round := 1; round <= 3; round++ {
		tk := deskIssue(t, s, kiosk, "dat-dai", "")
		for _, d := range desks {
			// and no message of the round before is left, so that the answer read is this round's
			deskRun(t, d, "both desks see the ticket waiting", deskTextHas(`#queues [data-service="dat-dai"] .chips`, tk.Number), deskQuiet())
		}
		// both press N together
		start := make(chan struct{})
		var wg sync.WaitGroup
		errs := make([]error, len(desks))
		for i, d := range desks {
			wg.Add(1)
			go func() {
				defer wg.Done()
				<-start
				errs[i] = chromedp.Run(d, deskKey("n"))
			}()
		}
		close(start)
		wg.Wait()
		for _, err := range errs {
			if err != nil {
				t.Fatalf("round %d: press N: %v", round, err)
			}
		}
		got := make([]string, len(desks))
		for i, d := range desks {
			// each desk either shows the ticket, or says nobody is waiting
			deskRun(t, d, fmt.Sprintf("round %d: desk %d answers", round, i+1),
				deskUntil(fmt.Sprintf(`(document.querySelector("#current .number")?.textContent === %s) ||
					(!document.querySelector("#toast").classList.contains("hidden") && document.querySelector("#toast").textContent.includes("Không còn ai chờ") && !!document.querySelector("#current.is-idle"))`, browser.Quote(tk.Number))))
			var number string
			deskRun(t, d, "read the desk", chromedp.Evaluate(`document.querySelector("#current .number")?.textContent || ""`, &number))
			got[i] = number
		}
		winners := 0
		for _, n := range got {
			if n == tk.Number {
				winners++
			}
		}
		if winners != 1 {
			t.Fatalf("round %d: desks show %q, want %s on exactly one", round, got, tk.Number)
		}
		var h struct{ History []queue.HistoryEntry }
		s.Do(t, sup, "GET", "/api/v1/tickets/"+tk.ID+"/history", nil, 200, &h)
		calls := 0
		for _, e := range h.History {
			if e.Type == queue.EvCalled {
				calls++
			}
		}
		if calls != 1 {
			t.Fatalf("round %d: %s was called %d times, want once", round, tk.Number, calls)
		}
		// the winner finishes, so that next round both start idle
		for i, d := range desks {
			if got[i] == tk.Number {
				deskRun(t, d, "finish", deskKey("f"), deskTextHas("#current h2", "Chưa có số đang phục vụ"))
			}
		}
	}
}

// The rating panel's screen in these tests: a 10-inch tablet, landscape.
const panelWidth, panelHeight = 1280, 800

// ratingPanel registers a rating panel of a counter of the centre and opens it with its
// pairing link, as `bin/luot demo` prints it; query is added to the page's URL (e.g. "?ask=2").
func ratingPanel(t *testing.T, s *testserver.Server, counter, query string) context.Context {
	t.Helper()
	token := s.Device(t, "centre", "rating", counter)
	ctx := browser.New(t, panelWidth, panelHeight)
	deskRun(t, ctx, "open the rating panel",
		chromedp.Navigate(s.URL+"/rate/"+query+"#pair="+token),
		chromedp.WaitVisible("#screen-idle", chromedp.ByQuery),
	)
	return ctx
}

// TestRatingPanelTimesOut: a finished ticket the citizen does not rate goes back to idle by
// itself (here after 2 s instead of 30, with ?ask=2), and nothing is recorded; the panel
// then asks about the next finished ticket, in portrait too.
func TestRatingPanelTimesOut(t *testing.T) {
	s, kiosk := centreWithKiosk(t)
	lan := s.User(t, "lan", queue.RoleOfficer, "centre")
	panel := ratingPanel(t, s, "q1", "?ask=2")
	s.Do(t, lan, "POST", "/api/v1/sites/centre/counters/q1/open", nil, 200, nil)
	a1 := deskIssue(t, s, kiosk, "dat-dai", "")
	a2 := deskIssue(t, s, kiosk, "dat-dai", "")
	s.Do(t, lan, "POST", "/api/v1/sites/centre/counters/q1/next", nil, 200, nil)
	deskRun(t, panel, "idle shows the number being served", deskTextHas("#idle-serving", "Đang phục vụ số A001"))
	browser.Screenshot(t, panel, "rate-idle")
	s.Do(t, lan, "POST", "/api/v1/sites/centre/counters/q1/next", nil, 200, nil) // finishes A001, calls A002
	deskRun(t, panel, "the panel asks about A001", deskTextIs("#ask-number", a1.Number))
	deskRun(t, panel, "and goes back to idle without a tap", chromedp.WaitVisible("#screen-idle", chromedp.ByQuery), deskTextHas("#idle-serving", "A002"))
	var got queue.Ticket
	s.Do(t, "", "GET", "/api/v1/tickets/"+a1.ID, nil, 200, &got)
	if got.Rating != nil {
		t.Fatalf("got rating %q, want none", *got.Rating)
	}
	// a tablet held upright: the faces stack, each still a large target
	deskRun(t, panel, "portrait", chromedp.EmulateViewport(800, 1280))
	s.Do(t, lan, "POST", "/api/v1/sites/centre/counters/q1/finish", nil, 200, nil)
	deskRun(t, panel, "the panel asks about A002", deskTextIs("#ask-number", a2.Number))
	var sizes []float64
	deskRun(t, panel, "measure", chromedp.Evaluate(`[...document.querySelectorAll(".level")].map((b) => Math.min(b.getBoundingClientRect().width, b.getBoundingClientRect().height))`, &sizes))
	if len(sizes) != 3 {
		t.Fatalf("got %d level buttons, want 3", len(sizes))
	}
	for _, px := range sizes {
		if px < 150 {
			t.Fatalf("a level button is %.0f px across, want at least 150", px)
		}
	}
	var scrolls bool
	deskRun(t, panel, "no scrolling", chromedp.Evaluate(`document.documentElement.scrollHeight > innerHeight + 1`, &scrolls))
	if scrolls {
		t.Fatal("the portrait panel scrolls")
	}
	browser.Screenshot(t, panel, "rate-ask-portrait")
}

// TestRatingPanelPairing: an unpaired panel shows the pairing form; a supervisor signs in,
// picks the counter, and the panel works for that counter; a revoked token brings the form
// back, saying why.
func TestRatingPanelPairing(t *testing.T) {
	s := testserver.Start(t)
	sup := s.User(t, "sup", queue.RoleSupervisor, "centre")
	ctx := browser.New(t, panelWidth, panelHeight)
	deskRun(t, ctx, "the form shows on an unpaired panel",
		chromedp.Navigate(s.URL+"/rate/"),
		chromedp.WaitVisible("#screen-pair", chromedp.ByQuery),
		chromedp.SendKeys("#pair-user", "sup", chromedp.ByQuery),
		chromedp.SendKeys("#pair-pass", "sup-pass", chromedp.ByQuery),
		chromedp.Click("#pair-go", chromedp.ByQuery),
		chromedp.WaitVisible("#pair-where", chromedp.ByQuery),
		deskUntil(`document.querySelectorAll("#pair-counter option").length === 4`),
		chromedp.SetValue("#pair-counter", "q3", chromedp.ByQuery),
		chromedp.Click("#pair-go", chromedp.ByQuery),
		chromedp.WaitVisible("#screen-idle", chromedp.ByQuery),
		deskTextIs("#idle-number", "3"),
	)
	var devices []struct{ ID, Kind, Counter string }
	s.Do(t, sup, "GET", "/api/v1/admin/devices", nil, 200, &devices)
	if len(devices) != 1 || devices[0].Kind != "rating" || devices[0].Counter != "q3" {
		t.Fatalf("got devices %+v, want one rating panel of q3", devices)
	}
	s.Do(t, sup, "DELETE", "/api/v1/admin/devices/"+devices[0].ID, nil, 204, nil)
	deskRun(t, ctx, "a revoked panel asks to be paired again",
		chromedp.Reload(),
		chromedp.WaitVisible("#screen-pair", chromedp.ByQuery),
		deskTextHas("#pair-notice", "không còn hiệu lực"),
	)
}

// The workstation's screen in these tests: the smallest desktop it is made for.
const (
	deskWidth, deskHeight = 1366, 768
	deskStep              = 20 * time.Second // the longest a step of a test may take
)

// deskOfficer creates an officer of the centre and returns a browser signed in at the counter
// page, on the choice of counters.
func deskOfficer(t *testing.T, s *testserver.Server, name string) context.Context {
	t.Helper()
	return signedIn(t, s, name, queue.RoleOfficer, []string{"centre"}, deskWidth, deskHeight, deskStep, deskLogin(s, name))
}

// deskLogin opens the counter page and signs in as a user made by testserver.Server.User,
// up to the choice of counters.
func deskLogin(s *testserver.Server, name string) chromedp.Tasks {
	return logIn(s.URL+"/counter/", name, "#login-go", chromedp.WaitVisible(`#pick-list .counter-card`, chromedp.ByQuery))
}

// centreWithKiosk starts the whole server (testserver.Start) and registers a kiosk of the
// centre, whose token it returns.
func centreWithKiosk(t *testing.T) (*testserver.Server, string) {
	t.Helper()
	s := testserver.Start(t)
	return s, s.Device(t, "centre", "kiosk", "")
}

// deskAt signs a new officer of the centre in at the counter page and takes counter.
func deskAt(t *testing.T, s *testserver.Server, name, counter string) context.Context {
	t.Helper()
	ctx := deskOfficer(t, s, name)
	deskTake(t, ctx, counter)
	return ctx
}

// deskTake opens a counter from the choice of counters and waits for the desk.
func deskTake(t *testing.T, ctx context.Context, counter string) {
	t.Helper()
	deskRun(t, ctx, "take "+counter,
		chromedp.Click(fmt.Sprintf(`#pick-list [data-counter=%q]`, counter), chromedp.ByQuery),
		chromedp.WaitVisible("#screen-desk", chromedp.ByQuery),
		chromedp.WaitVisible("#queues .queue", chromedp.ByQuery),
	)
}

// deskRun runs browser actions within one step's time, failing the test with what was tried.
func deskRun(t *testing.T, ctx context.Context, what string, actions ...chromedp.Action) {
	t.Helper()
	browser.Step(t, ctx, deskStep, what, actions...)
}

// deskUntil waits until a JavaScript expression is true on the page.
func deskUntil(expr string) chromedp.Action { return browser.Poll(expr, deskStep) }

// deskTextIs waits until the element of a selector shows exactly text.
func deskTextIs(sel, text string) chromedp.Action {
	return deskUntil(fmt.Sprintf(`(document.querySelector(%s)?.textContent || "").trim() === %s`, browser.Quote(sel), browser.Quote(text)))
}

// deskTextHas waits until the element of a selector shows text somewhere in it.
func deskTextHas(sel, text string) chromedp.Action {
	return deskUntil(fmt.Sprintf(`(document.querySelector(%s)?.textContent || "").includes(%s)`, browser.Quote(sel), browser.Quote(text)))
}

// deskKey presses keys on the page as a keyboard does: one keyDown that carries the text,
// then keyUp. (chromedp.KeyEvent sends the text as a separate "char" event, which a page's
// preventDefault on keydown cannot stop, unlike a real keyboard's.)
func deskKey(keys string) chromedp.Action {
	return chromedp.ActionFunc(func(ctx context.Context) error {
		for _, r := range keys {
			evs := kb.Encode(r)
			down, up := *evs[0], evs[len(evs)-1]
			if len(evs) == 3 {
				down.Text, down.UnmodifiedText = evs[1].Text, evs[1].UnmodifiedText
			}
			if err := down.Do(ctx); err != nil {
				return err
			}
			if err := up.Do(ctx); err != nil {
				return err
			}
		}
		return nil
	})
}

// deskOpens presses key on the desk and waits until the dialog (a selector, e.g. "#dlg-call")
// it opens is shown.
func deskOpens(key, dialog string) chromedp.Tasks {
	return chromedp.Tasks{deskKey(key), chromedp.WaitVisible(dialog, chromedp.ByQuery)}
}

// deskCloses presses key in an open dialog (a choice, Enter or Escape) and waits until the
// dialog has closed.
func deskCloses(key, dialog string) chromedp.Tasks {
	return chromedp.Tasks{deskKey(key), chromedp.WaitNotVisible(dialog, chromedp.ByQuery)}
}

// deskIssue takes a ticket at the centre's kiosk.
func deskIssue(t *testing.T, s *testserver.Server, kiosk, service, priority string) queue.Ticket {
	t.Helper()
	var tk queue.Ticket
	s.Do(t, kiosk, "POST", "/api/v1/sites/centre/tickets", map[string]string{"service": service, "priority": priority}, 201, &tk)
	return tk
}

// deskQuiet waits until the last message (the toast) has gone, for a clean screenshot.
func deskQuiet() chromedp.Action {
	return deskUntil(`document.querySelector("#toast").classList.contains("hidden")`)
}

// awaitPromise makes chromedp.Evaluate wait for a promise's value.
func awaitPromise(p *runtime.EvaluateParams) *runtime.EvaluateParams { return p.WithAwaitPromise(true) }
