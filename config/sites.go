package config

import (
	"fmt"

	"gopkg.in/yaml.v3"
)

// sites decodes the sites, checks what they refer to and the tree their parents make.
func (d *decoder) sites(f fields, o *Org) []Site {
	d.needList(f, "sites", "site")
	nodes := d.items(f, "sites")
	known := map[string]bool{}
	for _, s := range o.Services {
		known[s.ID] = true
	}
	ids := map[string]bool{}
	var out []Site
	var parents []*yaml.Node
	svcBooking := d.serviceBookings(f, o)
	for i, n := range nodes {
		sf := d.fields(n, index("sites", i))
		s := Site{
			ID:             d.text(sf, "id"),
			Name:           d.need(sf, "name"),
			NameEn:         d.text(sf, "name_en"),
			Kind:           d.text(sf, "kind"),
			Parent:         d.text(sf, "parent"),
			Address:        d.text(sf, "address"),
			Holidays:       d.holidays(sf, "holidays"),
			WaitTargetMin:  d.number(sf, "wait_target_min", o.WaitTargetMin, 1, 24*60),
			KioskPerMinute: d.number(sf, "kiosk_per_minute", o.KioskPerMinute, 1, 10_000),
			NumberReading:  d.reading(sf, o.NumberReading),
		}
		d.uniqueID(sf, "site", s.ID, ids)
		switch s.Kind {
		case KindCentre, KindBranch, KindPoint:
		default:
			d.errorf(sf.line("kind"), join(sf.path, "kind"), "bad kind %q (want centre, branch or point)", s.Kind)
		}
		if h := sf.at("hours"); h != nil {
			s.Hours = d.week(h, join(sf.path, "hours"))
		} else {
			s.Hours = o.Hours.clone()
		}
		offered := d.offered(sf, &s, known)
		d.prefixesHeard(sf, &s, o)
		s.Quota = d.quota(sf, &s, known)
		d.counters(sf, &s, known, offered)
		d.siteBookings(sf, &s, o, svcBooking)
		out = append(out, s)
		parents = append(parents, sf.line("parent"))
	}
	d.tree(out, parents)
	return out
}

// offered decodes the services of a site and returns where each is named.
func (d *decoder) offered(sf fields, s *Site, known map[string]bool) map[string]str {
	list := d.strs(sf, "services")
	d.needList(sf, "services", "service")
	offered := map[string]str{}
	for _, id := range list {
		_, dup := offered[id.val]
		switch {
		case !known[id.val]:
			d.errorf(id.node, id.path, "unknown service %q", id.val)
		case dup:
			d.errorf(id.node, id.path, "duplicate service %q", id.val)
		default:
			offered[id.val] = id
			s.Services = append(s.Services, id.val)
		}
	}
	return offered
}

// quota decodes the daily ticket limits of a site's services.
func (d *decoder) quota(sf fields, s *Site, known map[string]bool) map[string]int {
	qf := d.fields(sf.at("quota"), join(sf.path, "quota"))
	if len(qf.keys) == 0 {
		return nil
	}
	out := map[string]int{}
	for _, id := range qf.keys {
		p := join(qf.path, id)
		switch {
		case !known[id]:
			d.errorf(qf.m[id], p, "unknown service %q", id)
			continue
		case !s.Offers(id):
			d.errorf(qf.m[id], p, "service %q is not offered by site %q", id, s.ID)
			continue
		}
		n := d.number(qf, id, 0, 1, 1_000_000)
		if qf.at(id) == nil {
			d.errorf(qf.line(id), p, "want a number of tickets per day")
		}
		out[id] = n
	}
	return out
}

// counters decodes the counters of a site and checks that every service it offers has a
// counter: a ticket nobody can call would wait forever.
func (d *decoder) counters(sf fields, s *Site, known map[string]bool, offered map[string]str) {
	d.needList(sf, "counters", "counter")
	nodes := d.items(sf, "counters")
	path := join(sf.path, "counters")
	ids := map[string]bool{}
	numbers := map[int]string{}
	served := map[string]bool{}
	for j, n := range nodes {
		cf := d.fields(n, index(path, j))
		c := Counter{ID: d.text(cf, "id"), Number: d.number(cf, "number", 0, 1, 999), Name: d.text(cf, "name"), NameEn: d.text(cf, "name_en")}
		d.uniqueID(cf, "counter", c.ID, ids)
		if cf.at("number") == nil {
			d.errorf(cf.line("number"), join(cf.path, "number"), "required (1..999)")
		} else if other, dup := numbers[c.Number]; dup && c.Number != 0 {
			d.errorf(cf.line("number"), join(cf.path, "number"), "duplicate number %d (also counter %q)", c.Number, other)
		} else {
			numbers[c.Number] = c.ID
		}
		if c.Name == "" {
			c.Name = fmt.Sprintf("Quầy %d", c.Number)
			if c.NameEn == "" {
				c.NameEn = fmt.Sprintf("Counter %d", c.Number)
			}
		}
		d.needList(cf, "services", "service")
		for _, id := range d.strs(cf, "services") {
			switch {
			case !known[id.val]:
				d.errorf(id.node, id.path, "unknown service %q", id.val)
			case !s.Offers(id.val):
				d.errorf(id.node, id.path, "service %q is not offered by site %q", id.val, s.ID)
			case contains(c.Services, id.val):
				d.errorf(id.node, id.path, "duplicate service %q", id.val)
			default:
				c.Services = append(c.Services, id.val)
				served[id.val] = true
			}
		}
		s.Counters = append(s.Counters, c)
	}
	for _, id := range s.Services {
		if o := offered[id]; !served[id] && len(nodes) > 0 {
			d.errorf(o.node, o.path, "no counter serves %q", id)
		}
	}
}
