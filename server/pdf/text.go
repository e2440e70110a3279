package pdf

// cell is what the renderer knows of a character in one face: its advance width in 1/1000
// em and where it is in the code pages. Cells are a dense table indexed by the character,
// built once, so measuring text (which wrapping does a lot) costs no map lookups.
type cell struct {
	width int32
	page  uint8
	code  uint8
	ok    bool
}

// cellOf returns the cell of r in a face, or a zero cell (not ok) for a character outside
// the repertoire.
func (s *fontSet) cellOf(style string, r rune) cell {
	t := s.cells[style]
	if r < 0 || int(r) >= len(t) {
		return cell{}
	}
	return t[r]
}

// textRun is a piece of text in one code page, as the bytes to draw and its advance width
// in 1/1000 em.
type textRun struct {
	page  int
	bytes string
	width int
}

// runs encodes clean text (every character in the repertoire; others are skipped) into runs
// of one code page each, with their widths in the style's face.
func (s *fontSet) runs(style, text string) []textRun {
	var out []textRun
	var buf []byte
	cur, w := -1, 0
	flush := func() {
		if len(buf) > 0 {
			out = append(out, textRun{cur, string(buf), w})
		}
		buf, w = buf[:0], 0
	}
	for _, r := range text {
		c := s.cellOf(style, r)
		if !c.ok {
			continue
		}
		page := int(c.page)
		if r == ' ' && cur >= 0 {
			page = cur // every page has the space at 32
		}
		if page != cur {
			flush()
			cur = page
		}
		buf = append(buf, c.code)
		w += int(c.width)
	}
	flush()
	return out
}

// width is the advance width of clean text in the style's face, in 1/1000 em, and the set
// of code pages it needs (bit n for page n).
func (s *fontSet) width(style, text string) (int, uint32) {
	w, pages := 0, uint32(0)
	for _, r := range text {
		if c := s.cellOf(style, r); c.ok {
			w += int(c.width)
			if r != ' ' {
				pages |= 1 << c.page
			}
		}
	}
	return w, pages
}
