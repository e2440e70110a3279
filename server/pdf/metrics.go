package pdf

import (
	"encoding/binary"
	"fmt"
)

// metrics are what a PDF font dictionary needs of a TrueType font, in 1/1000 em.
type metrics struct {
	bbox                       [4]int // xMin yMin xMax yMax
	ascent, descent, capHeight int
	italicAngle                int
	underlinePos, underlineTh  int
	missingWidth               int
	widths                     map[rune]int // advance width of every character with a glyph
	bold                       bool
}

// readMetrics reads a font's head, hhea, hmtx, OS/2, post and cmap tables.
func readMetrics(ttf []byte) (*metrics, error) {
	t, err := tables(ttf, "head", "hhea", "hmtx", "OS/2", "post")
	if err != nil {
		return nil, err
	}
	head, hhea, hmtx, os2, post := t[0], t[1], t[2], t[3], t[4]
	if len(head) < 54 || len(hhea) < 36 || len(os2) < 78 || len(post) < 12 {
		return nil, fmt.Errorf("%w: short metric tables", errFont)
	}
	em := float64(u16(head, 18))
	if em == 0 {
		return nil, fmt.Errorf("%w: unitsPerEm is 0", errFont)
	}
	scale := func(v int) int { return int(float64(v)*1000/em + 0.5*sign(v)) }
	s16 := func(b []byte, at int) int { return int(int16(u16(b, at))) }
	m := &metrics{
		bbox:         [4]int{scale(s16(head, 36)), scale(s16(head, 38)), scale(s16(head, 40)), scale(s16(head, 42))},
		ascent:       scale(s16(os2, 68)),
		descent:      scale(s16(os2, 70)),
		italicAngle:  int(int32(binary.BigEndian.Uint32(post[4:])) >> 16),
		underlinePos: scale(s16(post, 8)),
		underlineTh:  scale(s16(post, 10)),
		bold:         u16(os2, 4) >= 600,
	}
	m.capHeight = m.ascent
	if u16(os2, 0) >= 2 && len(os2) >= 90 {
		m.capHeight = scale(s16(os2, 88))
	}
	nMetrics := int(u16(hhea, 34))
	if nMetrics == 0 || 4*nMetrics > len(hmtx) {
		return nil, fmt.Errorf("%w: bad hmtx", errFont)
	}
	advance := func(glyph int) int {
		glyph = min(glyph, nMetrics-1) // the last advance repeats for the glyphs after it
		return scale(int(u16(hmtx, 4*glyph)))
	}
	m.missingWidth = advance(0)
	cmap, err := glyphs(ttf)
	if err != nil {
		return nil, err
	}
	m.widths = make(map[rune]int, len(cmap))
	for r, g := range cmap {
		m.widths[r] = advance(g)
	}
	return m, nil
}

func sign(v int) float64 {
	if v < 0 {
		return -1
	}
	return 1
}
