// Package book holds the citizen's page of remote numbers and appointments (/book/): find a
// site, a service, then take today's number now or book a slot, proven by a one-time code
// sent to the phone; the result with its QR code and tracking link, and cancelling.
package book

import "embed"

// Files are the page's files.
//
//go:embed *.html *.js *.css
var Files embed.FS
