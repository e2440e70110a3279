package api

import (
	"net/url"
	"strings"

	"github.com/gofiber/fiber/v2"
)

// securityHeaders are set on every answer, pages, API and errors alike.
type securityHeaders struct {
	csp  string // the pages' policy
	hsts bool   // the public address is https
}

// newSecurityHeaders builds the policy for a server whose public address is publicURL. The
// pages load nothing but their own files: no inline script or style, no other origin, no
// plugin, and no page of another site may frame them. Websockets go to the page's own host
// ('self' covers ws: and wss: in current browsers; the public address is named as well, for
// the older phones that read the QR code).
func newSecurityHeaders(publicURL string) securityHeaders {
	connect := "'self'"
	if u, err := url.Parse(publicURL); err == nil && u.Host != "" && !strings.ContainsAny(u.Host, " ;,'\"") {
		scheme := "ws://"
		if u.Scheme == "https" {
			scheme = "wss://"
		}
		connect += " " + scheme + u.Host
	}
	csp := strings.Join([]string{
		"default-src 'self'", "script-src 'self'", "style-src 'self'", "img-src 'self'", "font-src 'self'",
		"connect-src " + connect, "media-src 'self'", "frame-src 'self'", "worker-src 'none'", "object-src 'none'",
		"base-uri 'none'", "form-action 'self'", "frame-ancestors 'none'",
	}, "; ")
	return securityHeaders{csp: csp, hsts: strings.HasPrefix(publicURL, "https://")}
}

// pdfPolicy is the policy of a PDF: browsers show one through their own viewer, which a
// page's policy (object-src 'none') would block. It may be framed by the server's own pages
// only: the kiosk prints the ticket through an iframe.
const pdfPolicy = "frame-ancestors 'self'"

// middleware sets the headers before the handler runs (so errors carry them too), and the
// PDF's policy after it, once the answer is known to be a PDF.
func (h securityHeaders) middleware(c *fiber.Ctx) error {
	r := &c.Response().Header
	r.Set("Content-Security-Policy", h.csp)
	r.Set(fiber.HeaderXFrameOptions, "DENY")
	r.Set(fiber.HeaderXContentTypeOptions, "nosniff")
	r.Set(fiber.HeaderReferrerPolicy, "no-referrer")
	if h.hsts {
		r.Set(fiber.HeaderStrictTransportSecurity, "max-age=31536000")
	}
	err := c.Next()
	if strings.HasPrefix(string(r.ContentType()), "application/pdf") {
		r.Set("Content-Security-Policy", pdfPolicy)
		r.Set(fiber.HeaderXFrameOptions, "SAMEORIGIN")
	}
	return err
}
