package pdf

import (
	"bytes"
	"testing"
)

// TestGofpdfPanicsOnEmoji documents the trap the sanitiser exists for: gofpdf's UTF-8 text
// indexes a 65,536-entry width table by the character, so anything above U+FFFF panics.
// (The renderer's own font path never sees such a character: TestTicketTraps.)
func TestGofpdfPanicsOnEmoji(t *testing.T) {
	p := bareGofpdf(t)
	p.AddPage()
	panicked := func() (v any) {
		defer func() { v = recover() }()
		p.CellFormat(50, 10, "Đất đai 🏠", "", 0, "C", false, 0, "")
		var buf bytes.Buffer
		p.Output(&buf)
		return nil
	}()
	if panicked == nil {
		t.Errorf("gofpdf drew an emoji without panicking: the trap is gone")
	}
}

// TestGofpdfMissingGlyphWidth documents the centring trap: gofpdf measures a character the
// font lacks with a default width but draws nothing, so centred text shifts.
func TestGofpdfMissingGlyphWidth(t *testing.T) {
	p := bareGofpdf(t)
	if p.GetStringWidth("中") == 0 {
		t.Errorf("gofpdf measures a missing glyph as 0: the trap changed")
	}
	if renderer(t).Sanitizer().Has('中') {
		t.Errorf("the repertoire claims a glyph the font does not have")
	}
}
