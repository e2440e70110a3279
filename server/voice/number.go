// Package voice turns a call into the words a hall display speaks: "Mời công dân có số thứ
// tự A không trăm hai mươi ba đến quầy số năm". The Vietnamese reading of numbers lives here,
// in Go and under test, and not in the page: the page only plays one short recorded clip per
// word (assets/voice/vi), named by Clip.
package voice

import "fmt"

// Dialect chooses between the regional forms of the number words.
type Dialect string

// The dialects. South is the default of Bình Dương: "ngàn" for a thousand, "lẻ" for the zero
// tens of 105 ("một trăm lẻ năm") and "bốn" in 24. North says "nghìn", "linh" and "tư"
// ("hai mươi tư").
const (
	South Dialect = "south"
	North Dialect = "north"
)

// MaxNumber is the largest number Number reads: 999 tỷ 999 triệu … , far beyond any ticket
// or counter.
const MaxNumber = 999_999_999_999

var digitWords = [10]string{"không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín"}

// scales are the words of the groups of three digits, from the units up.
var scales = [4]string{"", "", "triệu", "tỷ"}

// Number returns the words of n in d, e.g. 1023 → "một ngàn không trăm hai mươi ba"
// (South) or "một nghìn không trăm hai mươi ba" (North). It fails for n outside
// 0..MaxNumber.
func Number(n int64, d Dialect) ([]string, error) {
	if n < 0 || n > MaxNumber {
		return nil, fmt.Errorf("voice: number %d outside 0..%d", n, MaxNumber)
	}
	if n == 0 {
		return []string{digitWords[0]}, nil
	}
	var groups []int // groups of three digits, most significant first
	for m := n; m > 0; m /= 1000 {
		groups = append([]int{int(m % 1000)}, groups...)
	}
	var out []string
	for i, g := range groups {
		scale := len(groups) - 1 - i
		if g == 0 {
			continue // "một triệu" for 1,000,000, never "một triệu không ngàn không trăm"
		}
		// Every group after the first is read whole: 1,023 is "một ngàn không trăm hai mươi
		// ba", 2,005 "hai ngàn không trăm lẻ năm".
		out = append(out, group(g, i > 0, d)...)
		switch scale {
		case 1:
			out = append(out, thousand(d))
		case 2, 3:
			out = append(out, scales[scale])
		}
	}
	return out, nil
}

// thousand is "ngàn" in the South and "nghìn" in the North.
func thousand(d Dialect) string {
	if d == North {
		return "nghìn"
	}
	return "ngàn"
}

// group reads a group of three digits g (0..999). full reads its hundreds even when they are
// zero ("không trăm"), as inside a larger number and in a zero-padded ticket number.
func group(g int, full bool, d Dialect) []string {
	h, t, u := g/100, g/10%10, g%10
	var out []string
	if full || h > 0 {
		out = append(out, digitWords[h], "trăm")
	}
	switch {
	case t == 0 && u == 0:
		if len(out) == 0 {
			out = append(out, digitWords[0])
		}
	case t == 0:
		if len(out) > 0 { // 105: "một trăm lẻ năm"; 5 alone is just "năm"
			out = append(out, zeroTens(d))
		}
		out = append(out, digitWords[u])
	case t == 1:
		out = append(out, "mười") // 10–19: mười, with the grave accent
		if u == 5 {
			out = append(out, "lăm") // 15: "mười lăm", never "mười năm"
		} else if u > 0 {
			out = append(out, digitWords[u]) // 11: "mười một", never "mười mốt"
		}
	default:
		out = append(out, digitWords[t], "mươi") // 20–99: mươi, without it
		switch u {
		case 0:
		case 1:
			out = append(out, "mốt") // 21: "hai mươi mốt"
		case 4:
			if d == North {
				out = append(out, "tư") // 24: "hai mươi tư"
			} else {
				out = append(out, "bốn")
			}
		case 5:
			out = append(out, "lăm") // 25: "hai mươi lăm"
		default:
			out = append(out, digitWords[u])
		}
	}
	return out
}

// zeroTens is the word for a zero tens digit before a unit: "lẻ" (South) or "linh" (North).
func zeroTens(d Dialect) string {
	if d == North {
		return "linh"
	}
	return "lẻ"
}

// Digits returns the words of a string of decimal digits read one by one: "023" → "không
// hai ba". It fails on anything but ASCII digits.
func Digits(s string) ([]string, error) {
	if s == "" {
		return nil, fmt.Errorf("voice: no digits")
	}
	out := make([]string, len(s))
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < '0' || c > '9' {
			return nil, fmt.Errorf("voice: %q is not a digit", c)
		}
		out[i] = digitWords[c-'0']
	}
	return out, nil
}
