package kioskweb_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"luot/server/internal/testenv"
	"luot/server/internal/testserver"
	"luot/server/queue"
)

// TestKioskTakeTicket: a kiosk paired from its address takes a number at a touch and shows
// it with its QR code, sends its PDF to the printer, and returns to the start on "Done".
func TestKioskTakeTicket(t *testing.T) {
	s := testserver.Start(t)
	ctx := kiosk(t, s, "centre", landscapeW, landscapeH, "")
	var hash, stored string
	js(t, ctx, `location.hash`, &hash)
	js(t, ctx, `localStorage.getItem("luot.kiosk.token") || ""`, &stored)
	if hash != "" || stored == "" {
		t.Fatalf("got hash %q and stored token %q: want the token moved from the address to storage", hash, stored)
	}
	textIs(t, ctx, "#site-name", "Trung tâm Thử Nghiệm", "site name")
	textIs(t, ctx, `.svc[data-service="dat-dai"] .name`, "Đất đai", "button")

	run(t, ctx, chromedp.Click(`.svc[data-service="dat-dai"]`, chromedp.ByQuery))
	visible(t, ctx, "#tk-number")
	if got := text(t, ctx, "#tk-number"); got != "A001" {
		t.Fatalf("ticket number %q, want A001", got)
	}
	textIs(t, ctx, "#tk-service", "Đất đai", "ticket service")
	textIs(t, ctx, "#tk-ahead", "0", "people ahead")
	until(t, ctx, wait, `document.getElementById("tk-qr").complete && document.getElementById("tk-qr").naturalWidth > 0`, "the QR code loads")
	until(t, ctx, wait, `document.body.dataset.printed === "A001"`, "the ticket is sent to the printer")
	var src string
	js(t, ctx, `document.getElementById("print-frame").src`, &src)
	if !strings.Contains(src, "/api/v1/tickets/centre.") || !strings.Contains(src, "/pdf") {
		t.Errorf("print frame %q, want the ticket's PDF", src)
	}
	shot(t, ctx, "kiosk-ticket-landscape")

	var tickets []queue.Ticket
	s.Do(t, s.User(t, "lan", queue.RoleOfficer, "centre"), "GET", "/api/v1/sites/centre/queues/dat-dai", nil, 200, &tickets)
	if len(tickets) != 1 || tickets[0].Number != "A001" || tickets[0].Channel != queue.Kiosk {
		t.Fatalf("queue %+v, want A001 from the kiosk", tickets)
	}

	run(t, ctx, chromedp.Click("#tk-done", chromedp.ByQuery))
	until(t, ctx, wait, `document.getElementById("ticket").classList.contains("hidden")`, "the ticket closes on Done")
	until(t, ctx, wait, `document.querySelector('.svc[data-service="dat-dai"] .waiting').dataset.n === "1"`, "the button counts the new ticket")
}

// TestKioskLiveCount: a ticket taken at one kiosk raises the waiting count on another's button.
func TestKioskLiveCount(t *testing.T) {
	s := testserver.Start(t)
	a := kiosk(t, s, "centre", landscapeW, landscapeH, "?print=off")
	b := kiosk(t, s, "centre", portraitW, portraitH, "?print=off")
	count := `document.querySelector('.svc[data-service="ho-tich"] .waiting').dataset.n`
	var n string
	js(t, b, count, &n)
	if n != "0" {
		t.Fatalf("second kiosk shows %s waiting before any ticket, want 0", n)
	}
	for i := 1; i <= 2; i++ {
		run(t, a, chromedp.Click(`.svc[data-service="ho-tich"]`, chromedp.ByQuery))
		until(t, a, wait, fmt.Sprintf(`document.getElementById("tk-number").textContent === "B00%d"`, i), "the first kiosk shows its ticket")
		run(t, a, chromedp.Click("#tk-done", chromedp.ByQuery))
		until(t, b, wait, fmt.Sprintf(`%s === "%d"`, count, i), fmt.Sprintf("the second kiosk counts %d waiting", i))
	}
	// the expected wait follows the counts: 2 waiting × 10 configured minutes, no counter open
	until(t, b, wait, `document.querySelector('.svc[data-service="ho-tich"] .eta').textContent.includes("20 phút")`, "the expected wait on the button")
	textIs(t, b, `.svc[data-service="ho-tich"] .meta`, "2 người đang chờ khoảng 20 phút", "second kiosk's button says")
	shot(t, b, "kiosk-portrait-live")
}

// TestKioskPriority: a priority category chosen before the service is on the ticket.
func TestKioskPriority(t *testing.T) {
	s := testserver.Start(t)
	ctx := kiosk(t, s, "centre", landscapeW, landscapeH, "?print=off")
	run(t, ctx, chromedp.Click(`.chip[data-id="elderly"]`, chromedp.ByQuery))
	until(t, ctx, wait, `document.querySelector('.chip[data-id="elderly"]').getAttribute("aria-pressed") === "true"`, "the chip is selected")
	run(t, ctx, chromedp.Click(`.svc[data-service="dat-dai"]`, chromedp.ByQuery))
	visible(t, ctx, "#tk-prio")
	var id string
	js(t, ctx, `document.getElementById("ticket").dataset.id`, &id)
	var tk queue.Ticket
	s.Do(t, "", "GET", "/api/v1/tickets/"+id, nil, 200, &tk)
	if tk.Priority != "elderly" {
		t.Fatalf("ticket priority %q, want elderly", tk.Priority)
	}
	if shown(t, ctx, `.chip[aria-pressed="true"]`) {
		t.Errorf("the priority choice stayed on for the next citizen")
	}
}

// TestKioskQuotaReached: a service whose day's quota is taken is disabled, saying why.
func TestKioskQuotaReached(t *testing.T) {
	s := testserver.Start(t)
	ctx := kiosk(t, s, "centre", landscapeW, landscapeH, "?print=off")
	tok := s.Device(t, "centre", "kiosk", "")
	for i := 0; i < 5; i++ { // the test organisation allows 5 business tickets a day
		s.Do(t, tok, "POST", "/api/v1/sites/centre/tickets", map[string]string{"service": "doanh-nghiep"}, 201, nil)
	}
	sel := `.svc[data-service="doanh-nghiep"]`
	until(t, ctx, wait, `document.querySelector('`+sel+`').disabled`, "the button is disabled")
	textIs(t, ctx, sel+" .waiting", "Đã hết số thứ tự hôm nay", "disabled button says")
	shot(t, ctx, "kiosk-quota")
}

// TestKioskOutsideHours: outside opening hours the kiosk says so, with the hours and the
// next opening; a touch just after closing time gets the same screen.
func TestKioskOutsideHours(t *testing.T) {
	s := testserver.Start(t)
	s.Clock.Set(time.Date(2026, 11, 28, 14, 0, 0, 0, testenv.Loc())) // Saturday afternoon
	tok := s.Device(t, "centre", "kiosk", "")
	ctx := page(t, landscapeW, landscapeH, s.URL+"/kiosk/?print=off&refresh=2#pair="+tok)
	visible(t, ctx, "#closed")
	textIs(t, ctx, "#closed-title", "Ngoài giờ tiếp nhận hồ sơ", "title")
	textIs(t, ctx, "#closed-next", "Mở cửa lại lúc 07:30, Thứ Hai, 30/11/2026", "next opening")
	textIs(t, ctx, "#closed-hours", "Thứ Hai – Thứ Sáu 07:30–11:30, 13:30–17:00 Thứ Bảy – Chủ Nhật Nghỉ", "hours")
	shot(t, ctx, "kiosk-closed")

	s.Clock.Set(time.Date(2026, 11, 30, 11, 29, 0, 0, testenv.Loc())) // Monday, a minute before noon
	until(t, ctx, wait, `document.getElementById("closed").classList.contains("hidden")`, "the kiosk reopens by itself")
	s.Clock.Set(time.Date(2026, 11, 30, 11, 31, 0, 0, testenv.Loc()))
	run(t, ctx, chromedp.Click(`.svc[data-service="dat-dai"]`, chromedp.ByQuery))
	visible(t, ctx, "#closed")
	textIs(t, ctx, "#closed-next", "Mở cửa lại lúc 13:30, Thứ Hai, 30/11/2026", "next opening at lunch")
}

// TestLateInTheDay: at 16:40, twenty minutes before closing, with three citizens waiting for
// land (15 minutes each, no counter open) a new ticket would wait 45 minutes: the kiosk's
// button and its ticket screen say it may not be served today instead of a number, and so
// do the tracking page and the printed ticket; a service with nobody waiting still says no wait.
func TestLateInTheDay(t *testing.T) {
	env := testenv.New(t)
	env.Clock.Set(time.Date(2026, 11, 23, 16, 40, 0, 0, testenv.Loc()))
	s := testserver.StartWith(t, env)
	issue(t, s, "dat-dai", 3)
	ctx := kiosk(t, s, "centre", landscapeW, landscapeH, "?print=off")
	textIs(t, ctx, `.svc[data-service="dat-dai"] .eta`, "Có thể không kịp trong ngày hôm nay", "the land button says")
	textIs(t, ctx, `.svc[data-service="ho-tich"] .waiting`, "Không phải chờ", "the civil status button says")
	shot(t, ctx, "kiosk-late")
	run(t, ctx, chromedp.Click(`.svc[data-service="dat-dai"]`, chromedp.ByQuery))
	visible(t, ctx, "#tk-number")
	textIs(t, ctx, "#tk-wait", "Có thể không kịp trong ngày hôm nay", "the ticket screen says the wait is")
	id := ""
	js(t, ctx, `document.getElementById("ticket").dataset.id`, &id)

	phone := page(t, phoneW, phoneH, s.URL+"/t/"+id)
	until(t, phone, wait, `document.getElementById("number").textContent === "A004"`, "the number")
	textIs(t, phone, "#wait", "Có thể không kịp trong ngày hôm nay", "the tracking page says the wait is")
	if shown(t, phone, "#wait-unit") {
		t.Errorf("the tracking page shows a unit of minutes after the words")
	}
	shot(t, phone, "track-late")
	if text := ticketText(t, s, id, "ticket-pdf-late"); !strings.Contains(text, "Thời gian chờ dự kiến: có thể không kịp trong ngày hôm nay") {
		t.Errorf("the printed ticket says: %s", text)
	}
}

// TestKioskUnavailable: with Redis down the kiosk says so calmly and recovers by itself,
// both when a touch fails and when it starts while Redis is down.
func TestKioskUnavailable(t *testing.T) {
	s := testserver.Start(t)
	ctx := kiosk(t, s, "centre", landscapeW, landscapeH, "?print=off")
	s.Redis.Stop()
	run(t, ctx, chromedp.Click(`.svc[data-service="dat-dai"]`, chromedp.ByQuery))
	visible(t, ctx, "#down")
	textIs(t, ctx, "#down-title", "Hệ thống đang tạm gián đoạn", "title")
	shot(t, ctx, "kiosk-unavailable")
	s.Redis.Restart()
	until(t, ctx, 20*time.Second, `document.getElementById("down").classList.contains("hidden")`, "the kiosk recovers by itself")
	run(t, ctx, chromedp.Click(`.svc[data-service="dat-dai"]`, chromedp.ByQuery))
	visible(t, ctx, "#tk-number")
	textIs(t, ctx, "#tk-number", "A001", "ticket after recovery")
}

// TestKioskStartsWhileDown: a kiosk switched on while Redis is down waits calmly, then starts.
func TestKioskStartsWhileDown(t *testing.T) {
	s := testserver.Start(t)
	tok := s.Device(t, "centre", "kiosk", "")
	s.Redis.Stop()
	ctx := page(t, landscapeW, landscapeH, s.URL+"/kiosk/?print=off#pair="+tok)
	visible(t, ctx, "#down")
	s.Redis.Restart()
	until(t, ctx, 20*time.Second, `!!document.querySelector(".svc") && document.getElementById("down").classList.contains("hidden")`, "the kiosk starts once Redis is back")
}

// TestKioskIdle: after a while without a touch the idle screen comes; a tap brings the
// services back without taking a ticket.
func TestKioskIdle(t *testing.T) {
	s := testserver.Start(t)
	ctx := kiosk(t, s, "centre", landscapeW, landscapeH, "?print=off&idle=3")
	until(t, ctx, wait, `!document.getElementById("idle").classList.contains("hidden")`, "the idle screen")
	textIs(t, ctx, "#idle-site", "Trung tâm Thử Nghiệm", "idle site")
	shot(t, ctx, "kiosk-idle")
	run(t, ctx, chromedp.Click("#idle", chromedp.ByQuery))
	until(t, ctx, wait, `document.getElementById("idle").classList.contains("hidden")`, "a tap wakes the kiosk")
	if shown(t, ctx, "#ticket") {
		t.Errorf("the waking tap took a ticket")
	}
}
