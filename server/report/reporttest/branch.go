package reporttest

import (
	"strings"
	"testing"

	"luot/config"
	"luot/server/internal/testenv"
)

// BranchOrg is the test organisation with the point moved under a branch of the centre
// ("branch", one counter of ho-tich), for the reach of a branch's reports and supervisors.
func BranchOrg(t testing.TB) *config.Org {
	t.Helper()
	y := strings.Replace(testenv.OrgYAML, "    parent: centre\n", "    parent: branch\n", 1)
	y += `  - id: branch
    name: "Chi nhánh Một"
    kind: branch
    parent: centre
    services: [ho-tich]
    counters:
      - {id: b1, number: 1, services: [ho-tich]}
`
	org, err := config.Parse([]byte(y), "branch.yaml")
	if err != nil {
		t.Fatal(err)
	}
	return org
}
