package config

import (
	"strings"

	"gopkg.in/yaml.v3"
)

// tree checks the parents: each names an existing site and no chain of parents loops.
// Kinds do not constrain the tree, so a province can re-parent a point under the centre or
// merge branches without a code change. parents[i] is the node of sites[i]'s parent field.
func (d *decoder) tree(sites []Site, parents []*yaml.Node) {
	at := map[string]int{}
	for i, s := range sites {
		if _, dup := at[s.ID]; !dup {
			at[s.ID] = i
		}
	}
	parent := func(i int) int {
		if p, ok := at[sites[i].Parent]; ok && sites[i].Parent != "" {
			return p
		}
		return -1
	}
	for i, s := range sites {
		path := index("sites", i) + ".parent"
		switch _, ok := at[s.Parent]; {
		case s.Parent == "":
			continue
		case s.Parent == s.ID:
			d.errorf(parents[i], path, "site %q cannot be its own parent", s.ID)
			continue
		case !ok:
			d.errorf(parents[i], path, "unknown parent %q", s.Parent)
			continue
		}
		// Walk up; a walk that comes back to i is a cycle, reported once, at its first site.
		chain := []string{s.ID}
		first := true
		for j, steps := parent(i), 0; j >= 0 && steps <= len(sites); j, steps = parent(j), steps+1 {
			chain = append(chain, sites[j].ID)
			if j == i {
				if first {
					d.errorf(parents[i], path, "parent cycle: %s", strings.Join(chain, " → "))
				}
				break
			}
			if j < i {
				first = false
			}
		}
	}
}

// index builds the lookups of a valid Org and points each site at it.
func (o *Org) index() {
	o.sites = byIDIndex(o.Sites)
	o.services = byIDIndex(o.Services)
	o.priority = byIDIndex(o.Priority)
	o.children = map[string][]*Site{}
	for i := range o.Sites {
		s := &o.Sites[i]
		s.org = o
		s.holidays = map[string]bool{}
		for _, h := range o.Holidays {
			s.holidays[h] = true
		}
		for _, h := range s.Holidays {
			s.holidays[h] = true
		}
		o.children[s.Parent] = append(o.children[s.Parent], s)
	}
}
