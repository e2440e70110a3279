package rate

import (
	"testing"

	"luot/assets/pagecheck"
)

// TestFilesComplete: every module and stylesheet the panel loads is embedded, and every word
// it shows exists in Vietnamese and English, in NFC.
func TestFilesComplete(t *testing.T) {
	pagecheck.Dictionary(t, Files, "strings.js")
}
