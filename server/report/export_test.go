package report_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/unicode/norm"

	"luot/server/internal/testenv"
	"luot/server/report"
	"luot/server/report/reporttest"
)

// scriptedReport is the centre's report of the scripted day by service.
func scriptedReport(t *testing.T) *report.Report {
	t.Helper()
	env := testenv.New(t)
	reporttest.Scripted(t, env)
	b := &report.Builder{Source: env.Store, Org: env.Engine.Org, Now: env.Clock.Now}
	q, err := report.ParseQuery("centre", reporttest.Day, reporttest.Day, report.ByService, "", env.Clock.Now())
	if err != nil {
		t.Fatal(err)
	}
	r, err := b.Build(context.Background(), q)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// csvRows writes r as CSV in Vietnamese, checks its byte-order mark and reads it back.
func csvRows(t *testing.T, r *report.Report) [][]string {
	t.Helper()
	var buf bytes.Buffer
	if err := report.WriteCSV(&buf, r, "vi"); err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(buf.Bytes(), []byte("\ufeff")) {
		t.Error("no byte-order mark")
	}
	rows, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(buf.Bytes(), []byte("\ufeff")))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return rows
}

// workbook writes r as an Excel workbook in Vietnamese and opens it; it is closed at cleanup.
func workbook(t *testing.T, r *report.Report) *excelize.File {
	t.Helper()
	var buf bytes.Buffer
	if err := report.WriteXLSX(&buf, r, "vi"); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

func TestExports(t *testing.T) {
	r := scriptedReport(t)
	t.Run("csv", func(t *testing.T) {
		rows := csvRows(t, r)
		want := [][]string{
			{"Mã", "Tên", "Số đã phát", "Đã phục vụ", "Vắng mặt", "Đã hủy", "Chờ TB (phút)", "Chờ P90 (phút)", "Phục vụ TB (phút)", "Rất hài lòng", "Hài lòng", "Không hài lòng", "Lượt đánh giá", "Hài lòng (%)"},
			{"dat-dai", "Đất đai", "3", "2", "1", "0", "9.3", "18", "10", "1", "0", "1", "2", "50"},
			{"ho-tich", "Hộ tịch", "3", "3", "0", "0", "5.8", "10", "7", "1", "1", "0", "2", "100"},
			{"doanh-nghiep", "Doanh nghiệp", "1", "0", "0", "0", "—", "—", "—", "0", "0", "0", "0", "—"}, // nobody called: no wait, not 0
			{"total", "Tổng cộng", "7", "5", "1", "0", "7.6", "18", "8.2", "2", "1", "1", "4", "75"},
		}
		if len(rows) != len(want) {
			t.Fatalf("got %d lines, want %d: %q", len(rows), len(want), rows)
		}
		for i := range want {
			if strings.Join(rows[i], "|") != strings.Join(want[i], "|") {
				t.Errorf("line %d:\n got %q\nwant %q", i, rows[i], want[i])
			}
		}
	})
	t.Run("xlsx", func(t *testing.T) {
		f := workbook(t, r)
		if got := f.GetSheetList(); len(got) != 2 || got[0] != "Báo cáo" || got[1] != "Biểu đồ" {
			t.Errorf("sheets: got %q", got)
		}
		rows, err := f.GetRows("Báo cáo")
		if err != nil {
			t.Fatal(err)
		}
		if rows[0][0] != "Trung tâm Phục vụ hành chính công tỉnh Thử Nghiệm" || rows[2][0] != "Đơn vị: Trung tâm Thử Nghiệm" {
			t.Errorf("title: got %q / %q", rows[0], rows[2])
		}
		if got := strings.Join(rows[3], ""); got != "Kỳ báo cáo: Từ ngày 23/11/2026 đến ngày 23/11/2026" {
			t.Errorf("period: got %q", got)
		}
		want := map[int]string{
			8:  "dat-dai|Đất đai|3|2|1|0|9.3|18|10|1|0|1|2|50",
			9:  "ho-tich|Hộ tịch|3|3|0|0|5.8|10|7|1|1|0|2|100",
			10: "doanh-nghiep|Doanh nghiệp|1|0|0|0||||0|0|0|0", // averages of nothing: empty cells
			11: "|Tổng cộng|7|5|1|0|7.6|18|8.2|2|1|1|4|75",
		}
		for i, w := range want {
			if got := strings.Join(rows[i], "|"); got != w {
				t.Errorf("row %d:\n got %s\nwant %s", i+1, got, w)
			}
		}
		// numbers are numbers, not text
		if typ, _ := f.GetCellType("Báo cáo", "G9"); typ == excelize.CellTypeSharedString || typ == excelize.CellTypeInlineString {
			t.Errorf("G9 is stored as text")
		}
		charts, err := f.GetRows("Biểu đồ")
		if err != nil || len(charts) < 11 || charts[3][0] != "09:00" || charts[3][1] != "3" {
			t.Errorf("chart figures: got %q (%v)", charts, err)
		}
	})
	t.Run("pdf", func(t *testing.T) {
		var buf bytes.Buffer
		if err := report.WritePDF(&buf, r, "vi"); err != nil {
			t.Fatal(err)
		}
		text := pdfText(t, buf.Bytes(), "report-vi.pdf")
		for _, want := range []string{
			"TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG TỈNH THỬ NGHIỆM",
			"CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
			"BÁO CÁO TIẾP NHẬN VÀ PHỤC VỤ CÔNG DÂN",
			"Trung tâm Thử Nghiệm",
			"Từ ngày 23/11/2026 đến ngày 23/11/2026",
			"Đất đai", "Hộ tịch", "Doanh nghiệp", "Tổng cộng",
			"9,3", "5,8", "7,6", "8,2", "75", "Vắng mặt",
			"Số phiếu phát theo giờ", "Phân bố thời gian chờ",
			"GIÁM ĐỐC", "(Ký, ghi rõ họ tên)", "Trang 1/1", "Thử Nghiệm, ngày 23 tháng 11 năm 2026",
		} {
			if !strings.Contains(text, want) {
				t.Errorf("the PDF's text lacks %q", want)
			}
		}
	})
	t.Run("pdf-en", func(t *testing.T) {
		var buf bytes.Buffer
		if err := report.WritePDF(&buf, r, "en"); err != nil {
			t.Fatal(err)
		}
		text := pdfText(t, buf.Bytes(), "report-en.pdf")
		for _, want := range []string{"REPORT ON RECEPTION AND SERVICE OF CITIZENS", "Land", "Civil status", "9.3", "7.6", "DIRECTOR",
			"Thử Nghiệm, 23 November 2026", "Dissatisfied", "Cancelled", "Satisfied", "Very"} {
			if !strings.Contains(text, want) {
				t.Errorf("the PDF's text lacks %q", want)
			}
		}
	})
	t.Run("pdf-emoji", func(t *testing.T) {
		// gofpdf panics on a character above U+FFFF; an administrator may type one in a name
		e := *r
		e.SiteName = "Trung tâm 🏛 Thử Nghiệm"
		e.Rows = append([]report.Row{{Key: "x", Name: "Đất đai 🏠"}}, r.Rows...)
		var buf bytes.Buffer
		if err := report.WritePDF(&buf, &e, "vi"); err != nil {
			t.Fatal(err)
		}
		text := pdfText(t, buf.Bytes(), "report-emoji.pdf")
		if !strings.Contains(text, "Đất đai") || !strings.Contains(text, "Thử Nghiệm") {
			t.Errorf("the PDF's text lacks the names around the emoji:\n%s", text)
		}
		if e.Rows[0].Name != "Đất đai 🏠" {
			t.Errorf("WritePDF changed the report it was given: row name %q", e.Rows[0].Name)
		}
	})
}

// pdfText extracts the text of a PDF with pdftotext (poppler-utils), NFC, and keeps the PDF
// under test-output for a look.
func pdfText(t *testing.T, pdf []byte, name string) string {
	t.Helper()
	dir := filepath.Join("..", "..", "test-output", "reports")
	os.MkdirAll(dir, 0o755)
	path := filepath.Join(dir, name)
	if err := os.WriteFile(path, pdf, 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("pdftotext", "-layout", path, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext (apt-get install poppler-utils): %v", err)
	}
	return norm.NFC.String(string(out))
}
