// Package pagecheck checks a page's embedded files in tests: everything it loads is in the
// binary, its text is NFC, and its dictionary has every word in Vietnamese and English.
package pagecheck

import (
	"io/fs"
	"regexp"
	"strings"
	"testing"

	"golang.org/x/text/unicode/norm"

	"luot/assets"
)

// Embedded checks that every module, stylesheet and vendored script a page refers to is
// embedded (in the page or in /assets/), that the page has at least min files, and that its
// text is NFC (Vietnamese letters as one code point each).
func Embedded(t testing.TB, page fs.FS, min int) {
	t.Helper()
	ref := regexp.MustCompile(`(?:from |import |import\(|src=|href=)"(\.?/?[\w./@-]+\.(?:js|css))"`)
	files, _ := fs.Glob(page, "*")
	if len(files) < min {
		t.Fatalf("embedded: %v", files)
	}
	for _, name := range files {
		data, err := fs.ReadFile(page, name)
		if err != nil {
			t.Fatal(err)
		}
		if !norm.NFC.IsNormalString(string(data)) {
			t.Errorf("%s is not NFC", name)
		}
		for _, m := range ref.FindAllStringSubmatch(string(data), -1) {
			path := m[1]
			var from fs.FS = page
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

// Dictionary checks a page's embedded files as Embedded does, and that the dictionary's two
// languages have the same keys and every key used is in it.
func Dictionary(t testing.TB, files fs.FS, dictFile string) {
	t.Helper()
	Embedded(t, files, 1)
	read := func(name string) string {
		b, err := fs.ReadFile(files, name)
		if err != nil {
			t.Fatalf("%s is not embedded: %v", name, err)
		}
		return string(b)
	}
	html := read("index.html")
	used := map[string]bool{}
	js, _ := fs.Glob(files, "*.js")
	var all strings.Builder
	for _, name := range js {
		all.WriteString(read(name))
	}
	dict := read(dictFile)
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

// Bilingual checks a page's table of words, the argument of i18n.js's bilingual() in
// tableFile, one `key: ["tiếng Việt", "English"],` a line: every key stands once (a second
// would silently take the place of the first in the object literal), each with both words, and
// every key the page's modules and HTML use is in it.
func Bilingual(t testing.TB, files fs.FS, tableFile string) {
	t.Helper()
	b, err := fs.ReadFile(files, tableFile)
	if err != nil {
		t.Fatalf("%s is not embedded: %v", tableFile, err)
	}
	_, table, ok := strings.Cut(string(b), "bilingual({\n")
	if table, _, ok = strings.Cut(table, "\n});"); !ok {
		t.Fatalf("%s: no bilingual({ … }) table", tableFile)
	}
	entry := regexp.MustCompile(`^\s+"?([a-zA-Z][\w.]*)"?: \["((?:[^"\\]|\\.)*)", "((?:[^"\\]|\\.)*)"\],?$`)
	keys := map[string]bool{}
	for _, line := range strings.Split(table, "\n") {
		if strings.TrimSpace(line) == "" || strings.HasPrefix(strings.TrimSpace(line), "//") {
			continue
		}
		m := entry.FindStringSubmatch(line)
		switch {
		case m == nil:
			t.Errorf("%s: not a line of the table: %q", tableFile, line)
		case keys[m[1]]:
			t.Errorf("%s: %q stands twice; the second replaces the first", tableFile, m[1])
		case m[2] == "" || m[3] == "":
			t.Errorf("%s: %q lacks a language: %q", tableFile, m[1], line)
		}
		if m != nil {
			keys[m[1]] = true
		}
	}
	var used []string
	if html, err := fs.ReadFile(files, "index.html"); err == nil {
		for _, m := range regexp.MustCompile(`data-i18n="([\w.]+)"`).FindAllStringSubmatch(string(html), -1) {
			used = append(used, m[1])
		}
	}
	js, _ := fs.Glob(files, "*.js")
	for _, name := range js {
		src, _ := fs.ReadFile(files, name)
		for _, m := range regexp.MustCompile(`\bt\("([\w.]+)"`).FindAllStringSubmatch(string(src), -1) {
			used = append(used, m[1])
		}
	}
	for _, k := range used {
		if !keys[k] && !strings.HasSuffix(k, ".") && !strings.HasSuffix(k, "_") { // a key made at run time is checked by the browser tests
			t.Errorf("the page uses %q, which %s lacks", k, tableFile)
		}
	}
}
