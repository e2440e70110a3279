package config

import (
	"strings"
	"testing"
)

// TestEnglishNames: what English pages need comes from the file: the notice's English line,
// the kiosk headings' English names (groups:), and a counter's English name ("Counter 2" for
// a counter named by its number, its own name_en otherwise).
func TestEnglishNames(t *testing.T) {
	o := mustParse(t, doc(map[int]string{
		1:  "name: Test\nnotice: \"Vui lòng giữ phiếu\"\nnotice_en: \"Please keep your ticket\"",
		5:  `  - {id: dat-dai, name: Đất đai, prefix: A, minutes: 15, group: "Đất đai – Xây dựng"}`,
		6:  "  - {id: ho-tich, name: Hộ tịch, prefix: H, minutes: 8, group: \"Tư pháp\"}\ngroups:\n  - {name: \"Đất đai – Xây dựng\", name_en: \"Land and construction\"}",
		14: `      - {id: q2, number: 2, name: "Quầy Một cửa", name_en: "One-stop desk", services: [ho-tich, dat-dai]}`,
	}))
	if o.NoticeEn != "Please keep your ticket" {
		t.Errorf("notice_en %q", o.NoticeEn)
	}
	if got := o.Service("dat-dai").GroupEn; got != "Land and construction" {
		t.Errorf("group of dat-dai in English: %q", got)
	}
	if got := o.Service("ho-tich").GroupEn; got != "" {
		t.Errorf("a group not listed has the English name %q, want none", got)
	}
	c := o.Site("c")
	if q1, q2 := c.Counter("q1"), c.Counter("q2"); q1.Name != "Quầy 1" || q1.NameEn != "Counter 1" || q2.NameEn != "One-stop desk" {
		t.Errorf("counters: %+v %+v", q1, q2)
	}
}

// TestGroupsBroken: a heading listed twice, or that no service has (a misspelling), is refused
// with its line.
func TestGroupsBroken(t *testing.T) {
	for _, tt := range []struct{ name, groups, want string }{
		{"unknown", `  - {name: "Đất đai", name_en: "Land"}`, `x.yaml:8: groups[0].name: no service has the group "Đất đai"`},
		{"duplicate", "  - {name: \"A\", name_en: \"A\"}\n  - {name: \"A\", name_en: \"B\"}", `x.yaml:9: groups[1].name: duplicate group "A"`},
		{"no name", `  - {name_en: "Land"}`, `x.yaml:8: groups[0].name: required`},
	} {
		data := doc(map[int]string{
			5: `  - {id: dat-dai, name: Đất đai, prefix: A, minutes: 15, group: "A"}`,
			6: "  - {id: ho-tich, name: Hộ tịch, prefix: H, minutes: 8}\ngroups:\n" + tt.groups,
		})
		_, err := Parse(data, "x.yaml")
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: got %v, want %q", tt.name, err, tt.want)
		}
	}
}
