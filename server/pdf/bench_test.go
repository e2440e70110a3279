package pdf

import (
	"bytes"
	"io"
	"testing"
	"time"

	"github.com/jung-kurt/gofpdf"

	"luot/assets"
)

// sample is a realistic ticket of the provincial centre.
var sample = Ticket{
	Org:     "Trung tâm Phục vụ hành chính công tỉnh Bình Dương",
	Site:    "Chi nhánh TP Thủ Dầu Một",
	Number:  "A023",
	Service: "Tư pháp (lý lịch tư pháp, quốc tịch)",
	Ahead:   4, WaitMin: 12,
	IssuedAt: time.Date(2026, 11, 23, 9, 5, 0, 0, time.FixedZone("ICT", 7*3600)),
	URL:      "https://luot.binhduong.gov.vn/t/ttpvhcc.abcdefghijklmnopqrstuvwx",
}

// naiveTicket is the straightforward gofpdf ticket the issue warns about: every document
// parses the full font files again and draws the same text, without the sanitiser.
func naiveTicket(w io.Writer, t Ticket) error {
	p := gofpdf.NewCustom(&gofpdf.InitType{UnitStr: "mm", Size: gofpdf.SizeType{Wd: PaperWidth, Ht: 150}})
	for _, f := range faces {
		b, err := assets.Files.ReadFile(f.file)
		if err != nil {
			return err
		}
		p.AddUTF8FontFromBytes(family, f.style, b)
	}
	p.AddPage()
	p.SetFont(family, "B", 11)
	p.MultiCell(textWidth, 5, t.Site, "", "C", false)
	p.SetFont(family, "B", 72)
	p.CellFormat(textWidth, 26, t.Number, "", 1, "C", false, 0, "")
	p.SetFont(family, "", 12)
	p.MultiCell(textWidth, 5, t.Service, "", "C", false)
	p.CellFormat(textWidth, 5, t.IssuedAt.Format("02/01/2006 15:04"), "", 1, "C", false, 0, "")
	m, err := qrModules(t.URL)
	if err != nil {
		return err
	}
	drawQR(p, m, 27, 80, qrModule)
	return p.Output(w)
}

// BenchmarkTicket compares, in the same run, the naive ticket with the renderer (the font
// read, cut, compressed and described once at start; the page laid out twice to fit its
// height). Besides wall time it reports the process's CPU time a ticket, which stays honest
// on a machine shared with other work (run it with -cpu 1: one core).
func BenchmarkTicket(b *testing.B) {
	r, err := NewRenderer(assets.Files)
	if err != nil {
		b.Fatal(err)
	}
	var buf bytes.Buffer
	for _, c := range []struct {
		name   string
		render func(io.Writer, Ticket) error
	}{{"naive", naiveTicket}, {"renderer", r.Render}} {
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			cpu := cpuTime()
			for i := 0; i < b.N; i++ {
				buf.Reset()
				if err := c.render(&buf, sample); err != nil {
					b.Fatal(err)
				}
			}
			used := cpuTime() - cpu
			b.ReportMetric(float64(used.Nanoseconds())/float64(b.N), "cpu-ns/op")
			b.ReportMetric(float64(b.N)/used.Seconds(), "tickets/cpu-s")
			b.ReportMetric(float64(buf.Len()), "pdf-bytes")
		})
	}
}
