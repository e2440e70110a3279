package display

import (
	"testing"

	"luot/assets/pagecheck"
)

// TestEverythingIsEmbedded: every module and stylesheet the hall and counter displays refer
// to is in the binary, and their text is NFC. (Their words, in two dictionaries, common.js
// and display-text.js, are checked on screen by the browser tests in both languages.)
func TestEverythingIsEmbedded(t *testing.T) {
	pagecheck.Embedded(t, Files, 12)
}
