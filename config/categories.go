package config

// defaultPauseReasons are the reasons a counter pauses when the file names none.
var defaultPauseReasons = []Category{
	{ID: "break", Name: "Nghỉ giải lao", NameEn: "Break"},
	{ID: "meeting", Name: "Họp", NameEn: "Meeting"},
	{ID: "urgent", Name: "Công việc đột xuất", NameEn: "Urgent work"},
	{ID: "helping", Name: "Hỗ trợ đồng nghiệp", NameEn: "Helping a colleague"},
	{ID: "other", Name: "Lý do khác", NameEn: "Other"},
}

// defaultRating is the satisfaction scale of the province's evaluation, best first.
var defaultRating = []string{"very_satisfied", "satisfied", "dissatisfied"}

// defaultRatingNames names the levels of defaultRating, and any level of the same id.
var defaultRatingNames = map[string]Name{
	"very_satisfied": {Name: "Rất hài lòng", NameEn: "Very satisfied"},
	"satisfied":      {Name: "Hài lòng", NameEn: "Satisfied"},
	"dissatisfied":   {Name: "Không hài lòng", NameEn: "Dissatisfied"},
}

// categories decodes a list of {id, name, name_en}. When the key is absent it returns a copy
// of def; a present but empty list is an error when there is a default (a pause needs a
// reason), and means "none" otherwise (no priority classes).
func (d *decoder) categories(f fields, k string, def []Category) []Category {
	path := join(f.path, k)
	if f.at(k) == nil {
		return append([]Category(nil), def...)
	}
	if def != nil {
		d.needList(f, k, "reason")
	}
	nodes := d.items(f, k)
	seen := map[string]bool{}
	var out []Category
	for i, n := range nodes {
		cf := d.fields(n, index(path, i))
		c := Category{ID: d.text(cf, "id"), Name: d.need(cf, "name"), NameEn: d.text(cf, "name_en")}
		if err := checkCode(c.ID); err != nil {
			d.errorf(cf.line("id"), join(cf.path, "id"), "%v", err)
		} else if seen[c.ID] {
			d.errorf(cf.line("id"), join(cf.path, "id"), "duplicate id %q", c.ID)
		}
		seen[c.ID] = true
		out = append(out, c)
	}
	return out
}

// rating decodes the levels and their names; every level must have a name, either from
// rating_names or from the default scale.
func (d *decoder) rating(f fields) ([]string, map[string]Name) {
	levels := append([]string(nil), defaultRating...)
	if f.at("rating") != nil {
		levels = nil
		d.needList(f, "rating", "level")
		for _, l := range d.strs(f, "rating") {
			if err := checkCode(l.val); err != nil {
				d.errorf(l.node, l.path, "%v", err)
			} else if contains(levels, l.val) {
				d.errorf(l.node, l.path, "duplicate level %q", l.val)
			} else {
				levels = append(levels, l.val)
			}
		}
	}
	names := map[string]Name{}
	nf := d.fields(f.at("rating_names"), "rating_names")
	for _, k := range nf.keys {
		p := join("rating_names", k)
		if !contains(levels, k) {
			d.errorf(nf.m[k], p, "%q is not a level of rating", k)
			continue
		}
		lf := d.fields(nf.m[k], p)
		names[k] = Name{Name: d.need(lf, "name"), NameEn: d.text(lf, "name_en")}
	}
	for _, l := range levels {
		if _, ok := names[l]; ok {
			continue
		}
		if def, ok := defaultRatingNames[l]; ok {
			names[l] = def
			continue
		}
		d.errorf(f.line("rating"), "rating", "level %q needs a name in rating_names", l)
	}
	return levels, names
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
