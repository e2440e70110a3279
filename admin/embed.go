// Package admin holds the admin page, served by the binary from these embedded files.
package admin

import "embed"

// Files are the page's files, served at /admin/.
//
//go:embed *.html
var Files embed.FS
