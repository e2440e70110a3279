package admin

import (
	"io/fs"
	"regexp"
	"strings"
	"testing"

	"golang.org/x/text/unicode/norm"

	"luot/assets"
)

// TestEverythingIsEmbedded: every module, stylesheet and vendored script the page refers to
// is in the binary, and its text is NFC (Vietnamese letters as one code point each).
func TestEverythingIsEmbedded(t *testing.T) {
	ref := regexp.MustCompile(`(?:from |import |src=|href=)"(\.?/?[\w./@-]+\.(?:js|css))"`)
	files, _ := fs.Glob(Files, "*")
	if len(files) < 10 {
		t.Fatalf("embedded: %v", files)
	}
	for _, name := range files {
		data, err := fs.ReadFile(Files, name)
		if err != nil {
			t.Fatal(err)
		}
		if !norm.NFC.IsNormalString(string(data)) {
			t.Errorf("%s is not NFC", name)
		}
		for _, m := range ref.FindAllStringSubmatch(string(data), -1) {
			path := m[1]
			var from fs.FS = Files
			switch {
			case strings.HasPrefix(path, "/assets/"):
				from, path = assets.Files, strings.TrimPrefix(path, "/assets/")
			case strings.HasPrefix(path, "/"):
				continue
			}
			if _, err := fs.Stat(from, strings.TrimPrefix(path, "./")); err != nil {
				t.Errorf("%s refers to %s, which is not embedded", name, m[1])
			}
		}
	}
}
