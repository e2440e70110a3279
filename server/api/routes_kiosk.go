package api

import (
	"bytes"
	"fmt"
	"io/fs"
	"strings"

	"github.com/gofiber/fiber/v2"

	"luot/assets"
	"luot/config"
	"luot/server/pdf"
	"luot/server/queue"
	"luot/track"
)

// errNoRenderer is a ticket PDF asked of a server whose font did not load (never expected:
// the font is embedded); it answers 503 like any other missing backend.
var errNoRenderer = fmt.Errorf("ticket renderer: %w", queue.ErrUnavailable)

// ticketRenderer is the renderer of printed tickets, or nil (logged) when the embedded font
// does not load: ticket PDFs then answer 503.
func (s *Server) ticketRenderer() *pdf.Renderer {
	r, err := pdf.NewRenderer(assets.Files)
	if err != nil {
		s.Log.Error("ticket PDFs disabled", "err", err)
	}
	return r
}

// serviceName is a service's name in lang (its id when the file no longer has it).
func serviceName(org *config.Org, id, lang string) string {
	svc := org.Service(id)
	switch {
	case svc == nil:
		return id
	case lang == "en" && svc.NameEn != "":
		return svc.NameEn
	}
	return svc.Name
}

// trackingURL is the address of a ticket's tracking page, printed in its QR code.
func (s *Server) trackingURL(id string) string {
	return strings.TrimRight(s.Settings.PublicURL, "/") + "/t/" + id
}

// ticketPDF answers the printable ticket: 80 mm wide, in the caller's language (?lang=en or
// Accept-Language), with the people ahead and the wait as of now.
func (s *Server) ticketPDF(c *fiber.Ctx, r *pdf.Renderer) error {
	if r == nil {
		return errNoRenderer
	}
	t, err := s.Engine.Ticket(c.UserContext(), c.Params("id"))
	if err != nil {
		return err
	}
	org := s.Engine.Org()
	site := org.Site(t.Site)
	if site == nil {
		return queue.Fail("unknown_ticket", "no such ticket")
	}
	lang := "vi"
	if c.Query("lang") == "en" || c.Query("lang") == "" && english(c) {
		lang = "en"
	}
	doc := pdf.Ticket{
		Org: org.Name, Site: site.Name, Number: t.Number, Service: serviceName(org, t.Service, lang),
		Priority: t.Priority != "", Ahead: -1, IssuedAt: t.IssuedAt.In(site.Location()),
		URL: s.trackingURL(t.ID), Lang: lang,
	}
	if t.Status == queue.Waiting && t.Ahead != nil && t.EstWaitMin != nil {
		doc.Ahead, doc.WaitMin = *t.Ahead, *t.EstWaitMin
		doc.Late = t.BeyondClosing != nil && *t.BeyondClosing
	}
	var buf bytes.Buffer
	if err := r.Render(&buf, doc); err != nil {
		return err
	}
	c.Set(fiber.HeaderContentType, "application/pdf")
	c.Set(fiber.HeaderContentDisposition, `inline; filename="so-thu-tu-`+t.Number+`.pdf"`)
	c.Set(fiber.HeaderCacheControl, "no-store")
	return c.Send(buf.Bytes())
}

// ticketQR answers the QR code of a ticket's tracking page as SVG, for the kiosk's screen.
func (s *Server) ticketQR(c *fiber.Ctx) error {
	t, err := s.Engine.Ticket(c.UserContext(), c.Params("id"))
	if err != nil {
		return err
	}
	svg, err := pdf.QRSVG(s.trackingURL(t.ID))
	if err != nil {
		return err
	}
	c.Set(fiber.HeaderContentType, "image/svg+xml")
	c.Set(fiber.HeaderCacheControl, "private, max-age=86400")
	return c.Send(svg)
}

// trackPage serves the tracking page for /t/{id}; the page reads the id from its path and
// says so calmly when there is no such ticket.
func (s *Server) trackPage(c *fiber.Ctx) error {
	page, err := fs.ReadFile(track.Files, "index.html")
	if err != nil {
		return err
	}
	c.Set(fiber.HeaderCacheControl, "no-cache")
	c.Type("html", "utf-8")
	return c.Send(page)
}
