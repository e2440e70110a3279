package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"luot/server/internal/redistest"
	"luot/server/internal/testenv"
)

// TestBackupAndRestoreCommands runs `luot backup` and `luot restore` as an operator does:
// back up, restore into an empty Redis, refuse a second restore, force it.
func TestBackupAndRestoreCommands(t *testing.T) {
	src := testenv.New(t)
	tk, err := src.Engine.Issue(context.Background(), testenv.Kiosk("centre"), "centre", "dat-dai", "", "")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	orgFile := filepath.Join(dir, "org.yaml")
	os.WriteFile(orgFile, []byte(testenv.OrgYAML), 0o644)
	archiveDir := filepath.Join(dir, "archive", "2026")
	os.MkdirAll(archiveDir, 0o755)
	os.WriteFile(filepath.Join(archiveDir, "2026-11-20.jsonl.gz"), []byte("an archived day"), 0o644)
	file := filepath.Join(dir, "backup.tar.gz")

	luot := func(redis string, args ...string) (int, string) {
		env := map[string]string{"REDIS_URL": redis, "LUOT_CONFIG": orgFile, "LUOT_ARCHIVE_DIR": filepath.Join(dir, "archive")}
		if redis != src.Redis.URL() {
			env["LUOT_ARCHIVE_DIR"] = filepath.Join(dir, "restored")
		}
		var out, errs bytes.Buffer
		code := run(context.Background(), args, func(k string) string { return env[k] }, nil, &out, &errs)
		return code, out.String() + errs.String()
	}
	if code, out := luot(src.Redis.URL(), "backup", "-o", file); code != 0 || !strings.Contains(out, "1 archive files") {
		t.Fatalf("backup: exit %d: %s", code, out)
	}
	if code, out := luot(src.Redis.URL(), "backup", "-o", file); code != 1 || !strings.Contains(out, "exists") {
		t.Errorf("backup over an existing file: exit %d: %s", code, out)
	}
	dst := redistest.Start(t)
	if code, out := luot(dst.URL(), "restore", file); code != 0 || !strings.Contains(out, "1 archive files written") {
		t.Fatalf("restore: exit %d: %s", code, out)
	}
	if got := dst.Client().HGet(context.Background(), "luot:{centre}:t:"+tk.ID, "number").Val(); got != "A001" {
		t.Errorf("the restored ticket: number %q", got)
	}
	if data, err := os.ReadFile(filepath.Join(dir, "restored", "2026", "2026-11-20.jsonl.gz")); err != nil || string(data) != "an archived day" {
		t.Errorf("the restored archive file: %q, %v", data, err)
	}
	if code, out := luot(dst.URL(), "restore", file); code != 1 || !strings.Contains(out, "already holds") {
		t.Errorf("restore into a Redis with data: exit %d: %s", code, out)
	}
	if code, out := luot(dst.URL(), "restore", "-force", file); code != 0 || !strings.Contains(out, "deleted first") {
		t.Errorf("forced restore: exit %d: %s", code, out)
	}
}
