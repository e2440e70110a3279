// Package rate holds the rate page, served by the binary from these embedded files.
package rate

import "embed"

// Files are the page's files.
//
//go:embed *.html
var Files embed.FS
