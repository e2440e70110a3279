package main

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	"luot/config"
	"luot/server/internal/redistest"
)

// TestDemoPrintsEverySiteKind: the demo staffs and prints the centre, a branch and a ward's
// reception point (its kiosk, display and officers), and the transparency page.
func TestDemoPrintsEverySiteKind(t *testing.T) {
	r := redistest.Start(t)
	env := map[string]string{"REDIS_URL": r.URL(), "LUOT_CONFIG": "../config/binhduong.yaml", "LUOT_PUBLIC_URL": "http://luot.test",
		"LUOT_ALWAYS_OPEN": "1"}
	var out, errs bytes.Buffer
	if code := run(context.Background(), []string{"demo"}, func(k string) string { return env[k] }, nil, &out, &errs); code != 0 {
		t.Fatalf("exit %d: %s", code, errs.String())
	}
	got := out.String()
	for _, want := range []string{
		"http://luot.test/public/",
		"kiosk ttpvhcc", "kiosk cn-thu-dau-mot", "kiosk tdm-phu-cuong", "display tdm-phu-cuong",
		"http://luot.test/kiosk/#pair=d_",
		"tdm-phu-cuong-q01", "officer, Điểm tiếp nhận phường Phú Cường — Quầy 1",
		"supervisor of ttpvhcc, cn-thu-dau-mot, tdm-phu-cuong",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("the demo does not print %q", want)
		}
	}
	if strings.Contains(got, "closed now") {
		t.Error("LUOT_ALWAYS_OPEN=1: the demo says every site is closed")
	}
}

// TestClosedNotice: at night and on a Sunday the demo says every site is closed and how to
// try it anyway; in opening hours, or with opening hours ignored, it says nothing.
func TestClosedNotice(t *testing.T) {
	org, err := config.Load("../config/binhduong.yaml")
	if err != nil {
		t.Fatal(err)
	}
	at := func(day, hh, mm int) time.Time { return time.Date(2026, 11, day, hh, mm, 0, 0, org.Location) }
	for _, tc := range []struct {
		name       string
		now        time.Time
		alwaysOpen bool
		want       string // "" for no notice
	}{
		{"Monday 09:00", at(23, 9, 0), false, ""},
		{"Monday 21:40", at(23, 21, 40), false, "The first site opens at 07:30 on Tuesday 24/11"},
		{"Sunday 10:00", at(29, 10, 0), false, "LUOT_ALWAYS_OPEN=1 make run"},
		{"Sunday, always open", at(29, 10, 0), true, ""},
	} {
		got := closedNotice(org, tc.now, tc.alwaysOpen)
		if (tc.want == "") != (got == "") || !strings.Contains(got, tc.want) {
			t.Errorf("%s: got %q, want it to say %q", tc.name, got, tc.want)
		}
	}
}
