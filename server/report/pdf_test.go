package report_test

import (
	"bytes"
	"fmt"
	"os/exec"
	"strings"
	"testing"

	"luot/server/report"
)

// pageText is the text of one page of a PDF the test wrote with pdfText.
func pageText(t *testing.T, name string, page int) string {
	t.Helper()
	out, err := exec.Command("pdftotext", "-layout", "-f", fmt.Sprint(page), "-l", fmt.Sprint(page), "../../test-output/reports/"+name, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext page %d of %s: %v", page, name, err)
	}
	return string(out)
}

// TestPDFSignaturesStayWithTheTable: whatever the number of rows, the signature block (the
// place and date, the signers' titles) is on the page of the table's last lines, never alone
// on a page: the page break moves up, the text keeps its size.
func TestPDFSignaturesStayWithTheTable(t *testing.T) {
	base := scriptedReport(t)
	for n := 1; n <= 36; n++ {
		r := *base
		r.Rows = nil
		for i := 1; i <= n; i++ {
			row := base.Rows[i%len(base.Rows)]
			row.Key, row.Name = fmt.Sprintf("k%d", i), fmt.Sprintf("Lĩnh vực số %d", i)
			r.Rows = append(r.Rows, row)
		}
		var buf bytes.Buffer
		if err := report.WritePDF(&buf, &r, "vi"); err != nil {
			t.Fatal(err)
		}
		name := fmt.Sprintf("report-rows-%d.pdf", n)
		all := pdfText(t, buf.Bytes(), name)
		pages := strings.Count(all, "\f")
		last := pageText(t, name, pages)
		for _, want := range []string{"Thử Nghiệm, ngày 23 tháng 11 năm 2026", "GIÁM ĐỐC", "NGƯỜI LẬP BIỂU", "Tổng cộng", fmt.Sprintf("Lĩnh vực số %d ", n)} {
			if !strings.Contains(last, want) {
				t.Errorf("%d rows, %d pages: the last page lacks %q:\n%s", n, pages, want, last)
			}
		}
		if n >= 2 && !strings.Contains(last, fmt.Sprintf("Lĩnh vực số %d ", n-1)) {
			t.Errorf("%d rows: the signatures keep only the total and one line with them", n)
		}
		if t.Failed() {
			return
		}
	}
}
