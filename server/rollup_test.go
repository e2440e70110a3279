package main

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"luot/server/internal/redistest"
)

func TestRollupCommand(t *testing.T) {
	r := redistest.Start(t)
	env := map[string]string{"REDIS_URL": r.URL(), "LUOT_CONFIG": "../config/binhduong.yaml", "LUOT_ARCHIVE_DIR": t.TempDir()}
	getenv := func(k string) string { return env[k] }
	var out, errs bytes.Buffer
	if code := run(context.Background(), []string{"rollup", "2025-01-06", "2025-01-07"}, getenv, nil, &out, &errs); code != 0 {
		t.Fatalf("exit %d: %s", code, errs.String())
	}
	if got := out.String(); !strings.Contains(got, "2025-01-06: 0 sites, 0 tickets rolled up; no archive written") ||
		!strings.Contains(got, "2025-01-07:") {
		t.Errorf("got %q", got)
	}
	if !strings.Contains(errs.String(), "day rolled up") {
		t.Errorf("no log line: %q", errs.String())
	}
	out.Reset()
	errs.Reset()
	if code := run(context.Background(), []string{"rollup", "07/01/2025"}, getenv, nil, &out, &errs); code != 1 ||
		!strings.Contains(errs.String(), "07/01/2025") {
		t.Errorf("a bad date: exit %d, %q", code, errs.String())
	}
}
