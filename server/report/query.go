package report

import (
	"fmt"
	"slices"
	"time"

	"luot/server/queue"
)

// The groupings of a report (api.md's by=, and site for a branch or the province).
const (
	ByService = "service"
	ByCounter = "counter"
	ByOfficer = "officer"
	ByHour    = "hour"
	ByDay     = "day"
	BySite    = "site"
	ByChannel = "channel"
)

// Groupings lists every by= a report accepts.
var Groupings = []string{ByService, ByCounter, ByOfficer, ByHour, ByDay, BySite, ByChannel}

// The export formats.
const (
	FormatJSON = "json"
	FormatCSV  = "csv"
	FormatXLSX = "xlsx"
	FormatPDF  = "pdf"
)

// Formats lists every format= a report accepts.
var Formats = []string{FormatJSON, FormatCSV, FormatXLSX, FormatPDF}

// MaxDays is the longest period of one report.
const MaxDays = 366

// Query is a validated request for a report.
type Query struct {
	Site     string // "" for the whole province
	From, To time.Time
	By       string
	Format   string
}

// ParseQuery validates the parameters of GET /api/v1/reports. from and to are local dates
// YYYY-MM-DD (both default to today); by defaults to service, format to json. The site is
// checked by the caller, who knows the organisation and the caller's rights.
func ParseQuery(site, from, to, by, format string, today time.Time) (Query, error) {
	q := Query{Site: site, By: by, Format: format}
	if q.By == "" {
		q.By = ByService
	}
	if !slices.Contains(Groupings, q.By) {
		return q, queue.Fail("bad_by", "by: service, counter, officer, hour, day or site")
	}
	if q.Format == "" {
		q.Format = FormatJSON
	}
	if !slices.Contains(Formats, q.Format) {
		return q, queue.Fail("bad_format", "format: json, csv, xlsx or pdf")
	}
	day := time.Date(today.Year(), today.Month(), today.Day(), 0, 0, 0, 0, today.Location())
	var err error
	if q.From, err = date("from", from, day); err != nil {
		return q, err
	}
	if q.To, err = date("to", to, day); err != nil {
		return q, err
	}
	if q.To.Before(q.From) {
		return q, queue.Fail("bad_period", "from is after to")
	}
	if len(q.Days()) > MaxDays {
		return q, queue.Fail("bad_period", fmt.Sprintf("a report covers at most %d days", MaxDays))
	}
	return q, nil
}

// date parses a local date YYYY-MM-DD in the zone of def, or returns def when s is empty.
func date(field, s string, def time.Time) (time.Time, error) {
	if s == "" {
		return def, nil
	}
	d, err := time.ParseInLocation(time.DateOnly, s, def.Location())
	if err != nil || d.Year() < 2000 || d.Year() > 2200 {
		return time.Time{}, queue.Fail("bad_date", fmt.Sprintf("%s: want a date YYYY-MM-DD", field))
	}
	return d, nil
}

// Days lists the local days of the period, YYYY-MM-DD, oldest first (at most MaxDays+1).
func (q Query) Days() []string {
	var out []string
	for d := q.From; !d.After(q.To) && len(out) <= MaxDays; d = d.AddDate(0, 0, 1) {
		out = append(out, d.Format(time.DateOnly))
	}
	return out
}
