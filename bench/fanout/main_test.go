package main

import (
	"bytes"
	"context"
	"os"
	"strings"
	"testing"

	"luot/bench/fanout/internal/broadcast"
)

// TestMeasureBare runs the measurement end to end against the bare broadcaster in this
// process: every client gets every call, and the row has the figures.
func TestMeasureBare(t *testing.T) {
	addr := broadcast.Start(t)
	var out, errs bytes.Buffer
	code := run(context.Background(), []string{"-url", "http://" + addr, "-mode", "bare",
		"-clients", "10", "-rounds", "3", "-interval", "10ms", "-pid", "0", "-header"}, &out, &errs)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs.String())
	}
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	if len(lines) != 2 || !strings.HasPrefix(lines[1], "bare") || !strings.Contains(lines[1], " 10      3 ") {
		t.Fatalf("output:\n%s", out.String())
	}
	if f := strings.Fields(lines[1]); f[6] != "0" {
		t.Errorf("missed %s calls, want 0:\n%s", f[6], out.String())
	}
}

func TestRunRefuses(t *testing.T) {
	for _, args := range [][]string{
		{"-url", "http://192.0.2.1:8080"}, // not loopback
		{"-mode", "other"},
		{"-clients", "0"},
	} {
		var out, errs bytes.Buffer
		if code := run(context.Background(), args, &out, &errs); code != 2 {
			t.Errorf("%v: exit %d, want 2 (%s)", args, code, errs.String())
		}
	}
}

func TestProcReaders(t *testing.T) {
	if rssKB(os.Getpid()) <= 0 || cpuTicks(os.Getpid()) < 0 {
		t.Error("cannot read this process's memory or CPU from /proc")
	}
	if rssKB(-1) != 0 || cpuTicks(0) != 0 {
		t.Error("a bad pid should read as 0")
	}
}
