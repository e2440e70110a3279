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

// Call is one announcement: the words to play, in order, and the sentence they make.
type Call struct {
	// Words are the spoken words in NFC, lowercase: one clip each (Clip names the file).
	Words []string `json:"words"`
	// Clips are the file names of Words (without folder or extension), in the same order.
	Clips []string `json:"clips"`
	// Text is the sentence as people read it: "Mời công dân có số thứ tự A không trăm hai
	// mươi ba đến quầy số năm".
	Text string `json:"text"`
}

// ErrBadCounter is the error of a counter number outside 0..MaxNumber.
var ErrBadCounter = errors.New("voice: bad counter number")

// placeholders are the {number} and {counter} of an announcement; config.Load has already
// refused any other.
var placeholders = regexp.MustCompile(`\{(number|counter)\}`)

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
	var c Call
	rest := norm.NFC.String(announcement)
	c.Text = strings.TrimSpace(placeholders.ReplaceAllStringFunc(rest, func(p string) string {
		if p == "{counter}" {
			return strings.Join(counterWords, " ")
		}
		return strings.TrimSpace(strings.ToUpper(prefix) + " " + strings.Join(ticket[len(prefix):], " "))
	}))
	for rest != "" {
		loc := placeholders.FindStringSubmatchIndex(rest)
		literal := rest
		if loc != nil {
			literal = rest[:loc[0]]
		}
		words, err := Words(literal, o.Dialect)
		if err != nil {
			return Call{}, err
		}
		c.Words = append(c.Words, words...)
		if loc == nil {
			break
		}
		switch rest[loc[2]:loc[3]] {
		case "number":
			c.Words = append(c.Words, ticket...)
		case "counter":
			c.Words = append(c.Words, counterWords...)
		}
		rest = rest[loc[1]:]
	}
	c.Clips = make([]string, len(c.Words))
	for i, w := range c.Words {
		c.Clips[i] = Clip(w)
	}
	return c, nil
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
