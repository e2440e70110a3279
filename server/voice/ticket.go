package voice

import (
	"errors"
	"fmt"
	"strconv"
)

// ErrBadNumber is the error of a ticket number that cannot be read: not one or two letters
// followed by one to nine digits.
var ErrBadNumber = errors.New("voice: bad ticket number")

// letterNames are the Vietnamese names of the Latin letters, as a Vietnamese reads out a code
// or a licence plate. A multi-syllable name is one word (one clip) with its syllables joined
// by hyphens. G is "gờ", as halls say it: its alphabet name "giê" sounds exactly like D's "dê"
// in both dialects (d and gi are one sound, /z/ in the North and /j/ in the South);
// TestLetterNamesDistinct checks every pair.
var letterNames = [26]string{
	"a", "bê", "xê", "dê", "e", "ép", "gờ", "hát", "i", "gi", "ca", "e-lờ", "em-mờ",
	"en-nờ", "o", "pê", "quy", "e-rờ", "ét-xì", "tê", "u", "vê", "vê-kép", "ích-xì", "i-dài", "dét",
}

// Letter returns the Vietnamese name of an ASCII letter (either case): 'B' → "bê", 'L' →
// "e-lờ". ok is false for anything else.
func Letter(c byte) (name string, ok bool) {
	switch {
	case c >= 'A' && c <= 'Z':
		return letterNames[c-'A'], true
	case c >= 'a' && c <= 'z':
		return letterNames[c-'a'], true
	}
	return "", false
}

// SplitNumber splits a ticket number into its letter prefix and its digits: "HK012" → "HK",
// "012". The prefix has at most two ASCII letters and the digits are one to nine.
func SplitNumber(number string) (prefix, digits string, err error) {
	i := 0
	for i < len(number) {
		if _, ok := Letter(number[i]); !ok {
			break
		}
		i++
	}
	prefix, digits = number[:i], number[i:]
	if len(prefix) > 2 || len(digits) == 0 || len(digits) > 9 {
		return "", "", fmt.Errorf("%w %q", ErrBadNumber, number)
	}
	for j := 0; j < len(digits); j++ {
		if digits[j] < '0' || digits[j] > '9' {
			return "", "", fmt.Errorf("%w %q", ErrBadNumber, number)
		}
	}
	return prefix, digits, nil
}

// Ticket returns the words of a ticket number: its letters by their Vietnamese names, then
// its digits. As a number, a number of at most three digits is read as the zero-padded
// three digits it is shown with ("A023" → "a không trăm hai mươi ba", "A105" → "a một trăm
// lẻ năm") and a longer one as the number it is ("A1000" → "a một ngàn"); with digits it is
// read digit by digit ("a không hai ba").
func Ticket(number string, d Dialect, digits bool) ([]string, error) {
	prefix, ds, err := SplitNumber(number)
	if err != nil {
		return nil, err
	}
	var out []string
	for i := 0; i < len(prefix); i++ {
		name, _ := Letter(prefix[i])
		out = append(out, name)
	}
	if digits {
		w, err := Digits(ds)
		if err != nil {
			return nil, err
		}
		return append(out, w...), nil
	}
	n, err := strconv.ParseInt(ds, 10, 64)
	if err != nil {
		return nil, fmt.Errorf("%w %q", ErrBadNumber, number)
	}
	if len(ds) <= 3 && n > 0 {
		return append(out, group(int(n), len(ds) == 3, d)...), nil
	}
	w, err := Number(n, d)
	if err != nil {
		return nil, err
	}
	return append(out, w...), nil
}
