package admin

import (
	"testing"

	"luot/assets/pagecheck"
)

// TestEverythingIsEmbedded: every module, stylesheet and vendored script the page refers to
// is in the binary, and its text is NFC.
func TestEverythingIsEmbedded(t *testing.T) {
	pagecheck.Embedded(t, Files, 10)
}

// TestWordsTable: the page's words stand once each, in both languages, and every word the
// page uses is among them.
func TestWordsTable(t *testing.T) {
	pagecheck.Bilingual(t, Files, "dict.js")
}
