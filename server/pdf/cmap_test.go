package pdf

import (
	"testing"

	"luot/assets"
)

func TestGlyphs(t *testing.T) {
	b, err := assets.Files.ReadFile(faces[0].file)
	if err != nil {
		t.Fatal(err)
	}
	full, err := glyphs(b)
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := full['ệ']; !ok {
		t.Fatalf("the regular face lacks ệ")
	}
	if _, err := glyphs(b[:100]); err == nil {
		t.Errorf("a truncated font parsed")
	}
	if _, err := readMetrics([]byte("not a font at all")); err == nil {
		t.Errorf("garbage parsed as a font")
	}
}

// FuzzGlyphs: the font parsers never panic, whatever the bytes.
func FuzzGlyphs(f *testing.F) {
	b, err := assets.Files.ReadFile(faces[0].file)
	if err != nil {
		f.Fatal(err)
	}
	f.Add(b[:2048])
	f.Add([]byte{0, 1, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 'c', 'm', 'a', 'p', 0, 0, 0, 0, 0, 0, 0, 12, 0, 0, 0, 40})
	f.Fuzz(func(t *testing.T, data []byte) {
		glyphs(data)
		readMetrics(data)
	})
}
