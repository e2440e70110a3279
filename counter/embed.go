// Package counter holds the counter page, served by the binary from these embedded files.
package counter

import "embed"

// Files are the page's files, served at /counter/.
//
//go:embed *.html
var Files embed.FS
