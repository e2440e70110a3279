package config

import (
	"testing"

	"golang.org/x/text/unicode/norm"
)

func TestDefaults(t *testing.T) {
	o := mustParse(t, doc(nil))
	if o.Timezone != "Asia/Ho_Chi_Minh" || o.Location == nil || o.Location.String() != "Asia/Ho_Chi_Minh" {
		t.Errorf("timezone: got %q, %v; want Asia/Ho_Chi_Minh", o.Timezone, o.Location)
	}
	if o.RecallLimit != 3 || o.WaitTargetMin != 30 || o.Dialect != "south" {
		t.Errorf("got recall %d, wait target %d, dialect %q; want 3, 30, south", o.RecallLimit, o.WaitTargetMin, o.Dialect)
	}
	if o.Announcement != "Mời công dân có số thứ tự {number} đến quầy số {counter}" {
		t.Errorf("announcement: got %q", o.Announcement)
	}
	if o.NumberReading != "number" {
		t.Errorf("number_reading: got %q, want the default number", o.NumberReading)
	}
	if got := len(o.PauseReasons); got != 5 || o.PauseReasons[0] != (Category{"break", "Nghỉ giải lao", "Break"}) {
		t.Errorf("pause reasons: got %v, want the 5 defaults starting with break", o.PauseReasons)
	}
	if got := o.Rating; len(got) != 3 || got[0] != "very_satisfied" || got[2] != "dissatisfied" {
		t.Errorf("rating: got %v, want very_satisfied satisfied dissatisfied", got)
	}
	if got := o.RatingNames["satisfied"]; got != (Name{"Hài lòng", "Satisfied"}) {
		t.Errorf("rating name of satisfied: got %v", got)
	}
	if !o.HasRating("dissatisfied") || o.HasRating("angry") {
		t.Errorf("HasRating: got dissatisfied %v, angry %v; want true, false", o.HasRating("dissatisfied"), o.HasRating("angry"))
	}
	if len(o.Priority) != 0 || o.Category("elderly") != nil {
		t.Errorf("priority: got %v, want none", o.Priority)
	}
}

func TestSettingsFromFile(t *testing.T) {
	o := mustParse(t, doc(map[int]string{1: `name: Test
name_en: Test EN
timezone: Asia/Bangkok
recall_limit: 0
wait_target_min: 45
kiosk_per_minute: 20
dialect: north
notice: "Đường dây nóng 1022"
priority: [{id: elderly, name: Người cao tuổi, name_en: Elderly}]
rating: [good, satisfied]
rating_names: {good: {name: Tốt, name_en: Good}}
pause_reasons: [{id: lunch, name: Ăn trưa}]
some_future_key: {anything: [1, 2]}`}))
	if o.NameEn != "Test EN" || o.Location.String() != "Asia/Bangkok" || o.RecallLimit != 0 || o.WaitTargetMin != 45 ||
		o.Dialect != "north" || o.Notice != "Đường dây nóng 1022" {
		t.Errorf("got %+v", o)
	}
	if c := o.Category("elderly"); c == nil || c.Name != "Người cao tuổi" || c.NameEn != "Elderly" {
		t.Errorf("category elderly: got %+v", c)
	}
	if got := o.RatingNames; len(got) != 2 || got["good"].Name != "Tốt" || got["satisfied"].Name != "Hài lòng" {
		t.Errorf("rating names: got %v, want Tốt and the default Hài lòng", got)
	}
	if got := o.PauseReasons; len(got) != 1 || got[0].ID != "lunch" {
		t.Errorf("pause reasons: got %v, want only lunch", got)
	}
	if got := o.Site("p").WaitTargetMin; got != 45 {
		t.Errorf("site wait target: got %d, want the Org's 45", got)
	}
	if got := o.Site("p").KioskPerMinute; got != 20 {
		t.Errorf("site kiosk_per_minute: got %d, want the Org's 20", got)
	}
	o = mustParse(t, doc(map[int]string{17: "    kind: point\n    kiosk_per_minute: 5"}))
	if o.KioskPerMinute != 60 || o.Site("p").KioskPerMinute != 5 {
		t.Errorf("kiosk_per_minute: got %d for the Org and %d for site p, want the default 60 and p's own 5", o.KioskPerMinute, o.Site("p").KioskPerMinute)
	}
}

const treeDoc = `
name: Tree
services: [{id: a, name: A, prefix: A, minutes: 10}]
x-site: &site {kind: point, services: [a], counters: [{id: q1, number: 1, services: [a]}]}
sites:
  - {<<: *site, id: top, name: Top, kind: centre}
  - {<<: *site, id: b1, name: B1, parent: top, kind: branch}
  - {<<: *site, id: p1, name: P1, parent: b1}
  - {<<: *site, id: b2, name: B2, parent: top, kind: branch}
  - {<<: *site, id: p2, name: P2, parent: b1}
  - {<<: *site, id: p3, name: P3, parent: b2}
  - {<<: *site, id: other, name: Other}
`

func TestTree(t *testing.T) {
	o := mustParse(t, []byte(treeDoc))
	tests := []struct {
		name string
		got  []*Site
		want string
	}{
		{"roots", o.Roots(), "top other"},
		{"children of top", o.Children("top"), "b1 b2"},
		{"children of b1", o.Children("b1"), "p1 p2"},
		{"children of a point", o.Children("p1"), ""},
		{"children of nothing", o.Children("zz"), ""},
		{"subtree of top", o.Subtree("top"), "top b1 p1 p2 b2 p3"},
		{"subtree of b2", o.Subtree("b2"), "b2 p3"},
		{"subtree of a point", o.Subtree("p2"), "p2"},
		{"subtree of nothing", o.Subtree("zz"), ""},
	}
	for _, tt := range tests {
		if got := ids(tt.got); got != tt.want {
			t.Errorf("%s: got %q, want %q", tt.name, got, tt.want)
		}
	}
	if got := o.Site("b1"); got == nil || got.Kind != "branch" || got != &o.Sites[1] {
		t.Errorf("site b1: got %+v, want the second site, a branch (merge keys overridden)", got)
	}
	if o.Site("zz") != nil || o.Service("zz") != nil || o.Service("a") != &o.Services[0] {
		t.Errorf("lookups: got site zz %v, service zz %v, service a %v", o.Site("zz"), o.Service("zz"), o.Service("a"))
	}
}

func TestParseNormalisesToNFC(t *testing.T) {
	want := "Điểm tiếp nhận phường Phú Cường"
	nfd := norm.NFD.String(want)
	if nfd == want {
		t.Fatal("got the same text in NFD, want it decomposed")
	}
	o := mustParse(t, doc(map[int]string{16: `    name: "` + nfd + `"`}))
	if got := o.Site("p").Name; got != want {
		t.Errorf("name: got %q, want %q (NFC)", got, want)
	}
}

// TestHandBuiltOrg keeps an Org literal (as other packages' tests build) usable.
func TestHandBuiltOrg(t *testing.T) {
	o := &Org{
		Services: []Service{{ID: "a"}},
		Priority: []Category{{ID: "elderly"}},
		Sites:    []Site{{ID: "top"}, {ID: "b", Parent: "top"}, {ID: "p", Parent: "b"}},
	}
	if got := ids(o.Subtree("top")); got != "top b p" {
		t.Errorf("subtree: got %q, want top b p", got)
	}
	if got := ids(o.Roots()); got != "top" {
		t.Errorf("roots: got %q, want top", got)
	}
	if o.Site("p") != &o.Sites[2] || o.Service("a") == nil || o.Category("elderly") == nil {
		t.Errorf("lookups: got site %v, service %v, category %v", o.Site("p"), o.Service("a"), o.Category("elderly"))
	}
}
