package report

import (
	"fmt"
	"io"
	"strings"

	"github.com/jung-kurt/gofpdf"

	"luot/assets"
)

// The page of the PDF report: A4 landscape, in millimetres.
const (
	pageW, pageH = 297.0, 210.0
	margin       = 14.0
	bodyW        = pageW - 2*margin
	font         = "bvp"
)

// WritePDF writes a report as an A4 PDF a director can sign: the issuing body and the
// national motto, the title, the unit and the period, the key figures, the two charts, the
// table, and the signature block after it (Decree 30/2020: the place and date, then the
// signers' titles), in Be Vietnam Pro with Vietnamese text in NFC.
func WritePDF(w io.Writer, r *Report, lang string) error {
	l := wordsFor(lang)
	r = drawable(r)
	p := gofpdf.New("L", "mm", "A4", "")
	for style, file := range map[string]string{"": "BeVietnamPro_400Regular.ttf", "B": "BeVietnamPro_700Bold.ttf", "I": "BeVietnamPro_400Regular_Italic.ttf"} {
		b, err := assets.Files.ReadFile("fonts/" + file)
		if err != nil {
			return fmt.Errorf("pdf font: %w", err)
		}
		p.AddUTF8FontFromBytes(font, style, b)
	}
	p.SetMargins(margin, margin, margin)
	p.SetAutoPageBreak(false, margin)
	p.SetTitle(cleanText(l.title+" — "+l.siteName(r)), true)
	p.SetCreator("Lượt", true)
	p.SetCreationDate(r.GeneratedAt)
	p.SetModificationDate(r.GeneratedAt)
	p.AliasNbPages("{nb}")
	p.SetFooterFunc(func() {
		p.SetY(pageH - 10)
		p.SetFont(font, "", 8)
		p.SetTextColor(91, 102, 117)
		p.CellFormat(bodyW/2, 5, cleanText(fmt.Sprintf("Lượt · %s %s", l.generated, r.GeneratedAt.Format("02/01/2006 15:04"))), "", 0, "L", false, 0, "")
		p.CellFormat(bodyW/2, 5, fmt.Sprintf("%s %d/{nb}", l.page, p.PageNo()), "", 0, "R", false, 0, "")
	})
	p.AddPage()
	d := &pdfDoc{p: p, l: l, r: r}
	d.heading()
	d.summary()
	d.charts()
	d.table()
	d.signatures()
	if err := p.Error(); err != nil {
		return fmt.Errorf("pdf: %w", err)
	}
	return p.Output(w)
}

// drawable returns a copy of r whose names gofpdf can draw: its UTF-8 fonts index a
// 65,536-entry table by the character, so one above U+FFFF (an emoji in a name an
// administrator typed) makes it panic (server/pdf: TestGofpdfPanicsOnEmoji).
func drawable(r *Report) *Report {
	bmp := func(s string) string {
		return strings.Map(func(c rune) rune {
			if c > 0xFFFF {
				return -1
			}
			return c
		}, s)
	}
	c := *r
	c.SiteName, c.SiteNameEn = bmp(r.SiteName), bmp(r.SiteNameEn)
	c.Province, c.ProvinceEn = bmp(r.Province), bmp(r.ProvinceEn)
	c.Rows = make([]Row, len(r.Rows))
	for i, row := range r.Rows {
		row.Name, row.NameEn = bmp(row.Name), bmp(row.NameEn)
		c.Rows[i] = row
	}
	c.Levels = make([]Level, len(r.Levels))
	for i, lv := range r.Levels {
		lv.Name, lv.NameEn = bmp(lv.Name), bmp(lv.NameEn)
		c.Levels[i] = lv
	}
	return &c
}

type pdfDoc struct {
	p *gofpdf.Fpdf
	l labels
	r *Report
}

func (d *pdfDoc) text(size float64, bold bool, rgb [3]int) {
	style := ""
	if bold {
		style = "B"
	}
	d.p.SetFont(font, style, size)
	d.p.SetTextColor(rgb[0], rgb[1], rgb[2])
}

var (
	navy  = [3]int{11, 46, 89}
	ink   = [3]int{20, 28, 40}
	grey  = [3]int{91, 102, 117}
	white = [3]int{255, 255, 255}
)

// heading writes the issuing body and the motto side by side, then the title block.
func (d *pdfDoc) heading() {
	p, l := d.p, d.l
	half := bodyW / 2
	d.text(10, true, navy)
	p.SetXY(margin, margin)
	p.MultiCell(half-10, 5, strings.ToUpper(cleanText(l.provinceName(d.r))), "", "C", false)
	leftY := p.GetY()
	p.SetXY(margin+half, margin)
	if l.english() {
		p.CellFormat(half, 5, "SOCIALIST REPUBLIC OF VIETNAM", "", 2, "C", false, 0, "")
		d.text(10, false, navy)
		p.CellFormat(half, 5, "Independence – Freedom – Happiness", "", 2, "C", false, 0, "")
	} else {
		p.CellFormat(half, 5, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "", 2, "C", false, 0, "")
		p.CellFormat(half, 5, "Độc lập – Tự do – Hạnh phúc", "", 2, "C", false, 0, "")
	}
	p.SetDrawColor(11, 46, 89)
	p.SetLineWidth(0.3)
	p.Line(margin+half+half/2-22, p.GetY()+0.5, margin+half+half/2+22, p.GetY()+0.5)
	p.SetY(max(leftY, p.GetY()) + 3)

	d.text(15, true, navy)
	p.CellFormat(bodyW, 8, l.title, "", 1, "C", false, 0, "")
	d.text(11, true, ink)
	p.CellFormat(bodyW, 6, cleanText(l.siteName(d.r)), "", 1, "C", false, 0, "")
	d.text(10, false, grey)
	line := l.periodText(d.r) + " · " + l.by + ": " + strings.ToLower(l.byNames[d.r.By])
	if d.r.Sites > 1 {
		line += fmt.Sprintf(" · %d %s", d.r.Sites, map[bool]string{true: "sites", false: "điểm phục vụ"}[l.english()])
	}
	p.CellFormat(bodyW, 5, cleanText(line), "", 1, "C", false, 0, "")
	p.Ln(4)
}

// summary writes the key figures of the total as a row of boxes.
func (d *pdfDoc) summary() {
	p, l, t := d.p, d.l, d.r.Total
	h := t.has()
	boxes := [][2]string{
		{l.issued, fmt.Sprint(t.Issued)}, {l.served, fmt.Sprint(t.Served)}, {l.noShow, fmt.Sprint(t.NoShow)},
		{l.waitAvg, l.figure(h.wait, t.WaitAvgMin)}, {l.waitP90, l.figure(h.wait, t.WaitP90Min)},
		{l.serviceAvg, l.figure(h.service, t.ServiceAvgMin)}, {l.satisfaction, l.figure(h.satisfaction, t.SatisfactionPct)},
	}
	gap := 3.0
	w := (bodyW - gap*float64(len(boxes)-1)) / float64(len(boxes))
	y := p.GetY()
	for i, b := range boxes {
		x := margin + float64(i)*(w+gap)
		p.SetFillColor(232, 240, 252)
		p.RoundedRect(x, y, w, 16, 2, "1234", "F")
		p.SetXY(x, y+1.5)
		d.text(8, false, grey)
		p.CellFormat(w, 4, b[0], "", 2, "C", false, 0, "")
		d.text(15, true, navy)
		p.CellFormat(w, 9, b[1], "", 0, "C", false, 0, "")
	}
	p.SetY(y + 19)
	if a := d.r.Appointments; a != nil {
		d.text(9, true, navy)
		p.CellFormat(bodyW, 5, cleanText(l.appointmentText(a)), "", 2, "L", false, 0, "")
		p.SetY(p.GetY() + 2)
	}
}

// Header cells of the table: 7.5 pt bold, up to three lines of 3.6 mm.
const (
	headPt    = 7.5
	headLineH = 3.6
	headH     = 13.0
)

// columns are the widths of the table: the ordinal (STT), the name, then the figures, each
// at least wide enough for the longest word of its heading (headings wrap at spaces, never
// inside a word: "Dissatisfied", "Cancelled"); the name takes the rest.
func (d *pdfDoc) columns(header []string) []float64 {
	d.text(headPt, true, white)
	const key, fig = 10.0, 15.5
	ws := []float64{key, 0}
	rest := bodyW - key
	for _, h := range header[2:] {
		w := fig
		for _, word := range strings.Fields(h) {
			w = max(w, d.p.GetStringWidth(word)+2.5)
		}
		ws = append(ws, w)
		rest -= w
	}
	ws[1] = rest
	return ws
}

// wrapWords breaks text into lines no wider than width at spaces only; a word wider than
// width has a line of its own (columns makes room for every word).
func wrapWords(p *gofpdf.Fpdf, text string, width float64) []string {
	var lines []string
	for _, word := range strings.Fields(text) {
		if n := len(lines); n > 0 && p.GetStringWidth(lines[n-1]+" "+word) <= width {
			lines[n-1] += " " + word
			continue
		}
		lines = append(lines, word)
	}
	return lines
}

// keepRows is how many of the table's last lines (the total with them) stay on the page
// of the signatures: a signature never stands alone on a page.
const keepRows = 3

// table writes the rows, repeating the header on every page, and the total; the page break
// before the last lines moves up so that they go with the signatures.
func (d *pdfDoc) table() {
	p, l := d.p, d.l
	header := l.header(d.r)
	header[0] = l.ordinal
	ws := d.columns(header)
	head := func() {
		y := p.GetY()
		x := margin
		p.SetFillColor(11, 46, 89)
		p.Rect(margin, y, bodyW, headH, "F")
		d.text(headPt, true, white)
		for i, h := range header {
			lines := wrapWords(p, h, ws[i]-2)
			top := y + (headH-headLineH*float64(len(lines)))/2
			for j, ln := range lines {
				p.SetXY(x+1, top+headLineH*float64(j))
				align := "C"
				if i == 1 {
					align = "L"
				}
				p.CellFormat(ws[i]-2, headLineH, ln, "", 0, align, false, 0, "")
			}
			x += ws[i]
		}
		p.SetXY(margin, y+headH)
	}
	head()
	if len(d.r.Rows) == 0 {
		d.text(9, false, grey)
		p.CellFormat(bodyW, 8, l.noData, "B", 1, "C", false, 0, "")
	}
	rows := append(append([]Row(nil), d.r.Rows...), d.r.Total)
	tail := max(len(rows)-keepRows, 0)
	for i, row := range rows {
		fits := p.GetY()+rowH <= pageH-margin-8
		if i == tail && i > 0 && p.GetY()+float64(len(rows)-i)*rowH+4+signaturesH > pageH-margin {
			fits = false // the last lines and the signatures would not fit here: all go over
		}
		if !fits {
			p.AddPage()
			head()
		}
		total := i == len(rows)-1
		cells := l.cells(d.r, row)
		cells[0] = fmt.Sprint(i + 1)
		for j := 2; j < len(cells) && !l.english(); j++ {
			cells[j] = strings.Replace(cells[j], ".", ",", 1) // a decimal comma in Vietnamese
		}
		if total {
			cells[0], cells[1] = "", l.total
			p.SetFillColor(232, 240, 252)
		} else if i%2 == 1 {
			p.SetFillColor(246, 248, 251)
		} else {
			p.SetFillColor(255, 255, 255)
		}
		d.text(8.5, total, ink)
		p.SetDrawColor(213, 220, 230)
		for j, c := range cells {
			align := "R"
			if j == 0 {
				align = "C"
			} else if j == 1 {
				align = "L"
				c = fit(p, c, ws[j]-2)
			}
			p.CellFormat(ws[j], rowH, c, "B", 0, align, true, 0, "")
		}
		p.Ln(rowH)
	}
	p.Ln(4)
}

// rowH is the height of a line of the table.
const rowH = 6.5

// fit shortens text with an ellipsis until it fits width.
func fit(p *gofpdf.Fpdf, s string, width float64) string {
	if p.GetStringWidth(s) <= width {
		return s
	}
	r := []rune(s)
	for len(r) > 1 && p.GetStringWidth(string(r)+"…") > width {
		r = r[:len(r)-1]
	}
	return string(r) + "…"
}

// charts draws arrivals per hour and the wait distribution side by side.
func (d *pdfDoc) charts() {
	p := d.p
	const h = 42.0
	if p.GetY()+h > pageH-margin-8 {
		p.AddPage()
	}
	y := p.GetY()
	w := (bodyW - 8) / 2
	var hours, waits []bar
	for _, a := range d.r.Arrivals {
		hours = append(hours, bar{fmt.Sprintf("%02d", a.Hour), a.Issued})
	}
	for _, b := range d.r.Waits {
		waits = append(waits, bar{bucketLabel(b), b.Tickets})
	}
	d.barChart(margin, y, w, h, d.l.arrivals, hours)
	d.barChart(margin+w+8, y, w, h, d.l.waits, waits)
	p.SetY(y + h + 4)
}

type bar struct {
	label string
	value int
}

// barChart draws a titled column chart with its values above the columns.
func (d *pdfDoc) barChart(x, y, w, h float64, title string, bars []bar) {
	p := d.p
	p.SetDrawColor(213, 220, 230)
	p.SetLineWidth(0.2)
	p.RoundedRect(x, y, w, h, 2, "1234", "D")
	d.text(9, true, navy)
	p.SetXY(x+3, y+2)
	p.CellFormat(w-6, 6, title, "", 0, "L", false, 0, "")
	top, bottom := y+12, y+h-9
	peak := 1
	for _, b := range bars {
		peak = max(peak, b.value)
	}
	slot := (w - 8) / float64(max(len(bars), 1))
	p.Line(x+4, bottom, x+w-4, bottom)
	for i, b := range bars {
		bx := x + 4 + float64(i)*slot
		bh := (bottom - top - 4) * float64(b.value) / float64(peak)
		p.SetFillColor(20, 86, 184)
		if bh > 0 {
			p.Rect(bx+slot*0.15, bottom-bh, slot*0.7, bh, "F")
		}
		d.text(7, false, ink)
		if b.value > 0 {
			p.SetXY(bx, bottom-bh-4)
			p.CellFormat(slot, 4, fmt.Sprint(b.value), "", 0, "C", false, 0, "")
		}
		d.text(7, false, grey)
		p.SetXY(bx, bottom+1)
		p.CellFormat(slot, 4, b.label, "", 0, "C", false, 0, "")
	}
}

// signaturesH is the height of the signature block: the place and date, the titles and the
// hint (18 mm), and room to sign beneath them.
const signaturesH = 34.0

// signatures writes the place and date line, right-aligned above the director's title as
// Decree 30/2020 lays out an administrative document ("Bình Dương, ngày 23 tháng 11 năm
// 2026", in italics), then the preparer's and the director's blocks side by side. table has
// kept room for it on its page.
func (d *pdfDoc) signatures() {
	p, l := d.p, d.l
	if p.GetY()+signaturesH > pageH-margin { // only when there was no table to go with
		p.AddPage()
	}
	y := p.GetY() + 2
	half := bodyW / 2
	p.SetFont(font, "I", 10) // in italics, as the decree asks
	p.SetTextColor(ink[0], ink[1], ink[2])
	p.SetXY(margin+half, y)
	p.CellFormat(half, 5, cleanText(l.placeDate(placeOf(d.r.Province), d.r.GeneratedAt)), "", 0, "C", false, 0, "")
	y += 6
	for i, who := range []string{l.preparer, l.director} {
		p.SetXY(margin+float64(i)*half, y)
		d.text(10, true, navy)
		p.CellFormat(half, 5, who, "", 2, "C", false, 0, "")
		d.text(8.5, false, grey)
		p.CellFormat(half, 5, l.signHint, "", 0, "C", false, 0, "")
	}
}
