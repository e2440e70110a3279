package config

import (
	"os"
	"strings"
	"testing"

	"golang.org/x/text/unicode/norm"
)

const shipped = "binhduong.yaml"

func loadShipped(t *testing.T) *Org {
	t.Helper()
	o, err := Load(shipped)
	if err != nil {
		t.Fatalf("Load(%s): %v", shipped, err)
	}
	return o
}

func TestShippedStructure(t *testing.T) {
	o := loadShipped(t)
	kinds := map[string]int{}
	for _, s := range o.Sites {
		kinds[s.Kind]++
	}
	for kind, want := range map[string]int{KindCentre: 1, KindBranch: 9, KindPoint: 91} {
		if got := kinds[kind]; got != want {
			t.Errorf("%s sites: got %d, want %d", kind, got, want)
		}
	}
	if got := len(o.Sites); got != 101 {
		t.Errorf("sites: got %d, want 101", got)
	}
	if got := ids(o.Roots()); got != "ttpvhcc" {
		t.Errorf("roots: got %q, want ttpvhcc", got)
	}
	if got := len(o.Subtree("ttpvhcc")); got != 101 {
		t.Errorf("subtree of the centre: got %d sites, want 101", got)
	}
	if got := o.Site("ttpvhcc").Name; got != "Trung tâm Phục vụ hành chính công tỉnh Bình Dương" {
		t.Errorf("centre name: got %q", got)
	}
	perBranch := map[string]int{}
	for _, s := range o.Sites {
		switch s.Kind {
		case KindBranch:
			if s.Parent != "ttpvhcc" || !strings.HasPrefix(s.ID, "cn-") || !strings.HasPrefix(s.Name, "Chi nhánh ") {
				t.Errorf("branch %s: got parent %q, name %q; want parent ttpvhcc, id cn-…, name Chi nhánh …", s.ID, s.Parent, s.Name)
			}
		case KindPoint:
			p := o.Site(s.Parent)
			if p == nil || p.Kind != KindBranch {
				t.Errorf("point %s: got parent %q, want a branch", s.ID, s.Parent)
				continue
			}
			perBranch[p.ID]++
			if !strings.HasPrefix(s.Name, "Điểm tiếp nhận ") {
				t.Errorf("point %s: got name %q, want Điểm tiếp nhận …", s.ID, s.Name)
			}
		}
	}
	for _, b := range o.Children("ttpvhcc") {
		code, _, _ := strings.Cut(o.Children(b.ID)[0].ID, "-")
		for _, p := range o.Children(b.ID) {
			if !strings.HasPrefix(p.ID, code+"-") {
				t.Errorf("point %s of %s: got no prefix %s-, want one code per branch", p.ID, b.ID, code)
			}
		}
	}
	want := map[string]int{"cn-thu-dau-mot": 14, "cn-thuan-an": 10, "cn-di-an": 7, "cn-tan-uyen": 12,
		"cn-ben-cat": 8, "cn-bau-bang": 7, "cn-bac-tan-uyen": 10, "cn-dau-tieng": 12, "cn-phu-giao": 11}
	for id, n := range want {
		if got := perBranch[id]; got != n {
			t.Errorf("points of %s: got %d, want %d", id, got, n)
		}
		if got := len(o.Children(id)); got != n {
			t.Errorf("children of %s: got %d, want %d", id, got, n)
		}
	}
	for id, name := range map[string]string{
		"tdm-phu-cuong":    "Điểm tiếp nhận phường Phú Cường",
		"bb-lai-uyen":      "Điểm tiếp nhận thị trấn Lai Uyên",
		"bb-cay-truong-ii": "Điểm tiếp nhận xã Cây Trường II",
		"dt-thanh-tuyen":   "Điểm tiếp nhận xã Thanh Tuyền",
		"cn-bac-tan-uyen":  "Chi nhánh huyện Bắc Tân Uyên",
	} {
		if s := o.Site(id); s == nil || s.Name != name {
			t.Errorf("site %s: got %+v, want name %q", id, s, name)
		}
	}
}

// TestShippedSizes keeps the demo realistic: counters and fields per kind of site.
func TestShippedSizes(t *testing.T) {
	o := loadShipped(t)
	limits := map[string][4]int{ // services min, max; counters min, max
		KindCentre: {15, 25, 15, 20},
		KindBranch: {8, 10, 8, 12},
		KindPoint:  {3, 5, 2, 4},
	}
	for _, s := range o.Sites {
		l := limits[s.Kind]
		if n := len(s.Services); n < l[0] || n > l[1] {
			t.Errorf("%s: got %d services, want %d..%d", s.ID, n, l[0], l[1])
		}
		if n := len(s.Counters); n < l[2] || n > l[3] {
			t.Errorf("%s: got %d counters, want %d..%d", s.ID, n, l[2], l[3])
		}
		served := map[string]bool{}
		for _, c := range s.Counters {
			if n := len(c.Services); n < 1 || n > 3 {
				t.Errorf("%s/%s: got %d services, want 1..3", s.ID, c.ID, n)
			}
			for _, id := range c.Services {
				if !s.Offers(id) {
					t.Errorf("%s/%s: serves %q, which the site does not offer", s.ID, c.ID, id)
				}
				served[id] = true
			}
		}
		for _, id := range s.Services {
			if !served[id] {
				t.Errorf("%s: no counter serves %q", s.ID, id)
			}
		}
	}
	for _, sv := range o.Services {
		if sv.Minutes < 5 || sv.Minutes > 20 || sv.Group == "" || sv.NameEn == "" {
			t.Errorf("service %s: got minutes %d, group %q, name_en %q; want 5..20 and both names",
				sv.ID, sv.Minutes, sv.Group, sv.NameEn)
		}
	}
	c := o.Site("ttpvhcc")
	if got := c.Quotas("dat-dai"); got != 200 {
		t.Errorf("centre quota of dat-dai: got %d, want 200", got)
	}
	if got := len(c.HoursOn(6)); got != 1 {
		t.Errorf("centre sessions on Saturday: got %d, want 1", got)
	}
	if got := len(o.Site("cn-di-an").HoursOn(6)); got != 0 {
		t.Errorf("branch sessions on Saturday: got %d, want 0", got)
	}
	if got := len(o.Priority); got != 4 {
		t.Errorf("priority classes: got %d, want 4", got)
	}
}

// TestShippedNFC checks every byte of the file, so every name, is in Unicode NFC: the API
// promises NFC, and a decomposed "ệ" would not match the same name typed elsewhere.
func TestShippedNFC(t *testing.T) {
	data, err := os.ReadFile(shipped)
	if err != nil {
		t.Fatal(err)
	}
	for i, line := range strings.Split(string(data), "\n") {
		if !norm.NFC.IsNormalString(line) {
			t.Errorf("%s:%d: got text not in NFC: %q", shipped, i+1, line)
		}
	}
	o := loadShipped(t)
	for _, s := range o.Sites {
		for _, text := range []string{s.Name, s.NameEn, s.Address} {
			if !norm.NFC.IsNormalString(text) {
				t.Errorf("site %s: got %q, not in NFC", s.ID, text)
			}
		}
	}
}
