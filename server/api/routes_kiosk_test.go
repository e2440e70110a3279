package api_test

import (
	"bytes"
	"encoding/json"
	"image/png"
	"io"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"luot/server/internal/browser"
	"luot/server/internal/testserver"
	"luot/server/queue"
)

// kioskGet fetches a path of the test server and returns the status, content type and body.
func kioskGet(t *testing.T, s *testserver.Server, path string) (int, string, []byte) {
	t.Helper()
	res, err := http.Get(s.URL + path)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(res.Body)
	return res.StatusCode, res.Header.Get("Content-Type"), body
}

// kioskPoppler runs pdftotext or pdftoppm on a PDF and returns the output file.
func kioskPoppler(t *testing.T, pdf []byte, tool string, args ...string) []byte {
	t.Helper()
	if _, err := exec.LookPath(tool); err != nil {
		t.Fatalf("%s is missing: `make test` installs poppler-utils", tool)
	}
	dir := t.TempDir()
	in, out := filepath.Join(dir, "t.pdf"), filepath.Join(dir, "out")
	if err := os.WriteFile(in, pdf, 0o644); err != nil {
		t.Fatal(err)
	}
	if tool == "pdftoppm" {
		args = append(args, in, out)
		out += ".png"
	} else {
		args = append(args, in, out)
	}
	if b, err := exec.Command(tool, args...).CombinedOutput(); err != nil {
		t.Fatalf("%s: %v\n%s", tool, err, b)
	}
	b, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func kioskTicket(t *testing.T, s *testserver.Server, service string) queue.Ticket {
	t.Helper()
	var tk queue.Ticket
	s.Do(t, s.Device(t, "centre", "kiosk", ""), "POST", "/api/v1/sites/centre/tickets", map[string]string{"service": service}, 201, &tk)
	return tk
}

// TestTicketPDFRoute: the printable ticket of api.md, read back as text and as an image at
// the thermal printer's 203 dpi (saved for the README).
func TestTicketPDFRoute(t *testing.T) {
	s := testserver.Start(t)
	kioskTicket(t, s, "dat-dai")
	tk := kioskTicket(t, s, "dat-dai")
	status, typ, pdf := kioskGet(t, s, "/api/v1/tickets/"+tk.ID+"/pdf")
	if status != 200 || typ != "application/pdf" || !bytes.HasPrefix(pdf, []byte("%PDF-")) {
		t.Fatalf("got %d %s %.8q, want 200 application/pdf", status, typ, pdf)
	}
	text := strings.Join(strings.Fields(string(kioskPoppler(t, pdf, "pdftotext", "-enc", "UTF-8"))), " ")
	for _, want := range []string{"Trung tâm Thử Nghiệm", "SỐ THỨ TỰ", "A002", "Đất đai",
		"Số người chờ trước quý vị: 1", "Thời gian chờ dự kiến: khoảng 15 phút", "23/11/2026 09:00"} {
		if !strings.Contains(text, want) {
			t.Errorf("ticket text lacks %q:\n%s", want, text)
		}
	}
	if strings.Contains(text, tk.ID) {
		t.Errorf("the ticket prints its id as text")
	}
	img := kioskPoppler(t, pdf, "pdftoppm", "-png", "-r", "203", "-singlefile")
	cfg, err := png.DecodeConfig(bytes.NewReader(img))
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Width < 638 || cfg.Width > 641 {
		t.Errorf("ticket is %d dots wide at 203 dpi, want 639–640 (80 mm)", cfg.Width)
	}
	dir := filepath.Join(browser.Root(), "test-output", "screenshots")
	if err := os.MkdirAll(dir, 0o755); err == nil {
		os.WriteFile(filepath.Join(dir, "ticket-pdf.png"), img, 0o644)
	}

	_, _, en := kioskGet(t, s, "/api/v1/tickets/"+tk.ID+"/pdf?lang=en")
	text = strings.Join(strings.Fields(string(kioskPoppler(t, en, "pdftotext", "-enc", "UTF-8"))), " ")
	for _, want := range []string{"QUEUE NUMBER", "A002", "Land", "People ahead of you: 1"} {
		if !strings.Contains(text, want) {
			t.Errorf("English ticket lacks %q:\n%s", want, text)
		}
	}
}

func TestTicketQRAndTrackPage(t *testing.T) {
	s := testserver.Start(t)
	tk := kioskTicket(t, s, "ho-tich")
	status, typ, svg := kioskGet(t, s, "/api/v1/tickets/"+tk.ID+"/qr.svg")
	if status != 200 || typ != "image/svg+xml" || !bytes.HasPrefix(svg, []byte("<svg")) {
		t.Fatalf("qr: got %d %s %.20q", status, typ, svg)
	}
	for _, path := range []string{"/t/" + tk.ID, "/t/no-such-ticket"} {
		status, typ, page := kioskGet(t, s, path)
		if status != 200 || !strings.HasPrefix(typ, "text/html") || !bytes.Contains(page, []byte("/track/track.js")) {
			t.Errorf("%s: got %d %s, want the tracking page", path, status, typ)
		}
	}
	for _, asset := range []string{"/track/track.js", "/track/track.css", "/kiosk/kiosk.js", "/kiosk/kiosk.css"} {
		if status, _, _ := kioskGet(t, s, asset); status != 200 {
			t.Errorf("%s: %d", asset, status)
		}
	}
}

// TestTicketRoutesBadInput: unknown or malformed ids get the contract's 404, never a 500.
func TestTicketRoutesBadInput(t *testing.T) {
	s := testserver.Start(t)
	for _, id := range []string{
		"centre.aaaaaaaaaaaaaaaaaaaaaaaa", // well formed, unknown
		"nowhere.aaaaaaaaaaaaaaaaaaaaaaaa", "centre", "centre.", ".x", "centre.AAAAAAAAAAAAAAAAAAAAAAAA",
		strings.Repeat("x", 3000), "centre.aaaaaaaaaaaaaaaaaaaaaaa%00", "%F0%9F%8F%A0",
	} {
		for _, suffix := range []string{"/pdf", "/qr.svg"} {
			status, typ, body := kioskGet(t, s, "/api/v1/tickets/"+id+suffix)
			var e struct{ Error struct{ Code string } }
			if status != 404 || !strings.HasPrefix(typ, "application/json") || json.Unmarshal(body, &e) != nil || e.Error.Code != "not_found" {
				t.Errorf("%.40s%s: got %d %s %.80s, want 404 not_found", id, suffix, status, typ, body)
			}
		}
	}
}

func TestTicketPDFRedisDown(t *testing.T) {
	s := testserver.Start(t)
	tk := kioskTicket(t, s, "dat-dai")
	s.Redis.Stop()
	status, _, body := kioskGet(t, s, "/api/v1/tickets/"+tk.ID+"/pdf")
	if status != 503 || !bytes.Contains(body, []byte(`"unavailable"`)) {
		t.Fatalf("got %d %s, want 503 unavailable", status, body)
	}
	s.Redis.Restart()
}

// FuzzTicketRoutes: whatever the id, the ticket's PDF and QR answer 200 or a clear 4xx.
func FuzzTicketRoutes(f *testing.F) {
	for _, seed := range []string{"centre.aaaaaaaaaaaaaaaaaaaaaaaa", "", "..", "centre.", "a.b.c", "\x00", "🏠"} {
		f.Add(seed)
	}
	s := testserver.Start(f)
	f.Fuzz(func(t *testing.T, id string) {
		for _, suffix := range []string{"/pdf", "/qr.svg"} {
			res, err := http.Get(s.URL + "/api/v1/tickets/" + url.PathEscape(id) + suffix)
			if err != nil {
				t.Fatal(err)
			}
			res.Body.Close()
			if res.StatusCode >= 500 {
				t.Fatalf("%q%s: %d", id, suffix, res.StatusCode)
			}
		}
	})
}
