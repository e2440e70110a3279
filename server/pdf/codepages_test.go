package pdf

import "testing"

func TestCodePages(t *testing.T) {
	fs := renderer(t).fonts
	if fs.pages < 2 || fs.pages > 3 {
		t.Errorf("got %d code pages, want 2 or 3", fs.pages)
	}
	seen := map[slot]rune{}
	for r := range fs.repertoire {
		sl, ok := fs.slot[r]
		if !ok {
			t.Fatalf("%q has no code", r)
		}
		if other, dup := seen[sl]; dup {
			t.Fatalf("%q and %q share page %d code %d", r, other, sl.page, sl.code)
		}
		seen[sl] = r
		if sl.code < 32 {
			t.Errorf("%q at code %d, below 32", r, sl.code)
		}
		if r < 127 && (sl.page != 0 || rune(sl.code) != r) {
			t.Errorf("ASCII %q at page %d code %d, want its own code on page 0", r, sl.page, sl.code)
		}
	}
	for _, r := range vietnamese + "SỐTHỨỰƯUIÊNĐ–“”‘’…" {
		if fs.slot[r].page != 0 {
			t.Errorf("%q is on page %d, want 0 (a ticket's common text is one run)", r, fs.slot[r].page)
		}
	}
}
