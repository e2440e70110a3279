package api_test

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	cdpbrowser "github.com/chromedp/cdproto/browser"
	"github.com/chromedp/chromedp"
	"golang.org/x/text/unicode/norm"

	"luot/server/archive"
	"luot/server/internal/browser"
	"luot/server/internal/testenv"
	"luot/server/queue"
	"luot/server/report"
	"luot/server/report/reporttest"
)

// TestReportInBrowser: a supervisor of the centre generates the report of a busy day (read
// from its rolled-up aggregates), sees the charts and the table with the API's figures, and
// downloads the PDF, whose text has the province's name and the figures in Vietnamese.
func TestReportInBrowser(t *testing.T) {
	s := admBinhDuong(t)
	var idle []string
	for _, site := range s.Org.Sites {
		if site.ID != "ttpvhcc" {
			idle = append(idle, site.ID)
		}
	}
	loc := testenv.Loc()
	busy := reporttest.NewBusy(t, s.Env, time.Date(2026, 11, 23, 7, 30, 0, 0, loc), nil, nil, idle)
	busy.Run(t, time.Date(2026, 11, 23, 17, 15, 0, 0, loc))
	t.Logf("busy day at the centre: %s", busy)

	s.Clock.Set(time.Date(2026, 11, 24, 8, 0, 0, 0, loc))
	job := &archive.Job{Store: s.Store, Org: s.Engine.Org, Clock: s.Clock, Dir: t.TempDir()}
	if _, err := job.Rollup(context.Background(), "2026-11-23"); err != nil {
		t.Fatal(err)
	}
	sup := s.User(t, "giamdoc", queue.RoleSupervisor, "ttpvhcc")
	var want report.Report
	s.Do(t, sup, "GET", "/api/v1/reports?site=ttpvhcc&from=2026-11-23&to=2026-11-23&by=service", nil, 200, &want)
	if want.Total.Issued < 300 || want.Total.Rated == 0 {
		t.Fatalf("a thin day: %+v", want.Total)
	}

	ctx := admSignIn(t, s, "giamdoc2", queue.RoleSupervisor, 1600, 1000, "ttpvhcc")
	downloads := t.TempDir()
	done := make(chan string, 4)
	chromedp.ListenTarget(ctx, func(ev any) {
		if e, ok := ev.(*cdpbrowser.EventDownloadProgress); ok && e.State == cdpbrowser.DownloadProgressStateCompleted {
			done <- e.GUID
		}
	})
	admRun(t, ctx, "the report",
		cdpbrowser.SetDownloadBehavior(cdpbrowser.SetDownloadBehaviorBehaviorAllowAndName).WithDownloadPath(downloads).WithEventsEnabled(true),
		chromedp.Navigate(s.URL+"/admin/#/reports"),
		chromedp.WaitVisible("#r-show", chromedp.ByQuery),
		chromedp.SetValue("#r-site", "ttpvhcc", chromedp.ByQuery),
		chromedp.SetValue("#r-from", "2026-11-23", chromedp.ByQuery),
		chromedp.SetValue("#r-to", "2026-11-23", chromedp.ByQuery),
		chromedp.SetValue("#r-by", "service", chromedp.ByQuery),
		chromedp.Click("#r-show", chromedp.ByQuery),
		admUntil(`document.querySelector("#report-table tr.total") && document.querySelector(".report-head h2").textContent.includes("23/11/2026")`),
		// the charts are drawn
		admUntil(`document.querySelector("#chart-arrivals").width > 0 && window.Chart && Chart.getChart("chart-arrivals") !== undefined`),
	)
	total := admText(t, ctx, "#report-table tr.total")
	for _, want := range []string{"Tổng cộng", fmt.Sprint(want.Total.Issued), fmt.Sprint(want.Total.Served),
		strings.Replace(fmt.Sprint(want.Total.WaitAvgMin), ".", ",", 1)} {
		if !strings.Contains(total, want) {
			t.Errorf("the total row %q lacks %q", total, want)
		}
	}
	if got := admCount(t, ctx, "#report-table tbody tr"); got != len(want.Rows)+1 {
		t.Errorf("got %d lines, want %d rows and the total", got, len(want.Rows))
	}
	var bars int
	admRun(t, ctx, "chart data", chromedp.Evaluate(`Chart.getChart("chart-arrivals").data.datasets[0].data.reduce((a, b) => a + b, 0)`, &bars))
	if bars != want.Total.Issued {
		t.Errorf("the arrivals chart sums to %d, want %d", bars, want.Total.Issued)
	}
	browser.Screenshot(t, ctx, "admin-report")

	admRun(t, ctx, "download the PDF", chromedp.Click("#x-pdf", chromedp.ByQuery))
	var guid string
	select {
	case guid = <-done:
	case <-time.After(admStep):
		t.Fatal("the PDF was not downloaded")
	}
	pdf, err := os.ReadFile(filepath.Join(downloads, guid))
	if err != nil || !bytes.HasPrefix(pdf, []byte("%PDF")) {
		t.Fatalf("the download is not a PDF (%v): %.20q", err, pdf)
	}
	path := filepath.Join(browser.Root(), "test-output", "reports", "downloaded-report.pdf")
	os.MkdirAll(filepath.Dir(path), 0o755)
	if err := os.WriteFile(path, pdf, 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("pdftotext", "-layout", path, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	text := norm.NFC.String(string(out))
	for _, w := range []string{"TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG TỈNH BÌNH DƯƠNG", "Từ ngày 23/11/2026 đến ngày 23/11/2026",
		"Đất đai", "Tổng cộng", "GIÁM ĐỐC", fmt.Sprint(want.Total.Issued)} {
		if !strings.Contains(text, w) {
			t.Errorf("the downloaded PDF lacks %q", w)
		}
	}
}
