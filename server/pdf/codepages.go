package pdf

import (
	"sort"
	"strings"
	"unicode"
)

// vietnamese are the 67 lowercase letters of Vietnamese beyond ASCII; with their capitals,
// the 134 letters a ticket most needs in its first code page.
const vietnamese = "àáảãạăằắẳẵặâầấẩẫậđèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵ"

// punctuation is what Vietnamese text commonly adds to ASCII, most common first.
const punctuation = "–“”‘’…—•·«»°₫€"

// rareCapitals are the capitals least seen on a ticket (they appear only in text written all
// in capitals); they give up their place on page 0 so that the common punctuation fits.
const rareCapitals = "ẲẴẶẨẪẬẺẼẸỈĨỊỶỸ"

// codePages spreads the repertoire over 8-bit code pages, codes 32 to 255. The first page
// keeps ASCII at its own codes and fills 127–255 with Vietnamese letters and punctuation,
// so that most text is one run of page 0; later pages hold the rest. Every page has the
// space at 32, so a space never splits a run.
func codePages(rep map[rune]bool) [][256]rune {
	var first [256]rune
	for c := rune(32); c < 127; c++ {
		if rep[c] {
			first[c] = c
		}
	}
	rest := make([]rune, 0, len(rep))
	for r := range rep {
		if r >= 127 {
			rest = append(rest, r)
		}
	}
	rank := func(r rune) (int, int) {
		switch {
		case strings.ContainsRune(vietnamese, r):
			return 0, 0
		case strings.ContainsRune(rareCapitals, r):
			return 3, 0
		case strings.ContainsRune(vietnamese, unicode.ToLower(r)):
			return 1, 0
		case strings.ContainsRune(punctuation, r):
			return 2, strings.IndexRune(punctuation, r)
		}
		return 4, 0
	}
	sort.Slice(rest, func(i, j int) bool {
		a, ai := rank(rest[i])
		b, bi := rank(rest[j])
		if a != b || ai != bi {
			return a < b || a == b && ai < bi
		}
		return rest[i] < rest[j]
	})
	pages := [][256]rune{first}
	code := 127
	for _, r := range rest {
		if code > 255 {
			var next [256]rune
			next[' '] = ' '
			pages = append(pages, next)
			code = 33
		}
		pages[len(pages)-1][code] = r
		code++
	}
	return pages
}
