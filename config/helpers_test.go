package config

import (
	"strings"
	"testing"
)

// baseDoc is a small valid organisation file; tests replace some of its lines (the line
// numbers in comments are the file's) to break it in one place.
var baseDoc = []string{
	`name: Test`,                            // 1
	`hours:`,                                // 2
	`  mon: ["07:30-11:30", "13:30-17:00"]`, // 3
	`services:`,                             // 4
	`  - {id: dat-dai, name: Đất đai, prefix: A, minutes: 15}`, // 5
	`  - {id: ho-tich, name: Hộ tịch, prefix: H, minutes: 8}`,  // 6
	`sites:`,                           // 7
	`  - id: c`,                        // 8
	`    name: Centre`,                 // 9
	`    kind: centre`,                 // 10
	`    services: [dat-dai, ho-tich]`, // 11
	`    counters:`,                    // 12
	`      - {id: q1, number: 1, services: [dat-dai]}`,          // 13
	`      - {id: q2, number: 2, services: [ho-tich, dat-dai]}`, // 14
	`  - id: p`,               // 15
	`    name: Point`,         // 16
	`    kind: point`,         // 17
	`    parent: c`,           // 18
	`    services: [ho-tich]`, // 19
	`    counters:`,           // 20
	`      - {id: q1, number: 1, services: [ho-tich]}`, // 21
}

// doc returns baseDoc with the given lines (1-based) replaced; a replacement may hold
// several lines, which shifts the lines after it.
func doc(edits map[int]string) []byte {
	lines := append([]string(nil), baseDoc...)
	for n, text := range edits {
		lines[n-1] = text
	}
	return []byte(strings.Join(lines, "\n") + "\n")
}

// mustParse parses data and fails the test on error.
func mustParse(t *testing.T, data []byte) *Org {
	t.Helper()
	o, err := Parse(data, "x.yaml")
	if err != nil {
		t.Fatalf("Parse: got error %v, want none", err)
	}
	return o
}

// ids returns the ids of sites, to compare lists.
func ids(sites []*Site) string {
	var out []string
	for _, s := range sites {
		out = append(out, s.ID)
	}
	return strings.Join(out, " ")
}
