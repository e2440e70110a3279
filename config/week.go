package config

import (
	"fmt"
	"time"

	"gopkg.in/yaml.v3"
)

// Week holds opening sessions per weekday, indexed by time.Weekday (Sunday = 0).
// A weekday without sessions is closed.
type Week [7][]Session

// Session is one opening period in minutes since local midnight, From < To.
// To may be 24*60 for a session that lasts until midnight.
type Session struct{ From, To int }

// String formats the session as the organisation file writes it, e.g. "07:30-11:30".
func (s Session) String() string {
	return fmt.Sprintf("%02d:%02d-%02d:%02d", s.From/60, s.From%60, s.To/60, s.To%60)
}

// clone copies the week so that sites never share slices with the Org's default.
func (w Week) clone() Week {
	var c Week
	for i, day := range w {
		if day != nil {
			c[i] = append([]Session(nil), day...)
		}
	}
	return c
}

// dayKeys maps the keys of a yaml "hours" mapping to weekdays.
var dayKeys = map[string]time.Weekday{
	"sun": time.Sunday, "mon": time.Monday, "tue": time.Tuesday, "wed": time.Wednesday,
	"thu": time.Thursday, "fri": time.Friday, "sat": time.Saturday,
}

// week decodes an "hours" mapping: day key to a list of "HH:MM-HH:MM" sessions, in order
// and not overlapping. Unlike elsewhere, an unknown key is an error here: a misspelt day
// would silently close the site that day.
func (d *decoder) week(n *yaml.Node, path string) Week {
	var w Week
	f := d.fields(n, path)
	for _, k := range f.keys {
		wd, ok := dayKeys[k]
		if !ok {
			d.errorf(f.m[k], join(path, k), "unknown weekday %q (want mon tue wed thu fri sat sun)", k)
			continue
		}
		for _, s := range d.strs(f, k) {
			ses, err := parseSession(s.val)
			if err != nil {
				d.errorf(s.node, s.path, "%v", err)
				continue
			}
			if prev := w[wd]; len(prev) > 0 {
				last := prev[len(prev)-1]
				switch {
				case ses.From < last.From:
					d.errorf(s.node, s.path, "session %s is before %s (want them in order)", ses, last)
					continue
				case ses.From < last.To:
					d.errorf(s.node, s.path, "session %s overlaps %s", ses, last)
					continue
				}
			}
			w[wd] = append(w[wd], ses)
		}
	}
	return w
}

// parseSession parses "HH:MM-HH:MM" with two-digit fields; the end may be "24:00".
func parseSession(s string) (Session, error) {
	bad := fmt.Errorf("bad session %q: want HH:MM-HH:MM, e.g. 07:30-11:30", s)
	if len(s) != 11 || s[5] != '-' {
		return Session{}, bad
	}
	from, ok1 := parseClock(s[:5])
	to, ok2 := parseClock(s[6:])
	if !ok1 || !ok2 || from == 24*60 {
		return Session{}, bad
	}
	if from >= to {
		return Session{}, fmt.Errorf("bad session %q: it must end after it starts", s)
	}
	return Session{From: from, To: to}, nil
}

// parseClock parses "HH:MM" into minutes since midnight, 00:00..24:00.
func parseClock(s string) (int, bool) {
	if len(s) != 5 || s[2] != ':' {
		return 0, false
	}
	for _, i := range []int{0, 1, 3, 4} {
		if s[i] < '0' || s[i] > '9' {
			return 0, false
		}
	}
	h := int(s[0]-'0')*10 + int(s[1]-'0')
	m := int(s[3]-'0')*10 + int(s[4]-'0')
	if m > 59 || h > 24 || (h == 24 && m != 0) {
		return 0, false
	}
	return h*60 + m, true
}
