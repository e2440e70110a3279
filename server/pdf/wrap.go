package pdf

import (
	"strings"
	"unicode/utf8"
)

// wrap breaks text into lines no wider than max, between words, measuring whole strings
// with width (the font's advance widths). gofpdf's own SplitLines measures UTF-8 bytes as if
// each were a character of the font, so a Vietnamese line (two or three bytes per letter
// with marks) is cut long before it is full. A word wider than a line is cut between
// characters. At most maxLines lines are returned; the last one then ends with "…".
func wrap(text string, max float64, maxLines int, width func(string) float64) []string {
	words := strings.Fields(text)
	var lines []string
	line := ""
	flush := func() {
		if line != "" {
			lines = append(lines, line)
			line = ""
		}
	}
	for _, w := range words {
		try := w
		if line != "" {
			try = line + " " + w
		}
		if width(try) <= max {
			line = try
			continue
		}
		flush()
		for width(w) > max { // a word longer than the line: cut it where it overflows
			cut := fit(w, max, width)
			lines = append(lines, w[:cut])
			w = w[cut:]
		}
		line = w
	}
	flush()
	if maxLines > 0 && len(lines) > maxLines {
		last := lines[maxLines-1]
		for last != "" && width(last+"…") > max {
			_, size := utf8.DecodeLastRuneInString(last)
			last = strings.TrimRight(last[:len(last)-size], " ")
		}
		lines = append(lines[:maxLines-1], last+"…")
	}
	return lines
}

// fit is the byte length of the longest prefix of w (at least one character) within max.
func fit(w string, max float64, width func(string) float64) int {
	end := 0
	for i, r := range w {
		next := i + len(string(r))
		if end > 0 && width(w[:next]) > max {
			break
		}
		end = next
	}
	return end
}

// balanced wraps like wrap but evens the lines out, for centred text: the narrowest width
// that still needs no more lines than wrap at max, so no lone word is left on a last line.
func balanced(text string, max float64, maxLines int, width func(string) float64) []string {
	lines := wrap(text, max, maxLines, width)
	if len(lines) < 2 || (maxLines > 0 && len(lines) >= maxLines) {
		return lines
	}
	lo, hi := max/2, max
	for i := 0; i < 10; i++ {
		mid := (lo + hi) / 2
		if len(wrap(text, mid, 0, width)) <= len(lines) {
			hi = mid
		} else {
			lo = mid
		}
	}
	return wrap(text, hi, maxLines, width)
}
