package pdf

import (
	"encoding/binary"
	"errors"
	"fmt"
)

// errFont is a TrueType file this package cannot read.
var errFont = errors.New("pdf: not a readable TrueType font")

// glyphs maps the characters a TrueType font has a glyph for to the glyph's index, from its
// Unicode cmap (format 4: the Basic Multilingual Plane). The sanitiser lets through only
// these, because a PDF draws a character without a glyph as nothing at all.
func glyphs(ttf []byte) (map[rune]int, error) {
	cmap, err := table(ttf, "cmap")
	if err != nil {
		return nil, err
	}
	if len(cmap) < 4 {
		return nil, fmt.Errorf("%w: short cmap", errFont)
	}
	n := int(u16(cmap, 2))
	for i := 0; i < n; i++ {
		rec := 4 + 8*i
		if rec+8 > len(cmap) {
			break
		}
		platform, encoding := u16(cmap, rec), u16(cmap, rec+2)
		off := int(binary.BigEndian.Uint32(cmap[rec+4:]))
		unicodeBMP := platform == 0 || (platform == 3 && encoding == 1)
		if !unicodeBMP || off < 0 || off+2 > len(cmap) || u16(cmap, off) != 4 {
			continue
		}
		return format4(cmap[off:])
	}
	return nil, fmt.Errorf("%w: no Unicode cmap of format 4", errFont)
}

// format4 reads a cmap subtable of format 4: segments of consecutive characters mapped by
// a delta or through the glyph id array; glyph 0 is "missing".
func format4(sub []byte) (map[rune]int, error) {
	if len(sub) < 14 {
		return nil, fmt.Errorf("%w: short cmap subtable", errFont)
	}
	segs := int(u16(sub, 6)) / 2
	ends, starts := 14, 14+2*segs+2
	deltas, ranges := starts+2*segs, starts+4*segs
	if ranges+2*segs > len(sub) {
		return nil, fmt.Errorf("%w: truncated cmap subtable", errFont)
	}
	out := make(map[rune]int, 512)
	for i := 0; i < segs; i++ {
		start, end := int(u16(sub, starts+2*i)), int(u16(sub, ends+2*i))
		delta, rangeOff := int(u16(sub, deltas+2*i)), int(u16(sub, ranges+2*i))
		if start > end || end == 0xFFFF && start == 0xFFFF {
			continue
		}
		for c := start; c <= end; c++ {
			glyph := 0
			if rangeOff == 0 {
				glyph = (c + delta) & 0xFFFF
			} else {
				at := ranges + 2*i + rangeOff + 2*(c-start)
				if at+2 > len(sub) {
					break
				}
				if g := int(u16(sub, at)); g != 0 {
					glyph = (g + delta) & 0xFFFF
				}
			}
			if glyph != 0 {
				out[rune(c)] = glyph
			}
		}
	}
	return out, nil
}

// tables returns the bytes of tables of a TrueType file, in the order of their tags.
func tables(ttf []byte, tags ...string) ([][]byte, error) {
	out := make([][]byte, len(tags))
	for i, tag := range tags {
		t, err := table(ttf, tag)
		if err != nil {
			return nil, err
		}
		out[i] = t
	}
	return out, nil
}

// table returns the bytes of a table of a TrueType file, by its tag.
func table(ttf []byte, tag string) ([]byte, error) {
	if len(ttf) < 12 {
		return nil, fmt.Errorf("%w: too short", errFont)
	}
	if v := binary.BigEndian.Uint32(ttf); v != 0x00010000 && v != 0x74727565 {
		return nil, fmt.Errorf("%w: version %#x", errFont, v)
	}
	n := int(u16(ttf, 4))
	for i := 0; i < n; i++ {
		rec := 12 + 16*i
		if rec+16 > len(ttf) {
			break
		}
		if string(ttf[rec:rec+4]) != tag {
			continue
		}
		off := int(binary.BigEndian.Uint32(ttf[rec+8:]))
		size := int(binary.BigEndian.Uint32(ttf[rec+12:]))
		if off < 0 || size < 0 || off > len(ttf) || size > len(ttf)-off {
			return nil, fmt.Errorf("%w: table %s out of bounds", errFont, tag)
		}
		return ttf[off : off+size], nil
	}
	return nil, fmt.Errorf("%w: no %s table", errFont, tag)
}

func u16(b []byte, at int) uint16 { return binary.BigEndian.Uint16(b[at:]) }
