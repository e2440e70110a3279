package report_test

import (
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"luot/server/report"
)

// formulaReport is a report whose names and keys are what an outsider might have typed into a
// full name or an organisation file: formulas a spreadsheet would run.
func formulaReport() *report.Report {
	return &report.Report{
		Site: "centre", SiteName: "-2+3 Trung tâm", Province: "=1+1", From: "2026-11-23", To: "2026-11-23", By: "officer",
		Rows: []report.Row{
			{Key: "=cmd|' /C calc'!A0", Name: `=HYPERLINK("http://evil.example","Bấm vào đây")`, Issued: 3},
			{Key: "@SUM(A1:A9)", Name: "+84 901 234 567", Issued: 2},
			{Key: "lan", Name: "\t=2*3", Issued: 1},
			{Key: "hung", Name: "Nguyễn Thị Lan", Issued: -1},
		},
		Total:       report.Row{Key: "total", Issued: 5},
		Levels:      []report.Level{{ID: "good", Name: "=Tốt"}},
		GeneratedAt: time.Date(2026, 11, 23, 17, 0, 0, 0, time.UTC),
	}
}

// risky reports whether a spreadsheet would take a cell's text as a formula.
func risky(s string) bool {
	return s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0]))
}

// TestExportsNeutraliseFormulas: no text cell of a CSV or Excel export starts with = + - @,
// a tab or a carriage return (CSV/formula injection); the text is kept after a quote, and
// numbers stay numbers.
func TestExportsNeutraliseFormulas(t *testing.T) {
	r := formulaReport()
	rows := csvRows(t, r)
	for i, row := range rows {
		for j, cell := range row {
			if risky(cell) && !(i > 0 && j >= 2 && isNumber(cell)) {
				t.Errorf("CSV line %d, column %d: %q would run as a formula", i+1, j+1, cell)
			}
		}
	}
	if got := rows[1][1]; got != `'=HYPERLINK("http://evil.example","Bấm vào đây")` {
		t.Errorf("CSV name: got %q, want the text behind a quote", got)
	}
	if got := rows[4][1]; got != "Nguyễn Thị Lan" {
		t.Errorf("CSV plain name: got %q, want it unchanged", got)
	}
	if got := rows[4][2]; got != "-1" {
		t.Errorf("CSV number: got %q, want -1 as a number", got)
	}

	f := workbook(t, r)
	for _, sheet := range f.GetSheetList() {
		cells, err := f.GetRows(sheet)
		if err != nil {
			t.Fatal(err)
		}
		for i, row := range cells {
			for j, cell := range row {
				name, _ := excelize.CoordinatesToCellName(j+1, i+1)
				typ, _ := f.GetCellType(sheet, name)
				if formula, _ := f.GetCellFormula(sheet, name); formula != "" {
					t.Errorf("%s!%s: a formula %q", sheet, name, formula)
				}
				if risky(cell) && (typ == excelize.CellTypeSharedString || typ == excelize.CellTypeInlineString) {
					t.Errorf("%s!%s: text %q would run as a formula once copied", sheet, name, cell)
				}
			}
		}
	}
	if typ, _ := f.GetCellType("Báo cáo", "C12"); typ == excelize.CellTypeSharedString || typ == excelize.CellTypeInlineString {
		t.Error("C12 (-1 issued) is stored as text, want a number")
	}
}

func isNumber(s string) bool {
	for i, r := range s {
		if !(r >= '0' && r <= '9' || r == '.' || (i == 0 && r == '-')) {
			return false
		}
	}
	return true
}
