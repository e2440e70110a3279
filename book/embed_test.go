package book

import (
	"testing"

	"luot/assets/pagecheck"
)

// TestFilesComplete: every module and stylesheet the page loads is embedded, and every word
// the page shows exists in Vietnamese and English, in NFC.
func TestFilesComplete(t *testing.T) {
	pagecheck.Embedded(t, Files, 4)
	pagecheck.Dictionary(t, Files, "strings.js")
}
