// Package public holds the public page, served by the binary from these embedded files.
package public

import "embed"

// Files are the page's files.
//
//go:embed *.html
var Files embed.FS
