package voice

import (
	"strings"
	"testing"
)

// TestNumber is the table of the issue: every rule of the Vietnamese reading in both
// dialects, from 0 to 1,000,000.
func TestNumber(t *testing.T) {
	tests := []struct {
		n            int64
		south, north string // north "" means the same as south
	}{
		{0, "không", ""},
		{1, "một", ""},
		{4, "bốn", ""},
		{5, "năm", ""},
		{9, "chín", ""},
		{10, "mười", ""},
		{11, "mười một", ""}, // mười một, never mười mốt
		{14, "mười bốn", ""},
		{15, "mười lăm", ""}, // lăm, never mười năm (espeak-ng's own reading)
		{19, "mười chín", ""},
		{20, "hai mươi", ""}, // mươi without the accent from 20 on
		{21, "hai mươi mốt", ""},
		{24, "hai mươi bốn", "hai mươi tư"},
		{25, "hai mươi lăm", ""},
		{30, "ba mươi", ""},
		{41, "bốn mươi mốt", ""},
		{44, "bốn mươi bốn", "bốn mươi tư"},
		{55, "năm mươi lăm", ""},
		{99, "chín mươi chín", ""},
		{100, "một trăm", ""},
		{101, "một trăm lẻ một", "một trăm linh một"}, // một after lẻ, never mốt
		{104, "một trăm lẻ bốn", "một trăm linh bốn"},
		{105, "một trăm lẻ năm", "một trăm linh năm"}, // năm after lẻ, never lăm
		{110, "một trăm mười", ""},
		{111, "một trăm mười một", ""},
		{115, "một trăm mười lăm", ""},
		{121, "một trăm hai mươi mốt", ""},
		{124, "một trăm hai mươi bốn", "một trăm hai mươi tư"},
		{205, "hai trăm lẻ năm", "hai trăm linh năm"},
		{250, "hai trăm năm mươi", ""},
		{255, "hai trăm năm mươi lăm", ""},
		{999, "chín trăm chín mươi chín", ""},
		{1000, "một ngàn", "một nghìn"},
		{1001, "một ngàn không trăm lẻ một", "một nghìn không trăm linh một"},
		{1010, "một ngàn không trăm mười", "một nghìn không trăm mười"},
		{1015, "một ngàn không trăm mười lăm", "một nghìn không trăm mười lăm"},
		{1023, "một ngàn không trăm hai mươi ba", "một nghìn không trăm hai mươi ba"},
		{1100, "một ngàn một trăm", "một nghìn một trăm"},
		{1105, "một ngàn một trăm lẻ năm", "một nghìn một trăm linh năm"},
		{2021, "hai ngàn không trăm hai mươi mốt", "hai nghìn không trăm hai mươi mốt"},
		{5555, "năm ngàn năm trăm năm mươi lăm", "năm nghìn năm trăm năm mươi lăm"},
		{10000, "mười ngàn", "mười nghìn"},
		{10005, "mười ngàn không trăm lẻ năm", "mười nghìn không trăm linh năm"},
		{15000, "mười lăm ngàn", "mười lăm nghìn"},
		{21000, "hai mươi mốt ngàn", "hai mươi mốt nghìn"},
		{24024, "hai mươi bốn ngàn không trăm hai mươi bốn", "hai mươi tư nghìn không trăm hai mươi tư"},
		{100000, "một trăm ngàn", "một trăm nghìn"},
		{105000, "một trăm lẻ năm ngàn", "một trăm linh năm nghìn"},
		{999999, "chín trăm chín mươi chín ngàn chín trăm chín mươi chín", "chín trăm chín mươi chín nghìn chín trăm chín mươi chín"},
		{1000000, "một triệu", ""},
		{1000023, "một triệu không trăm hai mươi ba", ""},
		{2005000, "hai triệu không trăm lẻ năm ngàn", "hai triệu không trăm linh năm nghìn"},
		{1000000000, "một tỷ", ""},
	}
	for _, tt := range tests {
		for _, d := range []Dialect{South, North} {
			want := tt.south
			if d == North && tt.north != "" {
				want = tt.north
			}
			w, err := Number(tt.n, d)
			if err != nil {
				t.Fatalf("Number(%d, %s): %v", tt.n, d, err)
			}
			if got := strings.Join(w, " "); got != want {
				t.Errorf("Number(%d, %s): got %q, want %q", tt.n, d, got, want)
			}
		}
	}
}

// TestNumberRange reads every number from 0 to 1,000,000 in both dialects, parses the words
// back with an independent reader that also enforces where each special word may stand, and
// wants the same number.
func TestNumberRange(t *testing.T) {
	for _, d := range []Dialect{South, North} {
		for n := int64(0); n <= 1_000_000; n++ {
			w, err := Number(n, d)
			if err != nil {
				t.Fatalf("Number(%d, %s): %v", n, d, err)
			}
			got, err := parseWords(w, d)
			if err != nil {
				t.Fatalf("Number(%d, %s) = %q: %v", n, d, strings.Join(w, " "), err)
			}
			if got != n {
				t.Fatalf("Number(%d, %s) = %q reads back as %d", n, d, strings.Join(w, " "), got)
			}
		}
	}
}

var (
	digit      = map[string]int64{"không": 0, "một": 1, "hai": 2, "ba": 3, "bốn": 4, "năm": 5, "sáu": 6, "bảy": 7, "tám": 8, "chín": 9}
	special    = map[string]int64{"mốt": 1, "tư": 4, "lăm": 5}
	scaleWords = map[string]int64{"triệu": 1e6, "tỷ": 1e9}
	southOnly  = map[string]bool{"nghìn": true, "linh": true, "tư": true}
	northOnly  = map[string]bool{"ngàn": true, "lẻ": true}
)

// parseWords is the test's own reader of Vietnamese numbers, strict about the rules.
func parseWords(words []string, d Dialect) (int64, error) {
	thousand, zero, other := "ngàn", "lẻ", southOnly
	if d == North {
		thousand, zero, other = "nghìn", "linh", northOnly
	}
	var total, group, pending int64
	prev := ""
	for _, w := range words {
		if other[w] {
			return 0, errf("%q is not of this dialect", w)
		}
		v, isDigit := digit[w]
		switch {
		case isDigit:
			if prev == "mươi" && (w == "một" || w == "năm" || (w == "bốn" && d == North)) {
				return 0, errf("%q after mươi", w)
			}
			if prev == "mười" && w == "năm" {
				return 0, errf("năm after mười")
			}
			pending = v
		case w == "trăm":
			group, pending = group+pending*100, 0
		case w == "mười":
			group += 10
		case w == "mươi":
			if pending < 2 {
				return 0, errf("mươi after %q", prev)
			}
			group, pending = group+pending*10, 0
		case w == "mốt" || w == "tư" || w == "lăm":
			if prev != "mươi" && !(w == "lăm" && prev == "mười") {
				return 0, errf("%q after %q", w, prev)
			}
			pending = special[w]
		case w == zero:
			if prev != "trăm" {
				return 0, errf("%q after %q", w, prev)
			}
		case w == thousand || w == "triệu" || w == "tỷ":
			scale := int64(1e3)
			if w != thousand {
				scale = scaleWords[w]
			}
			total += (group + pending) * scale
			group, pending = 0, 0
		default:
			return 0, errf("unknown word %q", w)
		}
		prev = w
	}
	return total + group + pending, nil
}

func TestNumberOutOfRange(t *testing.T) {
	for _, n := range []int64{-1, MaxNumber + 1} {
		if _, err := Number(n, South); err == nil {
			t.Errorf("Number(%d): got no error", n)
		}
	}
}

func TestDigits(t *testing.T) {
	w, err := Digits("0239")
	if got, want := strings.Join(w, " "), "không hai ba chín"; err != nil || got != want {
		t.Errorf("Digits(0239): got %q, %v; want %q", got, err, want)
	}
	for _, bad := range []string{"", "1a", "-1"} {
		if _, err := Digits(bad); err == nil {
			t.Errorf("Digits(%q): got no error", bad)
		}
	}
}

func BenchmarkNumber(b *testing.B) {
	for i := 0; b.Loop(); i++ {
		Number(int64(i%1_000_000), South)
	}
}
