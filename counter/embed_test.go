package counter

import (
	"io/fs"
	"regexp"
	"strings"
	"testing"

	"golang.org/x/text/unicode/norm"
)

// TestFilesComplete: every module and stylesheet the page loads is embedded, and every word
// the page shows exists in Vietnamese and English, in NFC.
func TestFilesComplete(t *testing.T) {
	checkPage(t, Files, "strings.js")
}

// checkPage checks a page's embedded files: what index.html and the modules load is there,
// the dictionary's two languages have the same keys, and every key used is in it.
func checkPage(t *testing.T, files fs.FS, dictFile string) {
	t.Helper()
	read := func(name string) string {
		b, err := fs.ReadFile(files, name)
		if err != nil {
			t.Fatalf("%s is not embedded: %v", name, err)
		}
		return string(b)
	}
	html := read("index.html")
	local := regexp.MustCompile(`(?:src|href)="([a-z]+\.(?:js|css))"`)
	imports := regexp.MustCompile(`from "\./([a-z]+\.js)"|import\("\./([a-z]+\.js)"\)`)
	used := map[string]bool{}
	for _, m := range local.FindAllStringSubmatch(html, -1) {
		read(m[1])
	}
	js, _ := fs.Glob(files, "*.js")
	var all strings.Builder
	for _, name := range js {
		src := read(name)
		all.WriteString(src)
		for _, m := range imports.FindAllStringSubmatch(src, -1) {
			read(m[1] + m[2])
		}
	}
	dict := read(dictFile)
	if !norm.NFC.IsNormalString(dict) || !norm.NFC.IsNormalString(html) {
		t.Errorf("%s or index.html is not in NFC", dictFile)
	}
	vi, en, ok := strings.Cut(dict, "\n  en: {")
	if !ok {
		t.Fatalf("%s: no en block", dictFile)
	}
	keyRe := regexp.MustCompile(`(?m)^\s+"?([a-zA-Z][\w.]*)"?: "`)
	keys := func(block string) map[string]bool {
		out := map[string]bool{}
		for _, m := range keyRe.FindAllStringSubmatch(block, -1) {
			out[m[1]] = true
		}
		return out
	}
	kvi, ken := keys(vi), keys(en)
	for k := range kvi {
		if !ken[k] {
			t.Errorf("%q has no English", k)
		}
	}
	for k := range ken {
		if !kvi[k] {
			t.Errorf("%q has no Vietnamese", k)
		}
	}
	for _, m := range regexp.MustCompile(`data-i18n="([\w.]+)"|:([\w.]+)[,"]`).FindAllStringSubmatch(html, -1) {
		used[m[1]+m[2]] = true
	}
	for _, m := range regexp.MustCompile(`\bt\("([\w.]+)"`).FindAllStringSubmatch(all.String(), -1) {
		used[m[1]] = true
	}
	for k := range used {
		if !kvi[k] && !strings.HasSuffix(k, ".") { // "state." + state is checked by the browser tests
			t.Errorf("the page uses %q, which the dictionary lacks", k)
		}
	}
}
