package report

import (
	"encoding/csv"
	"io"
	"strconv"
)

// header is the first line of the table of a report in the language of l.
func (l labels) header(r *Report) []string {
	h := []string{l.key, l.name, l.issued, l.served, l.noShow, l.cancelled, l.waitAvg, l.waitP90, l.serviceAvg}
	for _, lv := range r.Levels {
		h = append(h, textCell(l.levelName(lv)))
	}
	return append(h, l.rated, l.satisfaction)
}

// cells is one row of the table as text, numbers with a decimal point.
func (l labels) cells(r *Report, row Row) []string {
	c := []string{textCell(row.Key), textCell(l.rowName(row)), strconv.Itoa(row.Issued), strconv.Itoa(row.Served),
		strconv.Itoa(row.NoShow), strconv.Itoa(row.Cancelled), num(row.WaitAvgMin), num(row.WaitP90Min),
		num(row.ServiceAvgMin)}
	for _, lv := range r.Levels {
		c = append(c, strconv.Itoa(row.Ratings[lv.ID]))
	}
	return append(c, strconv.Itoa(row.Rated), num(row.SatisfactionPct))
}

// WriteCSV writes the table of a report as CSV in UTF-8 with a byte-order mark (so that
// spreadsheet programs read the Vietnamese right): a header, the rows, then the total.
func WriteCSV(w io.Writer, r *Report, lang string) error {
	l := wordsFor(lang)
	if _, err := io.WriteString(w, "\ufeff"); err != nil {
		return err
	}
	cw := csv.NewWriter(w)
	cw.Write(l.header(r))
	for _, row := range r.Rows {
		cw.Write(l.cells(r, row))
	}
	total := l.cells(r, r.Total)
	total[1] = l.total
	cw.Write(total)
	cw.Flush()
	return cw.Error()
}
