package queue_test

import (
	"errors"
	"slices"
	"testing"

	"luot/config"
	"luot/server/queue"
)

// treeYAML is a centre with two branches, each with a reception point, and a point directly
// under the centre.
const treeYAML = `
name: "Cây"
timezone: Asia/Ho_Chi_Minh
services:
  - {id: ho-tich, name: "Hộ tịch", prefix: H, minutes: 8}
sites:
  - {id: centre, name: "Trung tâm", kind: centre, services: [ho-tich], counters: [{id: q1, number: 1, services: [ho-tich]}]}
  - {id: b1, name: "Chi nhánh 1", kind: branch, parent: centre, services: [ho-tich], counters: [{id: q1, number: 1, services: [ho-tich]}]}
  - {id: p1, name: "Điểm 1", kind: point, parent: b1, services: [ho-tich], counters: [{id: q1, number: 1, services: [ho-tich]}]}
  - {id: b2, name: "Chi nhánh 2", kind: branch, parent: centre, services: [ho-tich], counters: [{id: q1, number: 1, services: [ho-tich]}]}
  - {id: p2, name: "Điểm 2", kind: point, parent: b2, services: [ho-tich], counters: [{id: q1, number: 1, services: [ho-tich]}]}
  - {id: pc, name: "Điểm trung tâm", kind: point, parent: centre, services: [ho-tich], counters: [{id: q1, number: 1, services: [ho-tich]}]}
`

// TestOverseesAndWorksAt: the one rule of supervision. A branch's supervisor oversees the
// branch and its points, not another branch's; the centre's supervisor oversees the centre
// only (the province is the admins'); an officer oversees nothing and works at their own
// sites only; a device is never a user.
func TestOverseesAndWorksAt(t *testing.T) {
	org, err := config.Parse([]byte(treeYAML), "tree.yaml")
	if err != nil {
		t.Fatal(err)
	}
	actors := map[string]queue.Actor{
		"admin":          {User: "ad", Role: queue.RoleAdmin},
		"branch-1 sup":   {User: "s1", Role: queue.RoleSupervisor, Sites: []string{"b1"}},
		"point-2 sup":    {User: "s2", Role: queue.RoleSupervisor, Sites: []string{"p2"}},
		"centre sup":     {User: "sc", Role: queue.RoleSupervisor, Sites: []string{"centre"}},
		"branch-1 clerk": {User: "o1", Role: queue.RoleOfficer, Sites: []string{"b1"}},
		"point-1 clerk":  {User: "o2", Role: queue.RoleOfficer, Sites: []string{"p1"}},
		"kiosk of p1":    {Device: "k", DeviceKind: queue.DeviceKiosk, Site: "p1"},
		"nobody":         {},
	}
	sites := []string{"centre", "b1", "p1", "b2", "p2", "pc", "nowhere"}
	// the sites each actor oversees, then those they work at
	want := map[string][2][]string{
		"admin":          {{"centre", "b1", "p1", "b2", "p2", "pc", "nowhere"}, {"centre", "b1", "p1", "b2", "p2", "pc", "nowhere"}},
		"branch-1 sup":   {{"b1", "p1"}, {"b1", "p1"}},
		"point-2 sup":    {{"p2"}, {"p2"}},
		"centre sup":     {{"centre"}, {"centre"}},
		"branch-1 clerk": {nil, {"b1"}},
		"point-1 clerk":  {nil, {"p1"}},
		"kiosk of p1":    {nil, nil},
		"nobody":         {nil, nil},
	}
	for name, a := range actors {
		var oversees, works []string
		for _, s := range sites {
			if queue.Oversees(a, org, s) {
				oversees = append(oversees, s)
			}
			if queue.WorksAt(a, org, s) {
				works = append(works, s)
			}
		}
		if !slices.Equal(oversees, want[name][0]) {
			t.Errorf("%s oversees %v, want %v", name, oversees, want[name][0])
		}
		if !slices.Equal(works, want[name][1]) {
			t.Errorf("%s works at %v, want %v", name, works, want[name][1])
		}
	}
	// issuing: a kiosk at its own site only; users where they work
	for _, c := range []struct {
		actor, site string
		want        bool
	}{{"kiosk of p1", "p1", true}, {"kiosk of p1", "b1", false}, {"branch-1 sup", "p1", true}, {"branch-1 sup", "p2", false}, {"point-1 clerk", "b1", false}} {
		if got := actors[c.actor].CanIssue(org, c.site); got != c.want {
			t.Errorf("%s may issue at %s: got %v, want %v", c.actor, c.site, got, c.want)
		}
	}
}

// TestActorGroups: what a user sees (Visible, SiteSeen) follows Oversees, and the role groups
// of the route table refuse with 401 to nobody and 403 to anyone else.
func TestActorGroups(t *testing.T) {
	org, err := config.Parse([]byte(treeYAML), "tree.yaml")
	if err != nil {
		t.Fatal(err)
	}
	admin := queue.Actor{User: "ad", Role: queue.RoleAdmin}
	sup := queue.Actor{User: "s1", Role: queue.RoleSupervisor, Sites: []string{"b1"}}
	officer := queue.Actor{User: "o1", Role: queue.RoleOfficer, Sites: []string{"p1"}}
	kiosk := queue.Actor{Device: "k", DeviceKind: queue.DeviceKiosk, Site: "p1"}
	nobody := queue.Actor{}

	ids := func(a queue.Actor) []string {
		var out []string
		for _, s := range a.Visible(org) {
			out = append(out, s.ID)
		}
		return out
	}
	if got, want := ids(sup), []string{"b1", "p1"}; !slices.Equal(got, want) {
		t.Errorf("branch supervisor sees %v, want %v", got, want)
	}
	if got := ids(admin); len(got) != len(org.Sites) {
		t.Errorf("admin sees %v, want every site", got)
	}
	if got := ids(officer); len(got) != 0 {
		t.Errorf("officer sees %v, want none", got)
	}
	for _, c := range []struct {
		a    queue.Actor
		site string
		want error
	}{
		{sup, "p1", nil}, {sup, "p2", queue.ErrForbidden}, {sup, "nowhere", queue.ErrNotFound},
		{nobody, "p1", queue.ErrUnauthorized}, {admin, "p2", nil},
	} {
		_, err := c.a.SiteSeen(org, c.site)
		if (err == nil) != (c.want == nil) || !errors.Is(err, c.want) {
			t.Errorf("%s sees %s: got %v, want %v", c.a.ID(), c.site, err, c.want)
		}
	}
	for _, c := range []struct {
		a            queue.Actor
		admin, staff error
	}{
		{admin, nil, nil},
		{sup, queue.ErrForbidden, nil},
		{officer, queue.ErrForbidden, queue.ErrForbidden},
		{kiosk, queue.ErrForbidden, queue.ErrForbidden},
		{nobody, queue.ErrUnauthorized, queue.ErrUnauthorized},
	} {
		if got := c.a.Admin(); got != c.admin {
			t.Errorf("%q Admin: got %v, want %v", c.a.ID(), got, c.admin)
		}
		if got := c.a.Staff(); got != c.staff {
			t.Errorf("%q Staff: got %v, want %v", c.a.ID(), got, c.staff)
		}
	}
}
