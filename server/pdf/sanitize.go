package pdf

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// maxRunes bounds what one string may put on a ticket (a site's name is the longest).
const maxRunes = 300

// Sanitizer makes any text safe for gofpdf with one font: every string of a ticket passes
// through it. gofpdf has three traps for Vietnamese: a character above U+FFFF (an emoji)
// makes it panic; a character the font has no glyph for is drawn as nothing, which also
// breaks centring; and decomposed text (NFD: a letter, then its tone marks) is drawn with
// the marks beside the letter instead of over it.
type Sanitizer struct {
	has map[rune]bool
}

// NewSanitizer returns a sanitiser that keeps only the characters in repertoire.
func NewSanitizer(repertoire map[rune]bool) *Sanitizer {
	return &Sanitizer{has: repertoire}
}

// Has reports whether the font can draw r.
func (s *Sanitizer) Has(r rune) bool { return s.has[r] }

// Clean returns s in NFC with only characters the font can draw: invalid UTF-8, control
// and format characters are dropped; any run of white space becomes one space; a character
// without a glyph becomes its compatibility form (fullwidth Ａ → A, ﬁ → fi) or its base letter
// without marks (ǹ → n) when the font has those, and is dropped otherwise (emoji). The
// result is trimmed and at most maxRunes characters long.
func (s *Sanitizer) Clean(text string) string {
	if !utf8.ValidString(text) {
		text = strings.ToValidUTF8(text, "")
	}
	text = norm.NFC.String(text)
	var b strings.Builder
	b.Grow(len(text))
	space, n := false, 0
	emit := func(r rune) {
		if r == ' ' {
			space = n > 0
			return
		}
		if n >= maxRunes || space && n+1 >= maxRunes {
			return
		}
		if space {
			b.WriteByte(' ')
			n++
			space = false
		}
		b.WriteRune(r)
		n++
	}
	for _, r := range text {
		switch {
		case unicode.IsSpace(r):
			emit(' ')
		case s.has[r] && !unicode.Is(unicode.Mn, r) && unicode.IsPrint(r):
			emit(r)
		case unicode.IsControl(r) || unicode.Is(unicode.Cf, r) || unicode.Is(unicode.Mn, r):
			// dropped: controls, zero-width joiners, variation selectors, stray marks
		default:
			for _, sub := range s.substitute(r) {
				emit(sub)
			}
		}
	}
	return b.String()
}

// fallback are look-alikes for punctuation that has no compatibility form, best first.
var fallback = map[rune][]rune{
	'\u2010': {'-'}, '\u2011': {'-'}, '\u2012': {'–', '-'}, '\u2015': {'—', '–', '-'},
	'\u2212': {'-'}, '\u2043': {'-'}, '\u2032': {'\''}, '\u2033': {'"'}, '\u2035': {'\''},
	'\u201b': {'‘', '\''}, '\u201f': {'“', '"'}, '\u2027': {'·', '.'}, '\u2219': {'·', '.'},
	'\u25cf': {'•'},
}

// substitute is what the font can draw of a character it has no glyph for: its
// compatibility decomposition, else its base letters without marks, else nothing.
func (s *Sanitizer) substitute(r rune) []rune {
	for _, alt := range fallback[r] {
		if s.has[alt] {
			return []rune{alt}
		}
	}
forms:
	for _, form := range []norm.Form{norm.NFKC, norm.NFKD} {
		var out []rune
		for _, c := range form.String(string(r)) {
			switch {
			case s.has[c] && !unicode.Is(unicode.Mn, c) && unicode.IsPrint(c):
				out = append(out, c)
			case unicode.Is(unicode.Mn, c):
				// a mark the font cannot place: keep the letter without it
			default:
				continue forms
			}
		}
		if len(out) > 0 {
			return out
		}
	}
	return nil
}
