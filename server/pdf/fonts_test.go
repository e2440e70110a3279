package pdf

import (
	"encoding/json"
	"strings"
	"testing"
)

func TestRepertoireCoversVietnamese(t *testing.T) {
	fs := renderer(t).fonts
	all := vietnamese + strings.ToUpper(vietnamese) + punctuation +
		"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789 .,:;!?()/-+&%"
	for _, r := range all {
		if !fs.repertoire[r] {
			t.Errorf("the repertoire lacks %q (%U)", r, r)
		}
	}
	for _, r := range "中🏠\u0301\u0000" {
		if fs.repertoire[r] {
			t.Errorf("the repertoire has %q (%U)", r, r)
		}
	}
}

func TestDefinitions(t *testing.T) {
	fs := renderer(t).fonts
	for _, f := range faces {
		for page, def := range fs.defs[f.style] {
			var d fontDef
			if err := json.Unmarshal(def, &d); err != nil {
				t.Fatal(err)
			}
			if len(d.Cw) != 256 || d.Tp != "TrueType" || !strings.HasSuffix(d.File, ".z") {
				t.Errorf("%s page %d: bad definition %+v", f.name, page, d)
			}
			if d.Desc.Ascent <= 0 || d.Desc.Descent >= 0 || d.Desc.CapHeight <= 0 {
				t.Errorf("%s: ascent %d descent %d cap height %d", f.name, d.Desc.Ascent, d.Desc.Descent, d.Desc.CapHeight)
			}
			if page == 0 && !strings.HasPrefix(d.Diff, "127 /uni") {
				t.Errorf("%s page 0 differences start %.20q, want 127 /uni…", f.name, d.Diff)
			}
		}
	}
}
