package pdf

import (
	"strings"
	"testing"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

func TestClean(t *testing.T) {
	s := renderer(t).Sanitizer()
	for _, c := range []struct{ in, want string }{
		{"Đất đai", "Đất đai"},
		{norm.NFD.String("Hộ tịch – Chứng thực"), "Hộ tịch – Chứng thực"}, // decomposed → NFC
		{"Đất đai 🏠", "Đất đai"},                                          // above U+FFFF: gofpdf panics on it
		{"Nhà 🏠 đất", "Nhà đất"},                                          // and the space around it collapses
		{"Hộ tịch 中文", "Hộ tịch"},                                         // no glyph: dropped, not drawn as nothing
		{"ŝ ǹ", "s n"},                                                    // no glyph, but its base letter has one
		{"Ａ０１", "A01"},                                                    // fullwidth: compatibility form
		{"ﬁle №5", "file No5"},                                            // ligature and numero: compatibility forms
		{"a\u2010b\u2015c", "a-b—c"},                                      // hyphen and bar without glyphs
		{"  a\t\nb\u00a0\u3000c  ", "a b c"},                              // white space of any kind
		{"a\u200db\u00adc\x00\x07d\ufe0fe", "abcde"},                      // format and control characters
		{"x\u0303", "x"},                                                  // a mark with no precomposed form
		{"ok\xffok", "okok"},                                              // invalid UTF-8
		{"", ""},
	} {
		if got := s.Clean(c.in); got != c.want {
			t.Errorf("Clean(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestCleanBounded(t *testing.T) {
	s := renderer(t).Sanitizer()
	got := s.Clean(strings.Repeat("ệ ", 1000))
	if n := utf8.RuneCountInString(got); n > maxRunes {
		t.Errorf("got %d characters, want at most %d", n, maxRunes)
	}
}

func FuzzClean(f *testing.F) {
	for _, seed := range []string{"Đất đai", "🏠", "a\u0301", "\xff", "中 ŝ", "Ａ", " \t "} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, in string) {
		s := renderer(t).Sanitizer()
		out := s.Clean(in)
		if !utf8.ValidString(out) || !norm.NFC.IsNormalString(out) {
			t.Fatalf("Clean(%q) = %q: not valid NFC", in, out)
		}
		for _, r := range out {
			if !s.Has(r) {
				t.Fatalf("Clean(%q) = %q keeps %U, which the font cannot draw", in, out, r)
			}
		}
		if out != strings.TrimSpace(out) || strings.Contains(out, "  ") {
			t.Fatalf("Clean(%q) = %q: untrimmed or double spaces", in, out)
		}
		if again := s.Clean(out); again != out {
			t.Fatalf("Clean is not idempotent: %q → %q → %q", in, out, again)
		}
	})
}
