// Package rate holds the rating panel of a counter (index.html, its ES modules and
// stylesheet), served by the binary at /rate/ from these embedded files.
package rate

import "embed"

// Files are the page's files, served at /rate/.
//
//go:embed *.html *.js *.css
var Files embed.FS
