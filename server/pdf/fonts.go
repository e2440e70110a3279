package pdf

import (
	"bytes"
	"compress/zlib"
	"encoding/json"
	"fmt"
	"io/fs"
	"strconv"
	"unicode"

	"github.com/jung-kurt/gofpdf"
)

// family is the prefix of the names the ticket's font is registered under in a document:
// family+"0", family+"1", one per code page.
const family = "bvp"

// face is one weight of the font: the gofpdf style it is registered as, its PostScript name
// and its file under assets/fonts.
type face struct {
	style, name, file string
}

// faces are the weights a ticket uses (Be Vietnam Pro, OFL).
var faces = []face{
	{"", "BeVietnamPro-Regular", "fonts/BeVietnamPro_400Regular.ttf"},
	{"B", "BeVietnamPro-ExtraBold", "fonts/BeVietnamPro_800ExtraBold.ttf"},
}

// fontSet is the font prepared once at start, so that a document costs no font parsing,
// subsetting or compression. gofpdf's UTF-8 fonts redo all three for every document (about
// 10 MB of allocation a ticket); instead each face is cut once to the characters the
// sanitiser lets through, compressed once, and described as a few 8-bit fonts (code pages
// of up to 224 characters, named by Unicode in a PDF /Differences encoding) that share that
// one embedded font program. Text is drawn as runs of one code page each.
type fontSet struct {
	repertoire map[rune]bool
	slot       map[rune]slot
	pages      int
	defs       map[string][][]byte // style → JSON font definition of each code page
	program    map[string][]byte   // style → the cut font, zlib-compressed
	cells      map[string][]cell   // style → width and code of every character, by character
}

// slot is where a character is in the code pages.
type slot struct {
	page int
	code byte
}

// loadFonts reads the faces from fsys (the embedded assets) and prepares them.
func loadFonts(fsys fs.FS) (*fontSet, error) {
	files, mets := map[string][]byte{}, map[string]*metrics{}
	var common map[rune]bool
	for _, f := range faces {
		b, err := fs.ReadFile(fsys, f.file)
		if err != nil {
			return nil, fmt.Errorf("pdf: read font: %w", err)
		}
		m, err := readMetrics(b)
		if err != nil {
			return nil, fmt.Errorf("pdf: %s: %w", f.file, err)
		}
		files[f.style], mets[f.style] = b, m
		if common == nil {
			common = map[rune]bool{}
			for r := range m.widths {
				common[r] = true
			}
		}
		for r := range common {
			if _, ok := m.widths[r]; !ok {
				delete(common, r)
			}
		}
	}
	rep := map[rune]bool{}
	for r := range common {
		if unicode.IsPrint(r) && !unicode.Is(unicode.Mn, r) {
			rep[r] = true
		}
	}
	for _, r := range "Aaệ0 ĐƯ" {
		if !rep[r] {
			return nil, fmt.Errorf("pdf: %w: the font lacks %q", errFont, r)
		}
	}
	layout := codePages(rep)
	set := &fontSet{repertoire: rep, slot: map[rune]slot{}, pages: len(layout),
		defs: map[string][][]byte{}, program: map[string][]byte{}, cells: map[string][]cell{}}
	for p, page := range layout {
		for code, r := range page {
			if r != 0 && (r != ' ' || p == 0) {
				set.slot[r] = slot{p, byte(code)}
			}
		}
	}
	cut := cutset(layout)
	for _, f := range faces {
		program := gofpdf.UTF8CutFont(files[f.style], cut)
		if len(program) == 0 {
			return nil, fmt.Errorf("pdf: cut %s: %w", f.file, errFont)
		}
		var z bytes.Buffer
		w, _ := zlib.NewWriterLevel(&z, zlib.BestCompression)
		w.Write(program)
		w.Close()
		set.program[f.style] = z.Bytes()
		set.cells[f.style] = cells(set.slot, mets[f.style].widths)
		for p, page := range layout {
			def, err := definition(f, mets[f.style], page, len(program), p)
			if err != nil {
				return nil, err
			}
			set.defs[f.style] = append(set.defs[f.style], def)
		}
	}
	return set, nil
}

// cutset is every character of the code pages, for cutting the font files.
func cutset(layout [][256]rune) string {
	var b []rune
	for _, page := range layout {
		for _, r := range page {
			if r != 0 {
				b = append(b, r)
			}
		}
	}
	return string(b)
}

// cells builds the dense table of a face from the code pages and its widths.
func cells(slots map[rune]slot, widths map[rune]int) []cell {
	top := rune(0)
	for r := range slots {
		top = max(top, r)
	}
	t := make([]cell, top+1)
	for r, sl := range slots {
		t[r] = cell{width: int32(widths[r]), page: uint8(sl.page), code: sl.code, ok: true}
	}
	return t
}

// register adds the code pages a document uses (bit n of pages for page n; page 0 always)
// of every face: a few small JSON definitions and the shared, already compressed programs.
func (s *fontSet) register(p *gofpdf.Fpdf, pages uint32) {
	for _, f := range faces {
		for page, def := range s.defs[f.style] {
			if page == 0 || pages&(1<<page) != 0 {
				p.AddFontFromBytes(family+strconv.Itoa(page), f.style, def, s.program[f.style])
			}
		}
	}
}

// fontDef is gofpdf's JSON font definition (what its makefont tool writes).
type fontDef struct {
	Tp, Name     string
	Desc         fontDesc
	Up, Ut       int
	Cw           []int
	Enc, Diff    string
	File         string
	Size1, Size2 int
	OriginalSize int
}

type fontDesc struct {
	Ascent, Descent, CapHeight, Flags int
	FontBBox                          struct{ Xmin, Ymin, Xmax, Ymax int }
	ItalicAngle, StemV, MissingWidth  int
}

// definition describes one code page of a face as a TrueType font with a /Differences
// encoding that names every character by its Unicode value (uniXXXX), which PDF readers map
// to the glyph through the font's Unicode cmap; text extraction reads the same names.
func definition(f face, m *metrics, page [256]rune, size, n int) ([]byte, error) {
	d := fontDef{Tp: "TrueType", Name: f.name, Up: m.underlinePos, Ut: m.underlineTh,
		Enc: "luot-" + strconv.Itoa(n), File: f.name + ".z", OriginalSize: size, Cw: make([]int, 256)}
	d.Desc.Ascent, d.Desc.Descent, d.Desc.CapHeight = m.ascent, m.descent, m.capHeight
	d.Desc.Flags = 1 << 5 // nonsymbolic: glyphs are found by their Unicode names
	d.Desc.FontBBox.Xmin, d.Desc.FontBBox.Ymin = m.bbox[0], m.bbox[1]
	d.Desc.FontBBox.Xmax, d.Desc.FontBBox.Ymax = m.bbox[2], m.bbox[3]
	d.Desc.ItalicAngle, d.Desc.MissingWidth = m.italicAngle, m.missingWidth
	d.Desc.StemV = 70
	if m.bold {
		d.Desc.StemV = 120
	}
	var diff bytes.Buffer
	next := -1
	for code, r := range page {
		d.Cw[code] = m.missingWidth
		if r == 0 {
			continue
		}
		d.Cw[code] = m.widths[r]
		if r < 0x7f && int(r) == code {
			continue // ASCII at its own code: the base encoding (WinAnsi) already names it
		}
		if code != next {
			fmt.Fprintf(&diff, "%d ", code)
		}
		fmt.Fprintf(&diff, "/uni%04X ", r)
		next = code + 1
	}
	d.Diff = string(bytes.TrimSpace(diff.Bytes()))
	return json.Marshal(d)
}
