package pdf

import (
	"bytes"
	"fmt"

	"github.com/jung-kurt/gofpdf"
	"github.com/skip2/go-qrcode"
)

// quietModules is the white margin of an on-screen QR code, in modules (the standard's 4).
const quietModules = 4

// qrModules encodes content as a QR code (error correction level M) and returns its modules,
// [row][column], true for dark, without a quiet zone: the ticket and the SVG draw their own.
func qrModules(content string) ([][]bool, error) {
	q, err := qrcode.New(content, qrcode.Medium)
	if err != nil {
		return nil, fmt.Errorf("pdf: qr code: %w", err)
	}
	q.DisableBorder = true
	return q.Bitmap(), nil
}

// run is a horizontal run of dark modules of one row.
type run struct{ row, col, n int }

// runs merges each row's dark modules into runs, so a code is drawn with a few hundred
// rectangles instead of a thousand squares, and without hairline gaps between them.
func runs(m [][]bool) []run {
	var out []run
	for y, row := range m {
		for x := 0; x < len(row); {
			if !row[x] {
				x++
				continue
			}
			start := x
			for x < len(row) && row[x] {
				x++
			}
			out = append(out, run{y, start, x - start})
		}
	}
	return out
}

// drawQR draws the modules at (x, y) with the given module size, in black.
func drawQR(p *gofpdf.Fpdf, m [][]bool, x, y, module float64) {
	p.SetFillColor(0, 0, 0)
	for _, r := range runs(m) {
		p.Rect(x+float64(r.col)*module, y+float64(r.row)*module, float64(r.n)*module, module, "F")
	}
}

// QRSVG renders the QR code of content as a small SVG image with the standard quiet zone,
// for the kiosk's screen (no JavaScript QR library needed).
func QRSVG(content string) ([]byte, error) {
	m, err := qrModules(content)
	if err != nil {
		return nil, err
	}
	size := len(m) + 2*quietModules
	var b bytes.Buffer
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 %d %d" shape-rendering="crispEdges">`, size, size)
	fmt.Fprintf(&b, `<rect width="%d" height="%d" fill="#fff"/><path fill="#000" d="`, size, size)
	for _, r := range runs(m) {
		fmt.Fprintf(&b, "M%d %dh%dv1h-%dz", r.col+quietModules, r.row+quietModules, r.n, r.n)
	}
	b.WriteString(`"/></svg>`)
	return b.Bytes(), nil
}
