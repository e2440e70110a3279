package kioskweb_test

import (
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"luot/server/internal/testenv"
	"luot/server/internal/testserver"
)

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
	if got := text(t, ctx, `.svc[data-service="dat-dai"] .eta`); got != "Có thể không kịp trong ngày hôm nay" {
		t.Errorf("the land button says %q", got)
	}
	if got := text(t, ctx, `.svc[data-service="ho-tich"] .waiting`); got != "Không phải chờ" {
		t.Errorf("the civil status button says %q", got)
	}
	shot(t, ctx, "kiosk-late")
	run(t, ctx, chromedp.Click(`.svc[data-service="dat-dai"]`, chromedp.ByQuery))
	visible(t, ctx, "#tk-number")
	if got := text(t, ctx, "#tk-wait"); got != "Có thể không kịp trong ngày hôm nay" {
		t.Errorf("the ticket screen says the wait is %q", got)
	}
	id := ""
	js(t, ctx, `document.getElementById("ticket").dataset.id`, &id)

	phone := page(t, phoneW, phoneH, s.URL+"/t/"+id)
	until(t, phone, wait, `document.getElementById("number").textContent === "A004"`, "the number")
	if got := text(t, phone, "#wait"); got != "Có thể không kịp trong ngày hôm nay" {
		t.Errorf("the tracking page says the wait is %q", got)
	}
	if shown(t, phone, "#wait-unit") {
		t.Errorf("the tracking page shows a unit of minutes after the words")
	}
	shot(t, phone, "track-late")
	if text := ticketText(t, s, id, "ticket-pdf-late"); !strings.Contains(text, "Thời gian chờ dự kiến: có thể không kịp trong ngày hôm nay") {
		t.Errorf("the printed ticket says: %s", text)
	}
}
