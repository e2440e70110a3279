package pdf

import (
	"math"
	"strconv"

	"github.com/jung-kurt/gofpdf"
)

// pen lays out a ticket from top to bottom: y is where the next part goes. With draw false
// it only measures, so that the page can be made exactly as tall as its content.
type pen struct {
	p     *gofpdf.Fpdf
	fonts *fontSet
	y     float64
	draw  bool
	pages uint32 // the code pages of everything measured (all text is measured first)
	qrBox box    // where the QR code was drawn
}

// box is a rectangle on the page, in millimetres.
type box struct{ x, y, w, h float64 }

// lineHeight is the height of a line of text of size pt.
func lineHeight(pt float64) float64 { return pt * ptToMM * 1.3 }

func (k *pen) gap(mm float64) { k.y += mm }

// measure returns the width function of a style and size, in millimetres.
func (k *pen) measure(style string, pt float64) func(string) float64 {
	return func(s string) float64 {
		w, pages := k.fonts.width(style, s)
		k.pages |= pages
		return float64(w) * pt / 1000 * ptToMM
	}
}

// text draws clean text with its left end at x in a line of height h at k.y, run by run.
func (k *pen) text(style string, pt, x, h float64, s string) {
	baseline := k.y + h/2 + 0.3*pt*ptToMM // where gofpdf's cells put it
	for _, r := range k.fonts.runs(style, s) {
		k.p.SetFont(family+strconv.Itoa(r.page), style, pt)
		k.p.Text(x, baseline, r.bytes)
		x += float64(r.width) * pt / 1000 * ptToMM
	}
}

// lines writes text centred, wrapped to the text width, in at most max lines.
func (k *pen) lines(style string, pt float64, text string, max int) {
	if text == "" {
		return
	}
	h, width := lineHeight(pt), k.measure(style, pt)
	for _, line := range balanced(text, textWidth, max, width) {
		if k.draw {
			k.text(style, pt, margin+(textWidth-width(line))/2, h, line)
		}
		k.y += h
	}
}

// pair writes "label value" centred on one line, the value in bold, or on two lines when
// they do not fit in one.
func (k *pen) pair(label, value string, pt float64) {
	lw := k.measure("", pt)(label + " ")
	vw := k.measure("B", pt)(value)
	if lw+vw > textWidth {
		k.lines("", pt, label, 2)
		k.lines("B", pt, value, 2)
		return
	}
	h := lineHeight(pt)
	if k.draw {
		x := margin + (textWidth-lw-vw)/2
		k.text("", pt, x, h, label)
		k.text("B", pt, x+lw, h, value)
	}
	k.y += h
}

// number writes the ticket number as large as fits the width, up to 96 pt.
func (k *pen) number(n string) {
	const maxPt = 96.0
	pt := maxPt
	if w := k.measure("B", maxPt)(n); w > textWidth*0.92 {
		pt = math.Floor(maxPt * textWidth * 0.92 / w)
	}
	h := pt * ptToMM * 1.05
	if k.draw {
		k.text("B", pt, margin+(textWidth-k.measure("B", pt)(n))/2, h, n)
	}
	k.y += h
}

// badge writes a short word white on black, centred (the priority mark).
func (k *pen) badge(word string) {
	const pt = 10.0
	tw := k.measure("B", pt)(word)
	w, h := tw+6, lineHeight(pt)+1
	k.y += 1
	if k.draw {
		x := margin + (textWidth-w)/2
		k.p.SetFillColor(0, 0, 0)
		k.p.RoundedRect(x, k.y, w, h, 1.2, "1234", "F")
		k.p.SetTextColor(255, 255, 255)
		k.text("B", pt, x+3, h, word)
		k.p.SetTextColor(0, 0, 0)
	}
	k.y += h
}

// rule draws a thin dashed line across the text width.
func (k *pen) rule() {
	if k.draw {
		k.p.SetLineWidth(0.3)
		k.p.SetDashPattern([]float64{1.2, 1}, 0)
		k.p.Line(margin, k.y, margin+textWidth, k.y)
		k.p.SetDashPattern(nil, 0)
	}
	k.y += 0.3
}

// qr draws a QR code centred; its quiet zone is the caller's gaps above and below and the
// page's width around it.
func (k *pen) qr(m [][]bool) {
	module := qrModule
	if size := float64(len(m)) * module; size > 34 { // a long URL: keep the code on the paper
		module = math.Floor(34/float64(len(m))/0.125) * 0.125
	}
	size := float64(len(m)) * module
	if k.draw {
		k.qrBox = box{(PaperWidth - size) / 2, k.y, size, size}
		drawQR(k.p, m, k.qrBox.x, k.qrBox.y, module)
	}
	k.y += size
}
