package api_test

import (
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"luot/server/internal/browser"
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
