package pdf

import "testing"

func TestRuns(t *testing.T) {
	fs := renderer(t).fonts
	text := "Ỹ Đất đai ₫"
	runs := fs.runs("", text)
	var back []rune
	total := 0
	for _, run := range runs {
		for i := 0; i < len(run.bytes); i++ {
			for r, sl := range fs.slot {
				if sl.page == run.page && sl.code == run.bytes[i] || run.bytes[i] == ' ' && r == ' ' {
					back = append(back, r)
					break
				}
			}
		}
		total += run.width
	}
	if string(back) != text {
		t.Errorf("runs decode to %q, want %q", string(back), text)
	}
	w, pages := fs.width("", text)
	if total != w || total == 0 {
		t.Errorf("runs are %d wide, width says %d", total, w)
	}
	if pages != 3 {
		t.Errorf("%q needs pages %b, want 11 (Ỹ is on page 1)", text, pages)
	}
	if _, pages := fs.width("", "Đất đai"); pages != 1 {
		t.Errorf("Đất đai needs pages %b, want page 0 only", pages)
	}
	bw, _ := fs.width("B", "W")
	iw, _ := fs.width("", "i")
	if bw <= iw {
		t.Errorf("a bold W is not wider than a regular i")
	}
}
