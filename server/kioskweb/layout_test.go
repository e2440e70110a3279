package kioskweb_test

import (
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"luot/server/internal/browser"
	"luot/server/internal/testserver"
	"luot/server/queue"
)

// TestKioskLayouts opens the kiosk of the real provincial centre (18 services in 8 fields)
// and of a ward's reception point (5 services), in landscape and portrait: nothing may
// scroll, every service must be on screen with its whole name, and nothing to touch may be
// smaller than a finger.
func TestKioskLayouts(t *testing.T) {
	s := realOrg(t)
	seed(t, s)
	for _, c := range []struct {
		site, name string
		w, h       int
		services   int
	}{
		{"ttpvhcc", "kiosk-landscape", landscapeW, landscapeH, 18},
		{"ttpvhcc", "kiosk-portrait", portraitW, portraitH, 18},
		{"tdm-phu-cuong", "kiosk-point-landscape", landscapeW, landscapeH, 5},
		{"tdm-phu-cuong", "kiosk-point-portrait", portraitW, portraitH, 5},
	} {
		t.Run(c.name, func(t *testing.T) {
			ctx := kiosk(t, s, c.site, c.w, c.h, "?print=off")
			var got struct {
				Buttons, Clipped, Small, Outside int
				Scroll                           bool
				Smallest                         float64
			}
			js(t, ctx, `(() => {
				const r = { Buttons: 0, Clipped: 0, Small: 0, Outside: 0, Smallest: 1e9 };
				const se = document.scrollingElement;
				const box = document.getElementById("services");
				r.Scroll = se.scrollHeight > innerHeight + 1 || se.scrollWidth > innerWidth + 1 || box.scrollHeight > box.clientHeight + 1;
				for (const b of document.querySelectorAll(".svc")) {
					r.Buttons++;
					const n = b.querySelector(".name");
					if (n.scrollHeight > n.clientHeight + 4) r.Clipped++; // more than a mark's overhang: a line cut
				}
				for (const b of document.querySelectorAll("#main button")) {
					if (b.getClientRects().length === 0) continue; // not shown (the large-text mode's "more" button)
					const rect = b.getBoundingClientRect();
					r.Smallest = Math.min(r.Smallest, rect.height, rect.width);
					if (rect.height < 56 || rect.width < 56) r.Small++;
					if (rect.bottom > innerHeight || rect.right > innerWidth || rect.top < 0 || rect.left < 0) r.Outside++;
				}
				return r;
			})()`, &got)
			if got.Buttons != c.services || got.Scroll || got.Clipped > 0 || got.Small > 0 || got.Outside > 0 {
				t.Errorf("%+v: want %d services, no scrolling, no cut names, nothing under 56 px, all on screen", got, c.services)
			}
			shot(t, ctx, c.name)
			if c.name == "kiosk-portrait" {
				run(t, ctx, chromedp.Click(`.svc[data-service="dat-dai"]`, chromedp.ByQuery))
				visible(t, ctx, "#tk-number")
				until(t, ctx, wait, `document.getElementById("tk-qr").naturalWidth > 0`, "the QR code")
				shot(t, ctx, "kiosk-ticket-portrait")
				var id string
				js(t, ctx, `document.getElementById("ticket").dataset.id`, &id)
				printed(t, s, id)
			}
		})
	}
}

// seed gives the real centre and a point a morning's queues: tickets in several services
// and two land counters open.
func seed(t *testing.T, s *testserver.Server) {
	t.Helper()
	for site, services := range map[string]map[string]int{
		"ttpvhcc":       {"dat-dai": 6, "doanh-nghiep": 3, "tu-phap": 2, "bao-hiem-xa-hoi": 4, "tra-ket-qua": 1, "giao-thong": 5},
		"tdm-phu-cuong": {"ho-tich": 3, "chung-thuc": 2},
	} {
		tok := s.Device(t, site, "kiosk", "")
		for svc, n := range services {
			for i := 0; i < n; i++ {
				s.Do(t, tok, "POST", "/api/v1/sites/"+site+"/tickets", map[string]string{"service": svc}, 201, nil)
			}
		}
	}
	for i, c := range []string{"q01", "q02"} {
		officer := s.User(t, fmt.Sprintf("officer%d", i), queue.RoleOfficer, "ttpvhcc")
		s.Do(t, officer, "POST", "/api/v1/sites/ttpvhcc/counters/"+c+"/open", map[string]any{}, 200, nil)
	}
}

// printed reads the ticket's PDF as the kiosk prints it: its text must carry the real names
// with every diacritic, and its image at 203 dpi is saved for the README.
func printed(t *testing.T, s *testserver.Server, id string) {
	t.Helper()
	text := ticketText(t, s, id, "ticket-pdf-ttpvhcc")
	for _, want := range []string{"Trung tâm Phục vụ hành chính công tỉnh Bình Dương", "A007", "Đất đai", "Số người chờ trước quý vị: 6", "khoảng 45 phút"} {
		if !strings.Contains(text, want) {
			t.Errorf("printed ticket lacks %q:\n%s", want, text)
		}
	}
}

// ticketText is the text of a ticket's PDF (pdftotext, words joined by single spaces); its
// image at the printer's 203 dpi is saved as test-output/screenshots/<png>.png.
func ticketText(t *testing.T, s *testserver.Server, id, png string) string {
	t.Helper()
	res, err := http.Get(s.URL + "/api/v1/tickets/" + id + "/pdf")
	if err != nil {
		t.Fatal(err)
	}
	pdf, _ := io.ReadAll(res.Body)
	res.Body.Close()
	dir := t.TempDir()
	in := filepath.Join(dir, "t.pdf")
	if err := os.WriteFile(in, pdf, 0o644); err != nil {
		t.Fatal(err)
	}
	for _, cmd := range [][]string{
		{"pdftotext", "-enc", "UTF-8", in, filepath.Join(dir, "t.txt")},
		{"pdftoppm", "-png", "-r", "203", "-singlefile", in, filepath.Join(browser.Root(), "test-output", "screenshots", png)},
	} {
		if out, err := exec.Command(cmd[0], cmd[1:]...).CombinedOutput(); err != nil {
			t.Fatalf("%s: %v %s (make test installs poppler-utils)", cmd[0], err, out)
		}
	}
	b, _ := os.ReadFile(filepath.Join(dir, "t.txt"))
	return strings.Join(strings.Fields(string(b)), " ")
}
