package config

// services decodes the services. Prefixes are unique in the whole file, so that a letter
// means the same field at every site of the province.
func (d *decoder) services(f fields) []Service {
	d.needList(f, "services", "service")
	nodes := d.items(f, "services")
	ids := map[string]bool{}
	prefixes := map[string]string{}
	var out []Service
	for i, n := range nodes {
		sf := d.fields(n, index("services", i))
		s := Service{
			ID:      d.text(sf, "id"),
			Name:    d.need(sf, "name"),
			NameEn:  d.text(sf, "name_en"),
			Group:   d.text(sf, "group"),
			Prefix:  d.text(sf, "prefix"),
			Minutes: d.number(sf, "minutes", 0, 1, 240),
		}
		d.uniqueID(sf, "service", s.ID, ids)
		switch other, dup := prefixes[s.Prefix]; {
		case !validPrefix(s.Prefix):
			d.errorf(sf.line("prefix"), join(sf.path, "prefix"), "bad prefix %q (want 1 or 2 uppercase letters A-Z)", s.Prefix)
		case dup:
			d.errorf(sf.line("prefix"), join(sf.path, "prefix"), "prefix %q is already used by service %q", s.Prefix, other)
		default:
			prefixes[s.Prefix] = s.ID
		}
		if sf.at("minutes") == nil {
			d.errorf(sf.line("minutes"), join(sf.path, "minutes"), "required (expected minutes per citizen, 1..240)")
		}
		out = append(out, s)
	}
	d.groups(f, out)
	return out
}

// groups decodes the optional list of the kiosk's headings with their English names
// (groups: [{name, name_en}]) and gives each service its group's English name. A group that
// no service names is refused: it is a misspelt heading.
func (d *decoder) groups(f fields, services []Service) {
	path := join(f.path, "groups")
	named := map[string]bool{}
	for _, s := range services {
		named[s.Group] = true
	}
	english := map[string]string{}
	for i, n := range d.items(f, "groups") {
		gf := d.fields(n, index(path, i))
		name := d.need(gf, "name")
		if _, dup := english[name]; dup && name != "" {
			d.errorf(gf.line("name"), join(gf.path, "name"), "duplicate group %q", name)
		} else if name != "" && !named[name] {
			d.errorf(gf.line("name"), join(gf.path, "name"), "no service has the group %q", name)
		}
		english[name] = d.text(gf, "name_en")
	}
	for i := range services {
		services[i].GroupEn = english[services[i].Group]
	}
}

func validPrefix(p string) bool {
	if len(p) < 1 || len(p) > 2 {
		return false
	}
	for i := 0; i < len(p); i++ {
		if p[i] < 'A' || p[i] > 'Z' {
			return false
		}
	}
	return true
}
