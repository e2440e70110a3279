package config

import (
	"strings"
	"testing"
)

func TestParseBroken(t *testing.T) {
	tests := []struct {
		name  string
		edits map[int]string
		want  string // a part of the error: file, line, field path and message
	}{
		{"unknown service", map[int]string{13: `      - {id: q1, number: 1, services: [dat-daii]}`},
			`x.yaml:13: sites[0].counters[0].services[0]: unknown service "dat-daii"`},
		{"unknown service of a site", map[int]string{19: `    services: [ho-tich, xay-dung]`},
			`x.yaml:19: sites[1].services[1]: unknown service "xay-dung"`},
		{"duplicate site id", map[int]string{15: `  - id: c`},
			`x.yaml:15: sites[1].id: duplicate site id "c"`},
		{"bad site id", map[int]string{15: `  - id: Phú`},
			`x.yaml:15: sites[1].id: bad id "Phú"`},
		{"bad kind", map[int]string{10: `    kind: centr`},
			`x.yaml:10: sites[0].kind: bad kind "centr"`},
		{"parent missing", map[int]string{18: `    parent: cc`},
			`x.yaml:18: sites[1].parent: unknown parent "cc"`},
		{"own parent", map[int]string{18: `    parent: p`},
			`x.yaml:18: sites[1].parent: site "p" cannot be its own parent`},
		{"parent cycle", map[int]string{10: "    kind: centre\n    parent: p"},
			`x.yaml:11: sites[0].parent: parent cycle: c → p → c`},
		{"bad hours", map[int]string{3: `  mon: ["7:30-25:00"]`},
			`x.yaml:3: hours.mon[0]: bad session "7:30-25:00"`},
		{"end before start", map[int]string{3: `  mon: ["11:30-07:30"]`},
			`x.yaml:3: hours.mon[0]: bad session "11:30-07:30": it must end after it starts`},
		{"overlapping sessions", map[int]string{3: `  mon: ["07:30-11:30", "11:00-17:00"]`},
			`x.yaml:3: hours.mon[1]: session 11:00-17:00 overlaps 07:30-11:30`},
		{"sessions out of order", map[int]string{3: `  mon: ["13:30-17:00", "07:30-11:30"]`},
			`x.yaml:3: hours.mon[1]: session 07:30-11:30 is before 13:30-17:00`},
		{"unknown weekday", map[int]string{3: `  mo: ["07:30-11:30"]`},
			`x.yaml:3: hours.mo: unknown weekday "mo"`},
		{"bad site hours", map[int]string{17: "    kind: point\n    hours: {sat: [\"08:00-08:00\"]}"},
			`x.yaml:18: sites[1].hours.sat[0]: bad session "08:00-08:00"`},
		{"bad prefix", map[int]string{5: `  - {id: dat-dai, name: Đất đai, prefix: a1, minutes: 15}`},
			`x.yaml:5: services[0].prefix: bad prefix "a1"`},
		{"duplicate prefix", map[int]string{6: `  - {id: ho-tich, name: Hộ tịch, prefix: A, minutes: 8}`},
			`x.yaml:6: services[1].prefix: prefix "A" is already used by service "dat-dai"`},
		{"duplicate service id", map[int]string{6: `  - {id: dat-dai, name: Hộ tịch, prefix: H, minutes: 8}`},
			`x.yaml:6: services[1].id: duplicate service id "dat-dai"`},
		{"minutes out of range", map[int]string{6: `  - {id: ho-tich, name: Hộ tịch, prefix: H, minutes: 0}`},
			`x.yaml:6: services[1].minutes: 0 is out of range 1..240`},
		{"minutes missing", map[int]string{6: `  - {id: ho-tich, name: Hộ tịch, prefix: H}`},
			`x.yaml:6: services[1].minutes: required`},
		{"wrong type", map[int]string{5: `  - {id: dat-dai, name: Đất đai, prefix: A, minutes: abc}`},
			`x.yaml:5: services[0].minutes: want an integer, got "abc"`},
		{"list for a string", map[int]string{9: `    name: [a, b]`},
			`x.yaml:9: sites[0].name: want a string, got a list`},
		{"counter serving a service not offered", map[int]string{21: `      - {id: q1, number: 1, services: [dat-dai]}`},
			`x.yaml:21: sites[1].counters[0].services[0]: service "dat-dai" is not offered by site "p"`},
		{"offered service without a counter", map[int]string{21: `      - {id: q1, number: 1, services: [dat-dai]}`},
			`x.yaml:19: sites[1].services[0]: no counter serves "ho-tich"`},
		{"quota for a service not offered", map[int]string{19: "    services: [ho-tich]\n    quota: {dat-dai: 10}"},
			`x.yaml:20: sites[1].quota.dat-dai: service "dat-dai" is not offered by site "p"`},
		{"quota not positive", map[int]string{19: "    services: [ho-tich]\n    quota: {ho-tich: 0}"},
			`x.yaml:20: sites[1].quota.ho-tich: 0 is out of range`},
		{"duplicate counter number", map[int]string{14: `      - {id: q2, number: 1, services: [ho-tich, dat-dai]}`},
			`x.yaml:14: sites[0].counters[1].number: duplicate number 1 (also counter "q1")`},
		{"duplicate counter id", map[int]string{14: `      - {id: q1, number: 2, services: [ho-tich, dat-dai]}`},
			`x.yaml:14: sites[0].counters[1].id: duplicate counter id "q1"`},
		{"counter number too big", map[int]string{14: `      - {id: q2, number: 1000, services: [ho-tich]}`},
			`x.yaml:14: sites[0].counters[1].number: 1000 is out of range 1..999`},
		{"counter without services", map[int]string{14: `      - {id: q2, number: 2, services: []}`},
			`x.yaml:14: sites[0].counters[1].services: at least one service is required`},
		{"bad timezone", map[int]string{1: "name: Test\ntimezone: Mars/Olympus"},
			`x.yaml:2: timezone: unknown time zone "Mars/Olympus"`},
		{"machine time zone", map[int]string{1: "name: Test\ntimezone: Local"},
			`x.yaml:2: timezone: "Local" depends on the machine`},
		{"name missing", map[int]string{1: `name_en: Test`},
			`x.yaml:1: name: required`},
		{"site name missing", map[int]string{16: `    name_en: Point`},
			`x.yaml:15: sites[1].name: required`},
		{"duplicate key", map[int]string{17: "    kind: point\n    kind: branch"},
			`x.yaml:18: sites[1].kind: duplicate key`},
		{"bad holiday", map[int]string{1: "name: Test\nholidays: [\"2026-02-30\"]"},
			`x.yaml:2: holidays[0]: bad date "2026-02-30"`},
		{"bad site holiday", map[int]string{17: "    kind: point\n    holidays: [\"2026-9-2\"]"},
			`x.yaml:18: sites[1].holidays[0]: bad date "2026-9-2"`},
		{"recall limit", map[int]string{1: "name: Test\nrecall_limit: 11"},
			`x.yaml:2: recall_limit: 11 is out of range 0..10`},
		{"kiosk per minute", map[int]string{1: "name: Test\nkiosk_per_minute: 0"},
			`x.yaml:2: kiosk_per_minute: 0 is out of range 1..10000`},
		{"site kiosk per minute", map[int]string{17: "    kind: point\n    kiosk_per_minute: many"},
			`x.yaml:18: sites[1].kiosk_per_minute: want an integer`},
		{"dialect", map[int]string{1: "name: Test\ndialect: central"},
			`x.yaml:2: dialect: unknown dialect "central"`},
		{"number reading", map[int]string{1: "name: Test\nnumber_reading: letters"},
			`x.yaml:2: number_reading: unknown reading "letters"`},
		{"site number reading", map[int]string{17: "    kind: point\n    number_reading: words"},
			`x.yaml:18: sites[1].number_reading: unknown reading "words"`},
		{"prefixes heard alike", map[int]string{5: `  - {id: dat-dai, name: Đất đai, prefix: D, minutes: 15}`, 6: `  - {id: ho-tich, name: Hộ tịch, prefix: V, minutes: 8}`},
			`x.yaml:11: sites[0].services: prefixes D of "dat-dai" and V of "ho-tich" sound alike in the south dialect ("dê", "vê")`},
		{"announcement placeholder", map[int]string{1: "name: Test\nannouncement: \"Mời số {number} đến {quay}\""},
			`x.yaml:2: announcement: unknown placeholder {quay}`},
		{"announcement without number", map[int]string{1: "name: Test\nannouncement: \"Mời đến quầy {counter}\""},
			`x.yaml:2: announcement: must contain {number}`},
		{"priority duplicate", map[int]string{1: "name: Test\npriority: [{id: elderly, name: A}, {id: elderly, name: B}]"},
			`x.yaml:2: priority[1].id: duplicate id "elderly"`},
		{"priority bad id", map[int]string{1: "name: Test\npriority: [{id: Old-People, name: A}]"},
			`x.yaml:2: priority[0].id: bad id "Old-People"`},
		{"empty pause reasons", map[int]string{1: "name: Test\npause_reasons: []"},
			`x.yaml:2: pause_reasons: at least one reason is required`},
		{"rating level without a name", map[int]string{1: "name: Test\nrating: [good, bad]"},
			`x.yaml:2: rating: level "good" needs a name in rating_names`},
		{"rating name of no level", map[int]string{1: "name: Test\nrating_names: {great: {name: Tuyệt}}"},
			`x.yaml:2: rating_names.great: "great" is not a level of rating`},
		{"site without services", map[int]string{19: `    services: []`},
			`x.yaml:19: sites[1].services: at least one service is required`},
		{"services not a list", map[int]string{4: `services: dat-dai`, 5: "#", 6: "#"},
			`x.yaml:4: services: want a list, got "dat-dai"`},
		{"yaml syntax", map[int]string{9: `    name: "Centre`},
			`x.yaml:9: `},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o, err := Parse(doc(tt.edits), "x.yaml")
			if err == nil {
				t.Fatalf("got no error, want %q", tt.want)
			}
			if o != nil {
				t.Errorf("got an Org with the error, want nil")
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("got error\n%v\nwant it to contain\n%s", err, tt.want)
			}
		})
	}
}

func TestParseWhole(t *testing.T) {
	tests := []struct {
		name string
		data string
		want string
	}{
		{"empty", "", "x.yaml:1: the file is empty"},
		{"comments only", "# nothing\n", "x.yaml:1: the file is empty"},
		{"a list at the top", "- a\n- b\n", "x.yaml:1: want a mapping at the top"},
		{"nothing required", "foo: 1\n", "x.yaml:1: name: required"},
		{"no sites", "name: X\nservices: [{id: a, name: A, prefix: A, minutes: 5}]\n", "x.yaml:1: sites: at least one site is required"},
		{"alias bomb", aliasBomb(), "too many nodes"},
		{"a mapping merging itself", "name: X\nsites: [&s {<<: *s, id: a}]\n", "x.yaml:2: sites[0]: merge keys (<<) nest too deep"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse([]byte(tt.data), "x.yaml")
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("got error %v, want it to contain %q", err, tt.want)
			}
		})
	}
}

// aliasBomb builds a small file whose aliases would expand to 10^9 counter services.
func aliasBomb() string {
	refs := func(ref string) string { return "[" + strings.Repeat(ref+", ", 999) + ref + "]" }
	var b strings.Builder
	b.WriteString("name: X\nservices: [{id: a, name: A, prefix: A, minutes: 5}]\n")
	b.WriteString("x0: &s " + refs("a") + "\n")
	b.WriteString("x1: &c {id: q, number: 1, services: *s}\n")
	b.WriteString("x2: &l " + refs("*c") + "\n")
	b.WriteString("sites: [&site {id: s, name: S, kind: point, services: [a], counters: *l}, ")
	b.WriteString(refs("*site")[1:] + "\n")
	return b.String()
}

func TestParseOneErrorPerMistake(t *testing.T) {
	_, err := Parse(doc(map[int]string{11: `    services: [dat-dai, [ho-tich]]`}), "x.yaml")
	want := `x.yaml:11: sites[0].services[1]: want a string, got a list`
	if err == nil || !strings.Contains(err.Error(), want) || strings.Contains(err.Error(), `unknown service ""`) {
		t.Errorf("got error %v, want %q and nothing about an empty service", err, want)
	}
}

func TestParseErrorsListEverything(t *testing.T) {
	_, err := Parse(doc(map[int]string{
		10: `    kind: centr`,
		18: `    parent: cc`,
	}), "x.yaml")
	if err == nil {
		t.Fatal("got no error, want two")
	}
	lines := strings.Split(err.Error(), "\n")
	if len(lines) != 2 || !strings.HasPrefix(lines[0], "x.yaml:10: ") || !strings.HasPrefix(lines[1], "x.yaml:18: ") {
		t.Errorf("got errors %q, want one on line 10 then one on line 18", lines)
	}
}
