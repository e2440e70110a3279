// Package track holds the tracking page a citizen opens from the QR code of a ticket; the
// binary serves it for /t/{id}, and its scripts and styles under /track/.
package track

import "embed"

// Files are the page's files.
//
//go:embed *.html *.js *.css
var Files embed.FS
