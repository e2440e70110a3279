package voice

import (
	"strings"

	"golang.org/x/text/unicode/norm"
)

// Sound is how a word is heard in a dialect, as a key: two words with the same key sound
// alike to a hall of that dialect. It spells each syllable as its initial consonant, its
// rhyme and its tone, after the mergers of each dialect's everyday speech:
//
//   - both: c, k and q are one /k/; gh is g and ngh ng; s and x are one sound, and ch and
//     tr (the North always, much of the South too); y is i ("quy", "ly").
//   - North: d, gi and r are one /z/.
//   - South: d, gi and v are one /j/ ("vitamin" is "di-ta-min"); r is heard as g in much of
//     the Mekong delta; a final n is ng, t is c, nh is n and ch is t ("ích" is "ít"); the
//     hỏi and ngã tones are one.
//
// The key is not a transcription: it only says whether two words can be told apart, which
// is what a ticket prefix needs (config refuses two prefixes of a site that sound alike).
func Sound(word string, d Dialect) string {
	var b strings.Builder
	for i, syl := range strings.Split(strings.ToLower(norm.NFC.String(word)), "-") {
		if i > 0 {
			b.WriteByte('.')
		}
		b.WriteString(syllableSound(syl, d))
	}
	return b.String()
}

// PrefixSound is the Sound of a ticket prefix as the voice reads it: its letters' names, one
// after another ("HK" is "hát ca"). Letters without a name are kept as they are.
func PrefixSound(prefix string, d Dialect) string {
	words := make([]string, 0, len(prefix))
	for i := 0; i < len(prefix); i++ {
		name, ok := Letter(prefix[i])
		if !ok {
			name = prefix[i : i+1]
		}
		words = append(words, Sound(name, d))
	}
	return strings.Join(words, " ")
}

// PrefixName is how the voice reads a ticket prefix: "HK" → "hát ca".
func PrefixName(prefix string) string {
	words := make([]string, 0, len(prefix))
	for i := 0; i < len(prefix); i++ {
		if name, ok := Letter(prefix[i]); ok {
			words = append(words, name)
		}
	}
	return strings.Join(words, " ")
}

// initials are the written initial consonants, longest first where one begins another.
var initials = []string{"ngh", "ng", "gh", "gi", "kh", "ph", "th", "tr", "ch", "nh", "qu",
	"b", "c", "d", "đ", "g", "h", "k", "l", "m", "n", "p", "r", "s", "t", "v", "x"}

// heard maps a written initial to the sound it shares with others, per dialect; an initial
// not listed is its own sound.
var heard = map[Dialect]map[string]string{
	North: {"c": "k", "qu": "kw", "gh": "g", "ngh": "ng", "d": "z", "gi": "z", "r": "z", "x": "s", "tr": "ch"},
	South: {"c": "k", "qu": "w", "gh": "g", "ngh": "ng", "d": "j", "gi": "j", "v": "j", "r": "g", "x": "s", "tr": "ch"},
}

// southFinals are the final consonants the South does not tell apart.
var southFinals = strings.NewReplacer("nh", "n", "ng", "n", "ch", "t", "c", "t")

// tones are the combining marks of the five marked tones (ngang has none).
var tones = map[rune]byte{'\u0300': '2', '\u0301': '3', '\u0309': '4', '\u0303': '5', '\u0323': '6'}

// syllableSound is the key of one syllable: initial, "-", rhyme, tone digit.
func syllableSound(syl string, d Dialect) string {
	tone := byte('1')
	var rest []rune
	for _, r := range norm.NFD.String(syl) {
		if t, ok := tones[r]; ok {
			tone = t
			continue
		}
		rest = append(rest, r)
	}
	s := norm.NFC.String(string(rest))
	initial := ""
	for _, in := range initials {
		if strings.HasPrefix(s, in) {
			initial = in
			break
		}
	}
	rhyme := s[len(initial):]
	if initial == "gi" && (rhyme == "" || !strings.ContainsRune("aăâeêioôơuưy", []rune(rhyme)[0])) {
		rhyme = "i" + rhyme // "gi", "gìn": the i is the vowel
	}
	if h, ok := heard[d][initial]; ok {
		initial = h
	}
	rhyme = strings.ReplaceAll(rhyme, "y", "i")
	if d == South {
		if r := []rune(rhyme); len(r) > 1 {
			rhyme = string(r[:1]) + southFinals.Replace(string(r[1:]))
		}
		if tone == '5' {
			tone = '4'
		}
	}
	return initial + "-" + rhyme + string(tone)
}
