package api

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"luot/server/report"
)

// reportTimeout bounds the making of one report (a year of the province is the worst case).
const reportTimeout = 25 * time.Second

// reports answers GET /api/v1/reports: the report of api.md as JSON, CSV, an Excel workbook
// or a PDF. A supervisor reads their sites (a branch with its points); the province, with
// no site, is for admins.
func (a *adminArea) reports(c *fiber.Ctx) error {
	who := actor(c)
	org := a.Engine.Org()
	q, err := report.ParseQuery(c.Query("site"), c.Query("from"), c.Query("to"), c.Query("by"), c.Query("format"), a.Engine.Now().In(org.Location))
	if err != nil {
		return err
	}
	if err := who.ReadsReport(org, q.Site); err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(c.UserContext(), reportTimeout)
	defer cancel()
	r, err := a.builder.BuildWithAppointments(ctx, q)
	if err != nil {
		return err
	}
	lang := c.Query("lang")
	if lang == "" && english(c) {
		lang = "en"
	}
	if q.Format == report.FormatJSON {
		return c.JSON(r)
	}
	return sendReport(c, r, q.Format, lang)
}

// sendReport sends a report as a file to download: CSV, an Excel workbook or a PDF.
func sendReport(c *fiber.Ctx, r *report.Report, format, lang string) error {
	var buf bytes.Buffer
	var err error
	var mime string
	switch format {
	case report.FormatCSV:
		mime, err = "text/csv; charset=utf-8", report.WriteCSV(&buf, r, lang)
	case report.FormatXLSX:
		mime, err = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", report.WriteXLSX(&buf, r, lang)
	case report.FormatPDF:
		mime, err = "application/pdf", report.WritePDF(&buf, r, lang)
	}
	if err != nil {
		return fmt.Errorf("report as %s: %w", format, err)
	}
	c.Set(fiber.HeaderContentType, mime)
	c.Set(fiber.HeaderContentDisposition, fmt.Sprintf(`attachment; filename="%s"`, reportFile(r, format)))
	c.Set(fiber.HeaderCacheControl, "no-store")
	return c.Send(buf.Bytes())
}

// reportFile names a download: bao-cao_<site|tinh>_<from>_<to>_<by>.<format>, ASCII only.
func reportFile(r *report.Report, format string) string {
	site := r.Site
	if site == "" {
		site = "toan-tinh"
	}
	name := fmt.Sprintf("bao-cao_%s_%s_%s_theo-%s.%s", site, r.From, r.To, r.By, format)
	return strings.Map(func(c rune) rune {
		if c < 0x20 || c > 0x7e || c == '"' || c == '\\' || c == '/' {
			return '-'
		}
		return c
	}, name)
}
