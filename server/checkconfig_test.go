package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestCheckConfigPrefixesHeard: check-config passes the shipped organisation and refuses one
// whose site has two prefixes the hall would hear as one (D "dê" and V "vê" in the South).
func TestCheckConfigPrefixesHeard(t *testing.T) {
	check := func(path string) (int, string) {
		var out, errs bytes.Buffer
		code := run(context.Background(), []string{"check-config", path}, func(string) string { return "" }, nil, &out, &errs)
		return code, out.String() + errs.String()
	}
	if code, out := check("../config/binhduong.yaml"); code != 0 {
		t.Fatalf("shipped organisation: exit %d\n%s", code, out)
	}
	org := "name: T\ndialect: south\n" +
		"services:\n  - {id: dn, name: Doanh nghiệp, prefix: D, minutes: 5}\n  - {id: nv, name: Nội vụ, prefix: V, minutes: 5}\n" +
		"sites:\n  - {id: s, name: S, kind: centre, services: [dn, nv], counters: [{id: q1, number: 1, services: [dn, nv]}]}\n"
	path := filepath.Join(t.TempDir(), "org.yaml")
	if err := os.WriteFile(path, []byte(org), 0o644); err != nil {
		t.Fatal(err)
	}
	code, out := check(path)
	if code != 1 || !strings.Contains(out, `prefixes D of "dn" and V of "nv" sound alike in the south dialect`) {
		t.Errorf("D and V in the South: exit %d\n%s\nwant exit 1 naming both prefixes", code, out)
	}
	if err := os.WriteFile(path, []byte(strings.Replace(org, "south", "north", 1)), 0o644); err != nil {
		t.Fatal(err)
	}
	if code, out := check(path); code != 0 {
		t.Errorf("D and V in the North: exit %d\n%s\nwant 0 (v is /v/ there)", code, out)
	}
}
