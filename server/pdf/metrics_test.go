package pdf

import (
	"testing"

	"luot/assets"
)

func TestReadMetrics(t *testing.T) {
	for _, f := range faces {
		b, err := assets.Files.ReadFile(f.file)
		if err != nil {
			t.Fatal(err)
		}
		m, err := readMetrics(b)
		if err != nil {
			t.Fatalf("%s: %v", f.file, err)
		}
		if m.ascent <= 0 || m.descent >= 0 || m.capHeight <= 0 || m.capHeight > m.ascent {
			t.Errorf("%s: ascent %d descent %d cap height %d", f.name, m.ascent, m.descent, m.capHeight)
		}
		if m.bbox[2] <= m.bbox[0] || m.bbox[3] <= m.bbox[1] || m.missingWidth <= 0 {
			t.Errorf("%s: bbox %v missing width %d", f.name, m.bbox, m.missingWidth)
		}
		if m.widths['W'] <= m.widths['i'] || m.widths['ệ'] < m.widths['e']*9/10 {
			t.Errorf("%s: widths W %d i %d ệ %d e %d", f.name, m.widths['W'], m.widths['i'], m.widths['ệ'], m.widths['e'])
		}
		if m.bold != (f.style == "B") {
			t.Errorf("%s: bold %v", f.name, m.bold)
		}
	}
	if _, err := readMetrics([]byte("not a font at all")); err == nil {
		t.Errorf("garbage parsed as a font")
	}
}
