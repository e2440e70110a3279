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

// TestSayParts: the number's place in the sentence, the reminder after it, the short form
// and the lead-in of a run of short calls, for the default wording and odd ones.
func TestSayParts(t *testing.T) {
	tests := []struct {
		announcement, number string
		counter              int64
		at                   [2]int
		again, short, lead   string // words
		againAt, shortAt     [2]int
		againText, shortText string
	}{
		{wording, "A023", 5, [2]int{7, 11},
			"a không hai ba đến quầy số năm", "a không hai ba quầy năm", "mời công dân có số thứ tự",
			[2]int{0, 4}, [2]int{0, 4}, "A không hai ba đến quầy số năm", "A không hai ba, quầy năm"},
		{"Quầy {counter} mời số {number}.", "HK12", 24, [2]int{6, 10},
			"hai mươi bốn mời số hát ca một hai", "hát ca một hai quầy hai mươi bốn", "",
			[2]int{5, 9}, [2]int{0, 4}, "hai mươi bốn mời số HK một hai", "HK một hai, quầy hai mươi bốn"},
		{"{number}", "B7", 0, [2]int{0, 2}, "bê bảy", "bê bảy", "", [2]int{0, 2}, [2]int{0, 2}, "B bảy", "B bảy"},
	}
	for _, tt := range tests {
		c, err := Say(tt.announcement, tt.number, tt.counter, Options{Dialect: South, Digits: true})
		if err != nil {
			t.Fatalf("Say(%q): %v", tt.announcement, err)
		}
		words := func(clips []string) string {
			var w []string
			for _, clip := range clips {
				for _, e := range mustInventory(t, tt.announcement) {
					if e.Clip == clip {
						w = append(w, e.Word)
					}
				}
			}
			return strings.Join(w, " ")
		}
		if c.NumberAt != tt.at || strings.Join(c.Words[c.NumberAt[0]:c.NumberAt[1]], " ") == "" {
			t.Errorf("%q: number at %v, want %v", tt.announcement, c.NumberAt, tt.at)
		}
		for _, p := range []struct {
			name       string
			part       Part
			words      string
			at         [2]int
			text       string
			checkShape bool
		}{
			{"again", c.Again, tt.again, tt.againAt, tt.againText, true},
			{"short", c.Short, tt.short, tt.shortAt, tt.shortText, true},
			{"lead", c.Lead, tt.lead, [2]int{}, "", false},
		} {
			if got := words(p.part.Clips); got != p.words {
				t.Errorf("%q %s: got %q, want %q", tt.announcement, p.name, got, p.words)
			}
			if p.checkShape && (p.part.NumberAt != p.at || p.part.Text != p.text) {
				t.Errorf("%q %s: number at %v, text %q; want %v, %q", tt.announcement, p.name, p.part.NumberAt, p.part.Text, p.at, p.text)
			}
		}
	}
}

func mustInventory(t *testing.T, announcement string) []Entry {
	t.Helper()
	inv, err := Inventory(announcement)
	if err != nil {
		t.Fatal(err)
	}
	return inv
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
	f.Add("no placeholder", "A1", int64(1), false)
	f.Fuzz(func(t *testing.T, announcement, number string, counter int64, digits bool) {
		c, err := Say(announcement, number, counter, Options{Dialect: South, Digits: digits})
		if err != nil {
			return
		}
		all := append(append(append(append([]string{}, c.Clips...), c.Again.Clips...), c.Short.Clips...), c.Lead.Clips...)
		for _, p := range []Part{{Clips: c.Clips, NumberAt: c.NumberAt}, c.Again, c.Short, c.Lead} {
			if p.NumberAt[0] < 0 || p.NumberAt[0] > p.NumberAt[1] || p.NumberAt[1] > len(p.Clips) {
				t.Fatalf("Say(%q, %q): number at %v of %d clips", announcement, number, p.NumberAt, len(p.Clips))
			}
		}
		for _, clip := range all {
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
