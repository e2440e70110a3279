// Package display holds the display page, served by the binary from these embedded files.
package display

import "embed"

// Files are the page's files, served at /display/.
//
//go:embed *.html
var Files embed.FS
