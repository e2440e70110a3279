package pdf

import (
	"bytes"
	"errors"
	"image"
	"math"
	"strings"
	"testing"
	"time"

	"golang.org/x/text/unicode/norm"
)

// squash joins the words of extracted text with single spaces (pdftotext breaks lines
// where the ticket wraps them).
func squash(s string) string { return strings.Join(strings.Fields(s), " ") }

func TestTicketText(t *testing.T) {
	tk := sample
	tk.Site = "Điểm tiếp nhận phường Phú Cường"
	tk.Service = "Nông nghiệp và phát triển nông thôn"
	tk.Number = "HK1000"
	text := squash(pdftotext(t, render(t, tk)))
	for _, want := range []string{
		"Trung tâm Phục vụ hành chính công tỉnh Bình Dương",
		"Điểm tiếp nhận phường Phú Cường",
		"SỐ THỨ TỰ", "HK1000",
		"Nông nghiệp và phát triển nông thôn",
		"Số người chờ trước quý vị: 4",
		"Thời gian chờ dự kiến: khoảng 12 phút",
		"23/11/2026 09:05",
		"Xin cảm ơn quý vị!",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("extracted text lacks %q:\n%s", want, text)
		}
	}
	if !norm.NFC.IsNormalString(text) {
		t.Errorf("extracted text is not NFC: %q", text)
	}
	if strings.Contains(text, "ƯU TIÊN") {
		t.Errorf("a normal ticket shows the priority mark")
	}
}

func TestTicketEnglishAndPriority(t *testing.T) {
	tk := sample
	tk.Lang, tk.Priority, tk.Ahead, tk.WaitMin = "en", true, 0, 0
	text := squash(pdftotext(t, render(t, tk)))
	for _, want := range []string{"QUEUE NUMBER", "PRIORITY", "People ahead of you: 0", "Expected wait: you are next", "Thank you"} {
		if !strings.Contains(text, want) {
			t.Errorf("extracted text lacks %q:\n%s", want, text)
		}
	}
}

// TestTicketLate: a wait that ends after today's opening hours is printed as such, in both
// languages, instead of a number of minutes (once 66 hours at 23:12).
func TestTicketLate(t *testing.T) {
	for lang, want := range map[string]string{"vi": "Thời gian chờ dự kiến: có thể không kịp trong ngày hôm nay", "en": "Expected wait: may not be served today"} {
		tk := sample
		tk.Lang, tk.Ahead, tk.WaitMin, tk.Late = lang, 264, 3960, true
		text := squash(pdftotext(t, render(t, tk)))
		if !strings.Contains(text, want) || strings.Contains(text, "66") {
			t.Errorf("%s: extracted text lacks %q (or shows the hours):\n%s", lang, want, text)
		}
	}
}

func TestTicketReprintHidesWait(t *testing.T) {
	tk := sample
	tk.Ahead = -1 // called already: the place in the queue means nothing
	text := squash(pdftotext(t, render(t, tk)))
	if strings.Contains(text, "chờ trước") || strings.Contains(text, "dự kiến") {
		t.Errorf("a ticket that no longer waits shows its wait:\n%s", text)
	}
}

// TestTicketTraps feeds the renderer what breaks gofpdf: an emoji (a panic), characters the
// font has no glyph for (they vanish and shift the centring), decomposed text (marks
// misplaced) and control characters.
func TestTicketTraps(t *testing.T) {
	tk := sample
	tk.Site = norm.NFD.String("Trung tâm Phục vụ hành chính công") // decomposed
	tk.Service = "Đất đai 🏠🏡 中文 ŝ\u200d\x07"
	tk.Number = "A\u0000023"
	pdf := render(t, tk)
	text := squash(pdftotext(t, pdf))
	for _, want := range []string{"Trung tâm Phục vụ hành chính công", "Đất đai s", "A023"} {
		if !strings.Contains(text, want) {
			t.Errorf("extracted text lacks %q:\n%q", want, text)
		}
	}
	if strings.ContainsAny(text, "🏠中\u200d\x07\u0301") {
		t.Errorf("extracted text keeps a character the font cannot draw: %q", text)
	}
}

func TestTicketPaperWidth(t *testing.T) {
	img, _ := pdftoppm(t, render(t, sample), "203")
	want := int(math.Round(PaperWidth / 25.4 * 203)) // 639 or 640 dots
	if w := img.Bounds().Dx(); w < want-1 || w > want+1 {
		t.Fatalf("got a page %d dots wide at 203 dpi, want %d (80 mm)", w, want)
	}
	if h := img.Bounds().Dy(); h < 800 || h > 1600 {
		t.Errorf("got a page %d dots tall, want a ticket of 100–200 mm", h)
	}
}

// TestTicketQR reads the QR code back from the printed image at 203 dpi, module by module,
// and checks the white quiet zone of at least 4 mm around it.
func TestTicketQR(t *testing.T) {
	var buf bytes.Buffer
	at, err := renderer(t).render(&buf, sample)
	if err != nil {
		t.Fatal(err)
	}
	const dpi = 203.0
	img, _ := pdftoppm(t, buf.Bytes(), "203")
	dot := func(mm float64) int { return int(mm / 25.4 * dpi) }
	dark := func(x, y int) bool {
		r, g, b, _ := img.At(x, y).RGBA()
		return (r+g+b)/3 < 0x8000
	}
	want, err := qrModules(sample.URL)
	if err != nil {
		t.Fatal(err)
	}
	module := at.w / float64(len(want))
	if module < 0.5 {
		t.Errorf("got modules of %.2f mm, want at least 0.5 mm (4 dots at 203 dpi)", module)
	}
	bad := 0
	for row := range want {
		for col := range want[row] {
			x, y := dot(at.x+(float64(col)+0.5)*module), dot(at.y+(float64(row)+0.5)*module)
			if dark(x, y) != want[row][col] {
				bad++
			}
		}
	}
	if bad > 0 {
		t.Errorf("%d of %d modules read back wrong", bad, len(want)*len(want))
	}
	quiet := image.Rect(dot(at.x-4), dot(at.y-4), dot(at.x+at.w+4), dot(at.y+at.h+4))
	code := image.Rect(dot(at.x)-1, dot(at.y)-1, dot(at.x+at.w)+2, dot(at.y+at.h)+2)
	for y := quiet.Min.Y; y < quiet.Max.Y; y++ {
		for x := quiet.Min.X; x < quiet.Max.X; x++ {
			if !(image.Point{x, y}).In(code) && dark(x, y) {
				t.Fatalf("dark dot at (%d, %d) within 4 mm of the QR code", x, y)
			}
		}
	}
}

func TestTicketNoURLNoQR(t *testing.T) {
	tk := sample
	tk.URL = ""
	var buf bytes.Buffer
	at, err := renderer(t).render(&buf, tk)
	if err != nil || at.w != 0 {
		t.Fatalf("got QR box %+v, err %v; want no QR code", at, err)
	}
}

func TestTicketDeterministic(t *testing.T) {
	a, b := render(t, sample), render(t, sample)
	if !bytes.Equal(a, b) {
		t.Errorf("two renderings of one ticket differ")
	}
}

func FuzzTicket(f *testing.F) {
	f.Add("Trung tâm", "A001", "Đất đai", "https://x.vn/t/a.b")
	f.Add("\xff\xfe", "", "🏠"+strings.Repeat("ệ", 400), "")
	f.Add(strings.Repeat("W", 500), "X999999999999", "((\\))", strings.Repeat("u", 300))
	f.Fuzz(func(t *testing.T, site, number, service, url string) {
		tk := Ticket{Site: site, Number: number, Service: service, URL: url, Ahead: 3, WaitMin: 7,
			IssuedAt: time.Unix(0, 0)}
		var buf bytes.Buffer
		if err := renderer(t).Render(&buf, tk); err != nil && !strings.Contains(err.Error(), "qr code") {
			t.Fatalf("render: %v", err)
		}
	})
}

// TestRenderConcurrent: one renderer serves many requests at once (run with -race); the
// shared font programs are only read.
func TestRenderConcurrent(t *testing.T) {
	r := renderer(t)
	want := render(t, sample)
	errs := make(chan error, 8)
	for i := 0; i < 8; i++ {
		go func() {
			var buf bytes.Buffer
			err := r.Render(&buf, sample)
			if err == nil && !bytes.Equal(buf.Bytes(), want) {
				err = errors.New("a concurrent rendering differs")
			}
			errs <- err
		}()
	}
	for i := 0; i < 8; i++ {
		if err := <-errs; err != nil {
			t.Fatal(err)
		}
	}
}
