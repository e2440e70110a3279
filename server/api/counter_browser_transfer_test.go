package api_test

import (
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"luot/server/internal/browser"
	"luot/server/queue"
)

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
		deskKey("t"),
		chromedp.WaitVisible("#dlg-transfer", chromedp.ByQuery),
		deskTextHas("#transfer-services", "Hộ tịch"),
		deskTextHas("#transfer-counters", "Quầy 3"),
	)
	browser.Screenshot(t, lan, "counter-transfer")
	deskRun(t, lan, "key 1 transfers A001 to Hộ tịch",
		deskKey("1"),
		chromedp.WaitNotVisible("#dlg-transfer", chromedp.ByQuery),
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
		deskKey("t"),
		chromedp.WaitVisible("#dlg-transfer", chromedp.ByQuery),
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
