package api_test

import (
	"context"
	"fmt"
	"sync"
	"testing"

	"github.com/chromedp/chromedp"

	"luot/server/internal/browser"
	"luot/server/queue"
)

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
