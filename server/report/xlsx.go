package report

import (
	"fmt"
	"io"

	"github.com/xuri/excelize/v2"
)

// WriteXLSX writes a report as an Excel workbook: a sheet with the title, the period and the
// table (numbers as numbers), and a sheet with the two charts and their figures.
func WriteXLSX(w io.Writer, r *Report, lang string) error {
	l := wordsFor(lang)
	f := excelize.NewFile()
	defer f.Close()
	sheet := "Báo cáo"
	charts := "Biểu đồ"
	if l.english() {
		sheet, charts = "Report", "Charts"
	}
	if err := f.SetSheetName("Sheet1", sheet); err != nil {
		return err
	}
	header := l.header(r)
	last, _ := excelize.ColumnNumberToName(len(header))
	title, _ := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true, Size: 14, Color: "0B2E59"}})
	bold, _ := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}})
	head, _ := f.NewStyle(&excelize.Style{
		Font: &excelize.Font{Bold: true, Color: "FFFFFF"}, Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"0B2E59"}},
		Alignment: &excelize.Alignment{WrapText: true, Vertical: "center", Horizontal: "center"},
	})
	totalStyle, _ := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}, Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"E8F0FC"}}})

	set := func(cell string, v any) { f.SetCellValue(sheet, cell, v) }
	set("A1", textCell(l.provinceName(r)))
	f.SetCellStyle(sheet, "A1", "A1", title)
	set("A2", l.title)
	f.SetCellStyle(sheet, "A2", "A2", bold)
	set("A3", l.site+": "+cleanText(l.siteName(r)))
	set("A4", l.period+": "+l.periodText(r))
	set("A5", l.by+": "+l.byNames[r.By])
	set("A6", l.generated+": "+r.GeneratedAt.Format("02/01/2006 15:04"))

	const top = 8
	f.SetSheetRow(sheet, fmt.Sprintf("A%d", top), &header)
	f.SetCellStyle(sheet, fmt.Sprintf("A%d", top), fmt.Sprintf("%s%d", last, top), head)
	f.SetRowHeight(sheet, top, 32)
	rows := append(append([]Row(nil), r.Rows...), r.Total)
	for i, row := range rows {
		h := row.has() // an average of nothing is an empty cell, never 0
		values := []any{textCell(row.Key), textCell(l.rowName(row)), row.Issued, row.Served, row.NoShow, row.Cancelled,
			orEmpty(h.wait, row.WaitAvgMin), orEmpty(h.wait, row.WaitP90Min), orEmpty(h.service, row.ServiceAvgMin)}
		for _, lv := range r.Levels {
			values = append(values, row.Ratings[lv.ID])
		}
		values = append(values, row.Rated, orEmpty(h.satisfaction, row.SatisfactionPct))
		if i == len(rows)-1 {
			values[0], values[1] = "", l.total
		}
		cell := fmt.Sprintf("A%d", top+1+i)
		f.SetSheetRow(sheet, cell, &values)
		if i == len(rows)-1 {
			f.SetCellStyle(sheet, cell, fmt.Sprintf("%s%d", last, top+1+i), totalStyle)
		}
	}
	if r.Appointments != nil {
		set(fmt.Sprintf("A%d", top+len(rows)+2), textCell(l.appointmentText(r.Appointments)))
	}
	f.SetColWidth(sheet, "A", "A", 16)
	f.SetColWidth(sheet, "B", "B", 42)
	f.SetColWidth(sheet, "C", last, 13)

	if _, err := f.NewSheet(charts); err != nil {
		return err
	}
	if err := chartSheet(f, charts, r, l); err != nil {
		return err
	}
	_, err := f.WriteTo(w)
	return err
}

// chartSheet writes the figures of the two charts and the charts beside them.
func chartSheet(f *excelize.File, sheet string, r *Report, l labels) error {
	f.SetSheetRow(sheet, "A1", &[]any{l.hourAxis, l.issued})
	for i, h := range r.Arrivals {
		f.SetSheetRow(sheet, fmt.Sprintf("A%d", i+2), &[]any{fmt.Sprintf("%02d:00", h.Hour), h.Issued})
	}
	f.SetSheetRow(sheet, "D1", &[]any{l.minutes, l.tickets})
	for i, b := range r.Waits {
		f.SetSheetRow(sheet, fmt.Sprintf("D%d", i+2), &[]any{bucketLabel(b), b.Tickets})
	}
	ref := func(col string, n int) string { return fmt.Sprintf("'%s'!$%s$2:$%s$%d", sheet, col, col, n+1) }
	bars := []struct {
		title, cats, vals, at string
	}{
		{l.arrivals, ref("A", len(r.Arrivals)), ref("B", len(r.Arrivals)), "G1"},
		{l.waits, ref("D", len(r.Waits)), ref("E", len(r.Waits)), "G22"},
	}
	for _, b := range bars {
		err := f.AddChart(sheet, b.at, &excelize.Chart{
			Type:      excelize.Col,
			Series:    []excelize.ChartSeries{{Name: b.title, Categories: b.cats, Values: b.vals, Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"1456B8"}}}},
			Title:     excelize.ChartTitle{Paragraph: []excelize.RichTextRun{{Text: b.title}}},
			Legend:    excelize.ChartLegend{Position: "none"},
			Dimension: excelize.ChartDimension{Width: 640, Height: 380},
		})
		if err != nil {
			return fmt.Errorf("chart %s: %w", b.title, err)
		}
	}
	return nil
}

// bucketLabel names a bucket of waits in whole minutes: "≤ 5", "6–10", "> 60".
func bucketLabel(b Bucket) string {
	switch {
	case b.FromMin == 0:
		return fmt.Sprintf("≤ %d", b.ToMin)
	case b.ToMin == 0:
		return fmt.Sprintf("> %d", b.FromMin)
	}
	return fmt.Sprintf("%d–%d", b.FromMin+1, b.ToMin)
}

// orEmpty is x, or nil (an empty cell) when there is nothing to average.
func orEmpty(ok bool, x float64) any {
	if !ok {
		return nil
	}
	return x
}
