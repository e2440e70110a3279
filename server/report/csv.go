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

// cells is one row of the table as text, numbers with a decimal point; an average of
// nothing is "—" (none), as the page shows it, never 0.
func (l labels) cells(r *Report, row Row) []string {
	h := row.has()
	c := []string{textCell(row.Key), textCell(l.rowName(row)), strconv.Itoa(row.Issued), strconv.Itoa(row.Served),
		strconv.Itoa(row.NoShow), strconv.Itoa(row.Cancelled), orNone(h.wait, row.WaitAvgMin), orNone(h.wait, row.WaitP90Min),
		orNone(h.service, row.ServiceAvgMin)}
	for _, lv := range r.Levels {
		c = append(c, strconv.Itoa(row.Ratings[lv.ID]))
	}
	return append(c, strconv.Itoa(row.Rated), orNone(h.satisfaction, row.SatisfactionPct))
}

// none is an average of nothing in the CSV and PDF exports: a wait when nobody was called, a
// satisfaction when nobody rated. 0 would say something false (0 % satisfied, 0-minute waits).
const none = "—"

// figures says which averages of a row rest on something: a wait on a ticket called, a
// service time on a ticket served, the satisfaction on a rating.
type figures struct{ wait, service, satisfaction bool }

func (r Row) has() figures { return figures{r.Waited > 0, r.Served > 0, r.Rated > 0} }

// orNone is x as num formats it, or none.
func orNone(ok bool, x float64) string {
	if !ok {
		return none
	}
	return num(x)
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
	if r.Appointments != nil {
		cw.Write(l.appointmentCells(r.Appointments, len(total)))
	}
	cw.Flush()
	return cw.Error()
}
