package pdf

import (
	"strings"
	"testing"
)

// mono measures every character as 1 mm, so the tests read like a ruler.
func mono(s string) float64 { return float64(len([]rune(s))) }

func TestWrap(t *testing.T) {
	for _, c := range []struct {
		text     string
		max      float64
		maxLines int
		want     []string
	}{
		{"Đất đai", 10, 0, []string{"Đất đai"}},
		{"Nông nghiệp và phát triển", 12, 0, []string{"Nông nghiệp", "và phát", "triển"}},
		{"abcdefghij xy", 4, 0, []string{"abcd", "efgh", "ij", "xy"}}, // a word longer than a line
		{"một hai ba bốn năm sáu", 7, 2, []string{"một hai", "ba bốn…"}},
		{"", 10, 0, nil},
	} {
		got := wrap(c.text, c.max, c.maxLines, mono)
		if strings.Join(got, "|") != strings.Join(c.want, "|") {
			t.Errorf("wrap(%q, %v, %d) = %q, want %q", c.text, c.max, c.maxLines, got, c.want)
		}
		for _, line := range got {
			if mono(line) > c.max {
				t.Errorf("wrap(%q): line %q is wider than %v", c.text, line, c.max)
			}
		}
	}
}

func TestBalanced(t *testing.T) {
	text := "Tư pháp (lý lịch tư pháp, quốc tịch)"
	if greedy := wrap(text, 30, 3, mono); greedy[1] != "tịch)" {
		t.Fatalf("greedy wrap = %q, want a lone word on the last line", greedy)
	}
	got := balanced(text, 30, 3, mono)
	want := []string{"Tư pháp (lý lịch tư", "pháp, quốc tịch)"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("got %q, want %q (lines of even length)", got, want)
	}
}

// TestGofpdfSplitsVietnameseEarly shows why the ticket wraps text itself: gofpdf measures
// UTF-8 bytes, so a Vietnamese line that fits is split anyway.
func TestGofpdfSplitsVietnameseEarly(t *testing.T) {
	p := bareGofpdf(t)
	p.SetCellMargin(0)
	text := "Nông nghiệp và phát triển nông thôn"
	width := p.GetStringWidth(text) + 1
	if lines := p.SplitLines([]byte(text), width); len(lines) < 2 {
		t.Errorf("gofpdf's SplitLines kept %q on one line: the trap is gone, wrap may be retired", text)
	}
	if got := wrap(text, width, 0, p.GetStringWidth); len(got) != 1 {
		t.Errorf("wrap split a line that fits: %q", got)
	}
}
