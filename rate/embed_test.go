package rate

import (
	"io/fs"
	"regexp"
	"strings"
	"testing"

	"golang.org/x/text/unicode/norm"
)

// TestFilesComplete: every module and stylesheet the panel loads is embedded, and every word
// it shows exists in Vietnamese and English, in NFC.
func TestFilesComplete(t *testing.T) {
	read := func(name string) string {
		b, err := fs.ReadFile(Files, name)
		if err != nil {
			t.Fatalf("%s is not embedded: %v", name, err)
		}
		return string(b)
	}
	html := read("index.html")
	for _, m := range regexp.MustCompile(`(?:src|href)="([a-z]+\.(?:js|css))"`).FindAllStringSubmatch(html, -1) {
		read(m[1])
	}
	js, _ := fs.Glob(Files, "*.js")
	var all strings.Builder
	for _, name := range js {
		src := read(name)
		all.WriteString(src)
		for _, m := range regexp.MustCompile(`from "\./([a-z]+\.js)"`).FindAllStringSubmatch(src, -1) {
			read(m[1])
		}
	}
	dict := read("strings.js")
	if !norm.NFC.IsNormalString(dict) || !norm.NFC.IsNormalString(html) {
		t.Error("strings.js or index.html is not in NFC")
	}
	vi, en, ok := strings.Cut(dict, "\n  en: {")
	if !ok {
		t.Fatal("strings.js: no en block")
	}
	keyRe := regexp.MustCompile(`(?m)^\s+"([\w.]+)": "`)
	keys := func(block string) map[string]bool {
		out := map[string]bool{}
		for _, m := range keyRe.FindAllStringSubmatch(block, -1) {
			out[m[1]] = true
		}
		return out
	}
	kvi, ken := keys(vi), keys(en)
	if len(kvi) == 0 || len(kvi) != len(ken) {
		t.Fatalf("got %d Vietnamese and %d English words, want the same, more than none", len(kvi), len(ken))
	}
	for k := range kvi {
		if !ken[k] {
			t.Errorf("%q has no English", k)
		}
	}
	used := regexp.MustCompile(`data-i18n="([\w.]+)"`).FindAllStringSubmatch(html, -1)
	used = append(used, regexp.MustCompile(`\bt\("([\w.]+)"`).FindAllStringSubmatch(all.String(), -1)...)
	for _, m := range used {
		if !kvi[m[1]] {
			t.Errorf("the panel uses %q, which the dictionary lacks", m[1])
		}
	}
}
