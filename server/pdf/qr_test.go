package pdf

import (
	"encoding/xml"
	"strings"
	"testing"
)

func TestRunsCoverModules(t *testing.T) {
	m, err := qrModules("https://luot.example.vn/t/centre.abcdefghijklmnopqrstuvwx")
	if err != nil {
		t.Fatal(err)
	}
	if len(m) < 21 || len(m) != len(m[0]) {
		t.Fatalf("got a %d×%d code, want a square of at least 21", len(m), len(m[0]))
	}
	got := make([][]bool, len(m))
	for i := range got {
		got[i] = make([]bool, len(m))
	}
	for _, r := range runs(m) {
		for x := r.col; x < r.col+r.n; x++ {
			got[r.row][x] = true
		}
	}
	for y := range m {
		for x := range m[y] {
			if got[y][x] != m[y][x] {
				t.Fatalf("module (%d, %d): runs say %v, code says %v", x, y, got[y][x], m[y][x])
			}
		}
	}
}

func TestQRSVG(t *testing.T) {
	svg, err := QRSVG("https://luot.example.vn/t/centre.abcdefghijklmnopqrstuvwx")
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		XMLName xml.Name `xml:"svg"`
		ViewBox string   `xml:"viewBox,attr"`
		Path    struct {
			D string `xml:"d,attr"`
		} `xml:"path"`
	}
	if err := xml.Unmarshal(svg, &doc); err != nil {
		t.Fatalf("not XML: %v\n%s", err, svg)
	}
	if !strings.HasPrefix(doc.ViewBox, "0 0 ") || !strings.HasPrefix(doc.Path.D, "M4 4") {
		t.Errorf("got viewBox %q and path %.10q, want a quiet zone of 4 modules", doc.ViewBox, doc.Path.D)
	}
	if _, err := QRSVG(strings.Repeat("x", 5000)); err == nil {
		t.Errorf("a 5000-byte QR code was made")
	}
}
