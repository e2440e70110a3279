package config

import (
	"errors"
	"fmt"
	"os"
	"regexp"
	"strconv"
	"strings"
	"time"
	_ "time/tzdata" // Asia/Ho_Chi_Minh must load on a machine without a zoneinfo database.

	"gopkg.in/yaml.v3"
)

// Defaults of the organisation file.
const (
	DefaultTimezone     = "Asia/Ho_Chi_Minh"
	DefaultAnnouncement = "Mời công dân có số thứ tự {number} đến quầy số {counter}"
)

// Load reads and validates the organisation file at path.
func Load(path string) (*Org, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read organisation file: %w", err)
	}
	return Parse(data, path)
}

// Parse validates an organisation file whose content is data; filename only names the file
// in errors. On any error it returns nil and every error found (up to a limit), each naming
// the line and the field path, one per line.
func Parse(data []byte, filename string) (o *Org, err error) {
	root, err := parseYAML(data, filename)
	if err != nil {
		return nil, err
	}
	d := &decoder{file: filename, budget: nodeBudget(data)}
	defer func() {
		if v := recover(); v != nil {
			if v != errTooComplex {
				panic(v)
			}
			o, err = nil, fmt.Errorf("%s: %w", filename, errTooComplex)
		}
	}()
	o = d.org(root)
	if err := d.err(); err != nil {
		return nil, err
	}
	o.index()
	return o, nil
}

// yamlLine finds the line in the errors of the yaml parser, to print them like ours.
var yamlLine = regexp.MustCompile(`^yaml: line (\d+): `)

// parseYAML parses data into the mapping at the top of its first document.
func parseYAML(data []byte, filename string) (n *yaml.Node, err error) {
	defer func() {
		// The parser has panicked on odd input before; a bad file must stay an error.
		if v := recover(); v != nil {
			n, err = nil, fmt.Errorf("%s: invalid YAML: %v", filename, v)
		}
	}()
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		msg := err.Error()
		if m := yamlLine.FindStringSubmatch(msg); m != nil {
			return nil, fmt.Errorf("%s:%s: %s", filename, m[1], msg[len(m[0]):])
		}
		return nil, fmt.Errorf("%s: %s", filename, strings.TrimPrefix(msg, "yaml: "))
	}
	if doc.Kind != yaml.DocumentNode || len(doc.Content) == 0 {
		return nil, fmt.Errorf("%s:1: the file is empty", filename)
	}
	top := doc.Content[0]
	if top.Kind != yaml.MappingNode {
		return nil, fmt.Errorf("%s:%d: want a mapping at the top (name:, services:, sites: …), got %s",
			filename, top.Line, describe(top))
	}
	return top, nil
}

// org decodes the top mapping; services before sites, since sites refer to them.
func (d *decoder) org(n *yaml.Node) *Org {
	f := d.fields(n, "")
	o := &Org{
		Name:           d.need(f, "name"),
		NameEn:         d.text(f, "name_en"),
		Timezone:       d.text(f, "timezone"),
		RecallLimit:    d.number(f, "recall_limit", 3, 0, 10),
		WaitTargetMin:  d.number(f, "wait_target_min", 30, 1, 24*60),
		KioskPerMinute: d.number(f, "kiosk_per_minute", 60, 1, 10_000),
		Notice:         d.text(f, "notice"),
		NoticeEn:       d.text(f, "notice_en"),
		Announcement:   d.text(f, "announcement"),
		Dialect:        d.text(f, "dialect"),
	}
	if o.Timezone == "" {
		o.Timezone = DefaultTimezone
	}
	o.Location = d.location(f, o.Timezone)
	if o.Announcement == "" {
		o.Announcement = DefaultAnnouncement
	}
	d.announcement(f, o.Announcement)
	switch o.Dialect {
	case "":
		o.Dialect = "south"
	case "south", "north":
	default:
		d.errorf(f.line("dialect"), "dialect", "unknown dialect %q (want south or north)", o.Dialect)
	}
	o.NumberReading = d.reading(f, ReadingNumber)
	o.Hours = d.week(f.at("hours"), "hours")
	o.Holidays = d.holidays(f, "holidays")
	o.Priority = d.categories(f, "priority", nil)
	o.PauseReasons = d.categories(f, "pause_reasons", defaultPauseReasons)
	o.Rating, o.RatingNames = d.rating(f)
	o.Booking = d.booking(f, "booking", DefaultBooking)
	o.Services = d.services(f)
	o.Sites = d.sites(f, o)
	return o
}

func (d *decoder) location(f fields, name string) *time.Location {
	if name == "Local" {
		d.errorf(f.line("timezone"), "timezone", `"Local" depends on the machine; name the zone, e.g. %s`, DefaultTimezone)
		return nil
	}
	loc, err := time.LoadLocation(name)
	if err != nil {
		d.errorf(f.line("timezone"), "timezone", "unknown time zone %q", name)
		return nil
	}
	return loc
}

// The readings of ticket numbers (number_reading).
const (
	ReadingNumber = "number" // A023 "A không trăm hai mươi ba"
	ReadingDigits = "digits" // A023 "A không hai ba"
)

// reading decodes the number_reading of f: def when absent.
func (d *decoder) reading(f fields, def string) string {
	r := d.text(f, "number_reading")
	switch r {
	case "":
		return def
	case ReadingNumber, ReadingDigits:
		return r
	}
	d.errorf(f.line("number_reading"), join(f.path, "number_reading"), "unknown reading %q (want %s or %s)", r, ReadingNumber, ReadingDigits)
	return def
}

// placeholder finds the {words} of an announcement.
var placeholder = regexp.MustCompile(`\{[^{}]*\}`)

// announcement checks that the call says the number and uses only known placeholders,
// which would otherwise be spoken as written.
func (d *decoder) announcement(f fields, s string) {
	for _, p := range placeholder.FindAllString(s, -1) {
		if p != "{number}" && p != "{counter}" {
			d.errorf(f.line("announcement"), "announcement", "unknown placeholder %s (want {number} or {counter})", p)
		}
	}
	if !strings.Contains(s, "{number}") {
		d.errorf(f.line("announcement"), "announcement", "must contain {number}")
	}
}

// holidays decodes a list of "YYYY-MM-DD" dates.
func (d *decoder) holidays(f fields, k string) []string {
	seen := map[string]bool{}
	var out []string
	for _, s := range d.strs(f, k) {
		if _, err := time.Parse(time.DateOnly, s.val); err != nil {
			d.errorf(s.node, s.path, "bad date %q (want YYYY-MM-DD)", s.val)
			continue
		}
		if seen[s.val] {
			d.errorf(s.node, s.path, "duplicate date %s", s.val)
			continue
		}
		seen[s.val] = true
		out = append(out, s.val)
	}
	return out
}

// errNoID is returned by the id checks for an empty id.
var errNoID = errors.New("required")

// checkID checks the syntax of site, counter and service ids.
func checkID(id string) error {
	if id == "" {
		return errNoID
	}
	if len(id) > 40 || strings.Trim(id, "abcdefghijklmnopqrstuvwxyz0123456789-") != "" {
		return fmt.Errorf("bad id %s (want 1..40 lowercase ASCII letters, digits and '-')", strconv.Quote(id))
	}
	return nil
}

// uniqueID checks the id of an element of a list of what ("site", "service", "counter"), its
// fields f: its syntax (checkID), and that no element before it had it (ids, which it joins).
func (d *decoder) uniqueID(f fields, what, id string, ids map[string]bool) {
	if err := checkID(id); err != nil {
		d.errorf(f.line("id"), join(f.path, "id"), "%v", err)
	} else if ids[id] {
		d.errorf(f.line("id"), join(f.path, "id"), "duplicate %s id %q", what, id)
	}
	ids[id] = true
}

// checkCode checks the syntax of snake_case ids: priority, pause reasons and rating levels.
func checkCode(id string) error {
	if id == "" {
		return errNoID
	}
	if len(id) > 40 || id[0] < 'a' || id[0] > 'z' || strings.Trim(id, "abcdefghijklmnopqrstuvwxyz0123456789_") != "" {
		return fmt.Errorf("bad id %s (want snake_case: lowercase ASCII letters, digits and '_')", strconv.Quote(id))
	}
	return nil
}
