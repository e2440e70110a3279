package kioskweb_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"luot/server/internal/testserver"
	"luot/server/queue"
)

// issue takes n tickets of a service at the centre from a kiosk and returns the last.
func issue(t *testing.T, s *testserver.Server, service string, n int) queue.Ticket {
	t.Helper()
	tok := s.Device(t, "centre", "kiosk", "")
	var tk queue.Ticket
	for i := 0; i < n; i++ {
		s.Do(t, tok, "POST", "/api/v1/sites/centre/tickets", map[string]string{"service": service}, 201, &tk)
	}
	return tk
}

func counter(t *testing.T, s *testserver.Server, officer, c, action string) {
	t.Helper()
	s.Do(t, officer, "POST", fmt.Sprintf("/api/v1/sites/centre/counters/%s/%s", c, action), map[string]any{}, 200, nil)
}

// TestTrackFollowsTheTurn: the phone page shows the place in the queue, warns when the turn
// is near, and shows the counter in very large type within a second of the officer's "next".
func TestTrackFollowsTheTurn(t *testing.T) {
	s := testserver.Start(t)
	mine := issue(t, s, "dat-dai", 4) // A004: three ahead
	ctx := page(t, phoneW, phoneH, s.URL+"/t/"+mine.ID)
	until(t, ctx, wait, `document.getElementById("number").textContent === "A004"`, "the number")
	textIs(t, ctx, "#status", "Đang chờ đến lượt", "status")
	textIs(t, ctx, "#ahead", "3", "ahead")
	if got := text(t, ctx, "#wait"); got != "~45" { // 3 × 15 configured minutes, no counter open
		t.Errorf("wait %q, want ~45", got)
	}
	if shown(t, ctx, "#near") {
		t.Errorf("near warning with 3 ahead")
	}
	textIs(t, ctx, "#site", "Trung tâm Thử Nghiệm", "site")
	shot(t, ctx, "track-waiting")

	lan := s.User(t, "lan", queue.RoleOfficer, "centre")
	counter(t, s, lan, "q2", "open")
	counter(t, s, lan, "q2", "next") // A001 called: two ahead now
	until(t, ctx, wait, `document.getElementById("ahead").textContent === "2"`, "two ahead")
	visible(t, ctx, "#near")
	until(t, ctx, wait, `Number(document.body.dataset.alerted || 0) === 1`, "an alert when the turn is near")
	counter(t, s, lan, "q2", "next")
	counter(t, s, lan, "q2", "next")
	until(t, ctx, wait, `document.getElementById("ahead").textContent === "0"`, "nobody ahead")

	start := time.Now()
	counter(t, s, lan, "q2", "next") // A004 called to counter 2
	until(t, ctx, 2*time.Second, `!document.getElementById("called").classList.contains("hidden") && document.getElementById("called-counter").textContent === "2"`, "called to counter 2")
	if d := time.Since(start); d > time.Second {
		t.Errorf("the page showed the call %v after next, want within 1 s", d)
	}
	until(t, ctx, wait, `Number(document.body.dataset.alerted) === 2`, "an alert when called")
	textIs(t, ctx, "#status", "Đang mời số của quý vị", "status")
	shot(t, ctx, "track-called")
}

// TestTrackRating: a finished ticket offers the rating once; the rating is recorded.
func TestTrackRating(t *testing.T) {
	s := testserver.Start(t)
	mine := issue(t, s, "ho-tich", 1)
	lan := s.User(t, "lan", queue.RoleOfficer, "centre")
	counter(t, s, lan, "q3", "open")
	counter(t, s, lan, "q3", "next")
	ctx := page(t, phoneW, phoneH, s.URL+"/t/"+mine.ID)
	until(t, ctx, wait, `document.getElementById("called-counter").textContent === "3"`, "called to counter 3")
	counter(t, s, lan, "q3", "start")
	until(t, ctx, wait, `document.getElementById("status").textContent === "Đang được phục vụ tại quầy 3"`, "serving at counter 3")
	counter(t, s, lan, "q3", "finish")
	visible(t, ctx, `#levels .level[data-level="very_satisfied"]`)
	textIs(t, ctx, "#levels", "Rất hài lòng Hài lòng Không hài lòng", "levels")
	shot(t, ctx, "track-rate")
	run(t, ctx, chromedp.Click(`#levels .level[data-level="very_satisfied"]`, chromedp.ByQuery))
	until(t, ctx, wait, `document.getElementById("rate-msg").textContent.startsWith("Cảm ơn quý vị đã đánh giá")`, "thanks")
	var tk queue.Ticket
	s.Do(t, "", "GET", "/api/v1/tickets/"+mine.ID, nil, 200, &tk)
	if tk.Rating == nil || *tk.Rating != "very_satisfied" {
		t.Fatalf("rating %v, want very_satisfied", tk.Rating)
	}
	again := page(t, phoneW, phoneH, s.URL+"/t/"+mine.ID) // another phone: the server knows
	until(t, again, wait, `document.getElementById("status").textContent === "Đã hoàn thành. Xin cảm ơn quý vị!"`, "the page again")
	if shown(t, again, "#rate") {
		t.Errorf("the rating is offered again")
	}
}

// TestTrackProblems: an unknown ticket and an unavailable system get calm messages, and the
// page recovers by itself; the English toggle translates the page.
func TestTrackProblems(t *testing.T) {
	s := testserver.Start(t)
	ctx := page(t, phoneW, phoneH, s.URL+"/t/centre.aaaaaaaaaaaaaaaaaaaaaaaa")
	visible(t, ctx, "#problem")
	textIs(t, ctx, "#problem-title", "Không tìm thấy số thứ tự", "unknown ticket")
	mine := issue(t, s, "dat-dai", 1)
	s.Redis.Stop()
	down := page(t, phoneW, phoneH, s.URL+"/t/"+mine.ID)
	visible(t, down, "#problem")
	textIs(t, down, "#problem-title", "Hệ thống đang tạm gián đoạn", "redis down")
	shot(t, down, "track-unavailable")
	s.Redis.Restart()
	until(t, down, 20*time.Second, `document.getElementById("number").textContent === "A001" && document.getElementById("problem").classList.contains("hidden")`, "the page recovers")
	run(t, down, chromedp.Click("#lang", chromedp.ByQuery))
	until(t, down, wait, `document.getElementById("status").textContent === "Waiting for your turn"`, "English")
	textIs(t, down, "#lang", "Tiếng Việt", "toggle says")
}
