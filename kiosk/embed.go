// Package kiosk holds the kiosk page, served by the binary from these embedded files.
package kiosk

import "embed"

// Files are the page's files, served at /kiosk/.
//
//go:embed *.html *.js *.css
var Files embed.FS
