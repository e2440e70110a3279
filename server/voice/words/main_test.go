package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestRun(t *testing.T) {
	dir := t.TempDir()
	org := filepath.Join(dir, "org.yaml")
	yaml := "name: Test\nannouncement: \"Xin mời số {number} tới bàn {counter}\"\n" +
		"services: [{id: a, name: A, prefix: A, minutes: 5}]\n" +
		"sites: [{id: s, name: S, kind: centre, services: [a], counters: [{id: q1, number: 1, services: [a]}]}]\n"
	if err := os.WriteFile(org, []byte(yaml), 0o644); err != nil {
		t.Fatal(err)
	}
	var out, errs bytes.Buffer
	if code := run([]string{org}, &out, &errs); code != 0 {
		t.Fatalf("run: exit %d, %s", code, errs.String())
	}
	for _, line := range []string{"muwowif\tmười", "e-lowf\te lờ", "banf\tbàn", "towis\ttới", "mowif\tmời", "quaayf\tquầy"} {
		if !strings.Contains(out.String(), line+"\n") {
			t.Errorf("output lacks %q:\n%s", line, out.String())
		}
	}
	if code := run([]string{filepath.Join(dir, "missing.yaml")}, &out, &errs); code != 1 {
		t.Errorf("missing file: exit %d, want 1", code)
	}
}
