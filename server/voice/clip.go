package voice

import (
	"slices"
	"strings"

	"golang.org/x/text/unicode/norm"
)

// Clip names the recorded clip of a word: its Telex spelling, the way every Vietnamese
// types, so that file names stay ASCII and no two words share one ("mười" → "muwowif",
// "mươi" → "muwowi", "lẻ" → "ler"). Letters take their marks (â ê ô → aa ee oo, ă ơ ư → aw
// ow uw, đ → dd) and the syllable's tone goes at its end (sắc s, huyền f, hỏi r, ngã x,
// nặng j); hyphens between syllables stay ("e-lờ" → "e-lowf"). Anything else is dropped.
func Clip(word string) string {
	var b strings.Builder
	for i, syl := range strings.Split(word, "-") {
		if i > 0 {
			b.WriteByte('-')
		}
		b.WriteString(telex(syl))
	}
	return b.String()
}

// telex spells one syllable.
func telex(syl string) string {
	var b strings.Builder
	tone := byte(0)
	for _, r := range norm.NFD.String(strings.ToLower(syl)) {
		switch r {
		case 'đ':
			b.WriteString("dd")
		case '\u0302': // circumflex: â ê ô
			s := b.String()
			if s != "" {
				b.WriteByte(s[len(s)-1])
			}
		case '\u0306', '\u031b': // breve (ă) and horn (ơ ư)
			b.WriteByte('w')
		case '\u0301':
			tone = 's'
		case '\u0300':
			tone = 'f'
		case '\u0309':
			tone = 'r'
		case '\u0303':
			tone = 'x'
		case '\u0323':
			tone = 'j'
		default:
			if r >= 'a' && r <= 'z' {
				b.WriteRune(r)
			}
		}
	}
	if tone != 0 {
		b.WriteByte(tone)
	}
	return b.String()
}

// Chime is the clip played before every call.
const Chime = "chime"

// Entry is a clip of the inventory: its file name and the word it says.
type Entry struct {
	Clip string
	Word string
}

// Inventory lists every clip a call can need with the given announcements (the wordings of
// the organisation file), sorted by clip name and without repeats: the number words of both
// dialects, the letter names, the word of the short form (CounterWord), the words of the
// kiosk's TicketWording and those of the wordings. scripts/voice.sh records them.
func Inventory(announcements ...string) ([]Entry, error) {
	words := append([]string{}, digitWords[:]...)
	words = append(words, "trăm", "mười", "mươi", "mốt", "tư", "lăm", "lẻ", "linh",
		"ngàn", "nghìn", "triệu", "tỷ", CounterWord)
	words = append(words, letterNames[:]...)
	for _, a := range append([]string{TicketWording}, announcements...) {
		w, err := Words(placeholders.ReplaceAllString(a, " "), South)
		if err != nil {
			return nil, err
		}
		words = append(words, w...)
	}
	seen := map[string]bool{}
	var out []Entry
	for _, w := range words {
		c := Clip(w)
		if seen[c] {
			continue
		}
		seen[c] = true
		out = append(out, Entry{Clip: c, Word: w})
	}
	slices.SortFunc(out, func(a, b Entry) int { return strings.Compare(a.Clip, b.Clip) })
	return out, nil
}
