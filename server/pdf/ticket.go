// Package pdf renders the printed ticket: an 80 mm wide PDF for thermal kiosk printers, with
// Be Vietnam Pro embedded (full Vietnamese coverage) and the QR code of the tracking page.
// Every string passes one sanitiser first, since gofpdf panics on, loses or misplaces
// characters it was not made for.
package pdf

import (
	"fmt"
	"io"
	"io/fs"
	"strconv"
	"time"

	"github.com/jung-kurt/gofpdf"
)

// Paper and layout, in millimetres. Thermal kiosk printers take 80 mm rolls and print about
// 72 mm of it (576 dots at 203 dpi); 5 mm margins keep everything inside.
const (
	PaperWidth = 80.0
	margin     = 5.0
	textWidth  = PaperWidth - 2*margin
	// qrModule is the QR module size: 6 printer dots at 203 dpi (0.125 mm a dot), which
	// scans well from a phone and makes a code of ~25 mm for a tracking URL.
	qrModule = 0.75
	// qrQuiet is the white margin around the QR code, at least 4 mm (and 4 modules).
	qrQuiet = 4.5
	ptToMM  = 25.4 / 72
)

// Ticket is what a printed ticket shows. It holds no personal data: a ticket is anonymous.
type Ticket struct {
	Org      string // the organisation's name, a small header; "" for none
	Site     string // the site's full name
	Number   string // "A023"
	Service  string // the service's name
	Priority bool   // printed as a "priority" mark; the category is not printed
	Ahead    int    // people ahead; negative when not waiting (a reprint): not printed
	WaitMin  int    // expected wait in minutes
	// Late is an expected wait that ends after today's opening hours: printed as such
	// instead of a number.
	Late     bool
	IssuedAt time.Time // printed as dd/MM/yyyy HH:mm in its own location
	URL      string    // the tracking page, encoded in the QR code; "" for none
	Lang     string    // "en" for English labels, else Vietnamese
}

// Renderer renders tickets; it reads and prepares the font once and is safe for concurrent use.
type Renderer struct {
	fonts *fontSet
	clean *Sanitizer
}

// NewRenderer reads the fonts from fsys (assets.Files: fonts/BeVietnamPro_*.ttf) once.
func NewRenderer(fsys fs.FS) (*Renderer, error) {
	fonts, err := loadFonts(fsys)
	if err != nil {
		return nil, err
	}
	return &Renderer{fonts: fonts, clean: NewSanitizer(fonts.repertoire)}, nil
}

// Sanitizer returns the sanitiser of the renderer's font.
func (r *Renderer) Sanitizer() *Sanitizer { return r.clean }

// Render writes the ticket as a PDF one page long, 80 mm wide and as tall as its content.
func (r *Renderer) Render(w io.Writer, t Ticket) error {
	_, err := r.render(w, t)
	return err
}

// render renders the ticket and tells where the QR code is (for tests of its quiet zone).
func (r *Renderer) render(w io.Writer, t Ticket) (qrBox box, err error) {
	t = r.cleaned(t)
	var qr [][]bool
	if t.URL != "" {
		if qr, err = qrModules(t.URL); err != nil {
			return box{}, err
		}
	}
	p := gofpdf.NewCustom(&gofpdf.InitType{UnitStr: "mm", Size: gofpdf.SizeType{Wd: PaperWidth, Ht: 200}})
	p.SetMargins(margin, margin, margin)
	p.SetAutoPageBreak(false, 0)
	// the page's own stream is a few kilobytes of text and QR rectangles: compressing it
	// would cost more (a new flate compressor, 1 MB) than the bytes it saves on a LAN
	p.SetCompression(false)
	p.SetCatalogSort(true) // the same ticket gives the same bytes
	p.SetCreationDate(t.IssuedAt)
	p.SetModificationDate(t.IssuedAt)
	p.SetTitle(wording(t.Lang).Number+" "+t.Number, true)
	p.SetCreator("Luot", false)
	k := &pen{p: p, fonts: r.fonts}
	layout(k, t, qr) // measure, and learn which code pages the text needs
	r.fonts.register(p, k.pages)
	height := k.y + margin
	p.AddPageFormat("P", gofpdf.SizeType{Wd: PaperWidth, Ht: height})
	k.y, k.draw = margin, true
	layout(k, t, qr)
	if err := p.Output(w); err != nil {
		return box{}, fmt.Errorf("pdf: render ticket %s: %w", t.Number, err)
	}
	return k.qrBox, nil
}

// cleaned passes every string of t through the sanitiser.
func (r *Renderer) cleaned(t Ticket) Ticket {
	t.Org, t.Site, t.Service = r.clean.Clean(t.Org), r.clean.Clean(t.Site), r.clean.Clean(t.Service)
	t.Number = r.clean.Clean(t.Number)
	if t.Number == "" {
		t.Number = "—"
	}
	return t
}

// layout places the ticket's parts from the top; with k.draw false it only measures.
func layout(k *pen, t Ticket, qr [][]bool) {
	l := wording(t.Lang)
	k.y = margin
	if t.Org != "" && t.Org != t.Site {
		k.lines("", 8.5, t.Org, 3)
		k.gap(0.8)
	}
	k.lines("B", 11, t.Site, 4)
	k.gap(2)
	k.rule()
	k.gap(3)
	k.lines("", 10, l.Number, 1)
	k.number(t.Number)
	if t.Priority {
		k.badge(l.Priority)
	}
	k.gap(1.5)
	k.lines("B", 13, t.Service, 3)
	k.gap(2.5)
	if t.Ahead >= 0 {
		k.pair(l.Ahead, strconv.Itoa(t.Ahead), 10)
		k.pair(l.Wait, l.waitText(t.WaitMin, t.Late), 10)
		k.gap(1)
	}
	k.lines("", 10, t.IssuedAt.Format("02/01/2006 15:04"), 1)
	if qr != nil {
		k.gap(qrQuiet)
		k.qr(qr)
		k.gap(qrQuiet)
		k.lines("", 8.5, l.Scan, 2)
	}
	k.gap(2)
	k.rule()
	k.gap(2)
	k.lines("", 8.5, l.Keep, 2)
	k.lines("B", 10, l.Thanks, 2)
}
