package public

import (
	"testing"

	"luot/assets/pagecheck"
)

// TestEverythingIsEmbedded: every module, stylesheet and vendored script the page refers to
// is in the binary, and its text is NFC.
func TestEverythingIsEmbedded(t *testing.T) {
	pagecheck.Embedded(t, Files, 3)
}
