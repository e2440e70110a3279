package voice

import (
	"errors"
	"strings"
	"testing"
)

const wording = "Mời công dân có số thứ tự {number} đến quầy số {counter}"

func TestSay(t *testing.T) {
	tests := []struct {
		announcement, number string
		counter              int64
		o                    Options
		text, words          string
	}{
		{wording, "A023", 5, Options{Dialect: South},
			"Mời công dân có số thứ tự A không trăm hai mươi ba đến quầy số năm",
			"mời công dân có số thứ tự a không trăm hai mươi ba đến quầy số năm"},
		{wording, "A023", 15, Options{Dialect: North, Digits: true},
			"Mời công dân có số thứ tự A không hai ba đến quầy số mười lăm",
			"mời công dân có số thứ tự a không hai ba đến quầy số mười lăm"},
		{"Xin mời số {number}, quầy {counter}.", "HK1024", 24, Options{Dialect: North},
			"Xin mời số HK một nghìn không trăm hai mươi tư, quầy hai mươi tư.",
			"xin mời số hát ca một nghìn không trăm hai mươi tư quầy hai mươi tư"},
		{"Số {number} mời đến quầy 21", "B101", 0, Options{Dialect: South},
			"Số B một trăm lẻ một mời đến quầy 21",
			"số bê một trăm lẻ một mời đến quầy hai mươi mốt"},
	}
	for _, tt := range tests {
		c, err := Say(tt.announcement, tt.number, tt.counter, tt.o)
		if err != nil {
			t.Fatalf("Say(%q, %q, %d): %v", tt.announcement, tt.number, tt.counter, err)
		}
		if got := strings.Join(c.Words, " "); got != tt.words {
			t.Errorf("Say(%q, %q): words %q, want %q", tt.announcement, tt.number, got, tt.words)
		}
		if c.Text != tt.text {
			t.Errorf("Say(%q, %q): text %q, want %q", tt.announcement, tt.number, c.Text, tt.text)
		}
		if len(c.Clips) != len(c.Words) {
			t.Fatalf("%d clips for %d words", len(c.Clips), len(c.Words))
		}
		for i, w := range c.Words {
			if c.Clips[i] != Clip(w) {
				t.Errorf("clip %d: got %q, want %q", i, c.Clips[i], Clip(w))
			}
		}
	}
}

func TestSayErrors(t *testing.T) {
	if _, err := Say(wording, "A-1", 1, Options{}); !errors.Is(err, ErrBadNumber) {
		t.Errorf("bad number: got %v, want ErrBadNumber", err)
	}
	if _, err := Say(wording, "A1", -1, Options{}); !errors.Is(err, ErrBadCounter) {
		t.Errorf("bad counter: got %v, want ErrBadCounter", err)
	}
	if _, err := Say("Quầy 99999999999999999999 {number}", "A1", 1, Options{}); err == nil {
		t.Error("unreadable literal number: got no error")
	}
}

// FuzzSay: any wording and number give a call whose every clip is a non-empty ASCII name, or
// an error; never a panic.
func FuzzSay(f *testing.F) {
	f.Add(wording, "A023", int64(5), true)
	f.Add("{number}{counter}{number}", "Z9", int64(0), false)
	f.Add("Mời 123 {number} ☎ 1022", "HK1", int64(999), false)
	f.Fuzz(func(t *testing.T, announcement, number string, counter int64, digits bool) {
		c, err := Say(announcement, number, counter, Options{Dialect: South, Digits: digits})
		if err != nil {
			return
		}
		for _, clip := range c.Clips {
			if clip == "" {
				t.Fatalf("Say(%q, %q): an empty clip in %q", announcement, number, c.Clips)
			}
			for i := 0; i < len(clip); i++ {
				if b := clip[i]; !(b >= 'a' && b <= 'z') && b != '-' {
					t.Fatalf("clip %q is not ASCII lowercase", clip)
				}
			}
		}
	})
}
