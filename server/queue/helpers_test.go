package queue_test

import (
	"fmt"
	"strings"
	"testing"

	"luot/config"
	"luot/server/internal/testenv"
)

// testOrg is the test organisation with extra top-level YAML replacing its hours.
func testOrg(t *testing.T, hours string) *config.Org {
	t.Helper()
	y := testenv.OrgYAML
	start := strings.Index(y, "hours:")
	end := strings.Index(y, "priority:")
	y = y[:start] + hours + "\n" + y[end:]
	org, err := config.Parse([]byte(y), "test.yaml")
	if err != nil {
		t.Fatal(err)
	}
	return org
}

// manyCounters is an organisation whose centre has n counters c1..cn serving dat-dai.
func manyCounters(t *testing.T, n int) *config.Org {
	t.Helper()
	var b strings.Builder
	for i := 1; i <= n; i++ {
		fmt.Fprintf(&b, "      - {id: c%d, number: %d, services: [dat-dai]}\n", i, i)
	}
	b.WriteString("      - {id: q3, number: 98, services: [ho-tich]}\n")
	b.WriteString("      - {id: q4, number: 99, services: [doanh-nghiep]}\n")
	y := testenv.OrgYAML
	start := strings.Index(y, "      - {id: q1")
	end := strings.Index(y, "  - id: point")
	y = y[:start] + b.String() + y[end:]
	org, err := config.Parse([]byte(y), "test.yaml")
	if err != nil {
		t.Fatal(err)
	}
	return org
}
