package api_test

import (
	"testing"

	"github.com/chromedp/chromedp"

	"luot/server/internal/browser"
	"luot/server/internal/testserver"
	"luot/server/queue"
)

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
		deskKey("g"),
		chromedp.WaitVisible("#dlg-call", chromedp.ByQuery),
		deskUntil(`document.querySelectorAll("#call-results .result").length === 3`),
		chromedp.SendKeys("#call-q", "a2", chromedp.ByQuery),
		deskUntil(`document.querySelectorAll("#call-results .result").length === 1`),
		deskTextHas("#call-results .sel", "A002"),
	)
	browser.Screenshot(t, lan, "counter-call")
	deskRun(t, lan, "Enter calls it",
		deskKey("\r"),
		chromedp.WaitNotVisible("#dlg-call", chromedp.ByQuery),
		deskTextIs("#current .number", "A002"),
	)
	deskRun(t, lan, "U, then 1, gives and confirms the elderly priority",
		deskKey("u"),
		chromedp.WaitVisible("#dlg-priority", chromedp.ByQuery),
		deskKey("1"),
		chromedp.WaitNotVisible("#dlg-priority", chromedp.ByQuery),
		deskTextHas("#current .prio", "Người cao tuổi"),
		deskTextHas("#current .prio", "Đã xác nhận (lan)"),
	)
	deskRun(t, lan, "U, then 3, removes it",
		deskKey("u"),
		chromedp.WaitVisible("#dlg-priority", chromedp.ByQuery),
		deskTextHas(`#prio-choices .current`, "Xác nhận ưu tiên"),
		deskKey("3"),
		chromedp.WaitNotVisible("#dlg-priority", chromedp.ByQuery),
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
