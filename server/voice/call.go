package voice

import (
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// Options are an organisation's choices for the voice (its YAML: dialect, number_reading).
type Options struct {
	Dialect Dialect
	// Digits reads ticket numbers digit by digit ("A không hai ba") instead of as a number.
	Digits bool
}

// Call is one announcement: the words to play, in order, and the sentence they make, and
// the shorter forms a display says when calls crowd (display/voice.js chooses).
type Call struct {
	// Words are the spoken words in NFC, lowercase: one clip each (Clip names the file).
	Words []string `json:"words"`
	// Clips are the file names of Words (without folder or extension), in the same order.
	Clips []string `json:"clips"`
	// Text is the sentence as people read it: "Mời công dân có số thứ tự A không trăm hai
	// mươi ba đến quầy số năm".
	Text string `json:"text"`
	// NumberAt is where the ticket number is in Clips, [start, end): the display pauses
	// around it, so that the number stands out of the sentence.
	NumberAt [2]int `json:"number_at"`
	// Again is said after the sentence: the wording from its first placeholder to the end of
	// its last, "A không trăm hai mươi ba đến quầy số năm".
	Again Part `json:"again"`
	// Short is the call when many wait: the number, "quầy" and the counter, "A không trăm
	// hai mươi ba, quầy năm" (the number alone for a wording without {counter}).
	Short Part `json:"short"`
	// Lead is the wording before the number, "Mời công dân có số thứ tự", said once before a
	// run of short calls; empty when the wording does not start with words before {number}.
	Lead Part `json:"lead"`
}

// Part is a piece of an announcement: its clips, where the ticket number is among them
// ([0, 0] when it is not), and its text.
type Part struct {
	Clips    []string `json:"clips"`
	NumberAt [2]int   `json:"number_at"`
	Text     string   `json:"text"`
}

// CounterWord is the word of the short form before the counter's number.
const CounterWord = "quầy"

// ErrBadCounter is the error of a counter number outside 0..MaxNumber.
var ErrBadCounter = errors.New("voice: bad counter number")

// placeholders are the {number} and {counter} of an announcement; config.Load has already
// refused any other.
var placeholders = regexp.MustCompile(`\{(number|counter)\}`)

// segment is a run of an announcement's words: literal text or a placeholder's words.
type segment struct {
	kind  string // "", "number" or "counter"
	words []string
	text  string
}

// Say builds the call of ticket number to counter with the wording announcement, e.g.
// "Mời công dân có số thứ tự {number} đến quầy số {counter}". Literal digits in the wording
// are read as a number; punctuation is dropped.
func Say(announcement, number string, counter int64, o Options) (Call, error) {
	ticket, err := Ticket(number, o.Dialect, o.Digits)
	if err != nil {
		return Call{}, err
	}
	counterWords, err := Number(counter, o.Dialect)
	if err != nil {
		return Call{}, fmt.Errorf("%w: %d", ErrBadCounter, counter)
	}
	prefix, _, _ := SplitNumber(number)
	numberText := strings.TrimSpace(strings.ToUpper(prefix) + " " + strings.Join(ticket[len(prefix):], " "))
	counterText := strings.Join(counterWords, " ")
	texts := func(s string) string {
		return strings.TrimSpace(placeholders.ReplaceAllStringFunc(s, func(p string) string {
			if p == "{counter}" {
				return counterText
			}
			return numberText
		}))
	}

	// split the wording into literal text and placeholders, keeping where each starts
	rest := norm.NFC.String(announcement)
	var segs []segment
	first, last := -1, -1 // byte offsets of the first placeholder's start and the last's end
	for off := 0; ; {
		loc := placeholders.FindStringSubmatchIndex(rest[off:])
		literal := rest[off:]
		if loc != nil {
			literal = rest[off : off+loc[0]]
		}
		words, err := Words(literal, o.Dialect)
		if err != nil {
			return Call{}, err
		}
		segs = append(segs, segment{words: words, text: strings.TrimSpace(literal)})
		if loc == nil {
			break
		}
		if first < 0 {
			first = off + loc[0]
		}
		last = off + loc[1]
		if kind := rest[off+loc[2] : off+loc[3]]; kind == "number" {
			segs = append(segs, segment{kind: kind, words: ticket, text: numberText})
		} else {
			segs = append(segs, segment{kind: kind, words: counterWords, text: counterText})
		}
		off += loc[1]
	}

	c := Call{Text: texts(rest)}
	c.Words, c.NumberAt = join(segs)
	c.Clips = clips(c.Words)
	var inner []segment // from the first placeholder to the last
	if len(segs) > 2 {
		inner = segs[1 : len(segs)-1]
	}
	c.Again = part(inner, texts(rest[max(first, 0):max(last, 0)]))
	short := []segment{{kind: "number", words: ticket}}
	shortText := numberText
	if strings.Contains(rest, "{counter}") {
		short = append(short, segment{words: []string{CounterWord}}, segment{words: counterWords})
		shortText += ", " + CounterWord + " " + counterText
	}
	c.Short = part(short, shortText)
	if len(segs) > 1 && segs[1].kind == "number" {
		c.Lead = part(segs[:1], segs[0].text)
	} else {
		c.Lead = part(nil, "")
	}
	return c, nil
}

// join puts the words of segments together and says where the first number is.
func join(segs []segment) (words []string, numberAt [2]int) {
	found := false
	for _, s := range segs {
		if s.kind == "number" && !found {
			numberAt = [2]int{len(words), len(words) + len(s.words)}
			found = true
		}
		words = append(words, s.words...)
	}
	return words, numberAt
}

// part is the Part of segments.
func part(segs []segment, text string) Part {
	words, at := join(segs)
	return Part{Clips: clips(words), NumberAt: at, Text: text}
}

// clips names the clip of every word.
func clips(words []string) []string {
	out := make([]string, len(words))
	for i, w := range words {
		out[i] = Clip(w)
	}
	return out
}

// Words splits literal text of an announcement into lowercase NFC words, dropping
// punctuation and words that are not Latin script, and reading runs of digits as numbers
// ("quầy 5" → "quầy", "năm").
func Words(text string, d Dialect) ([]string, error) {
	text = norm.NFC.String(text)
	var out []string
	for _, f := range strings.FieldsFunc(text, func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r) && !unicode.Is(unicode.Mn, r)
	}) {
		if f[0] >= '0' && f[0] <= '9' {
			n, err := strconv.ParseInt(f, 10, 64)
			if err != nil || n > MaxNumber {
				return nil, fmt.Errorf("voice: cannot read %q in the announcement", f)
			}
			w, _ := Number(n, d)
			out = append(out, w...)
			continue
		}
		if w := strings.ToLower(f); Clip(w) != "" {
			out = append(out, w)
		}
	}
	return out, nil
}
