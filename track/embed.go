// Package track holds the track page, served by the binary from these embedded files.
package track

import "embed"

// Files are the page's files.
//
//go:embed *.html
var Files embed.FS
