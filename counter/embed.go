// Package counter holds the officer's counter workstation (index.html, its ES modules and
// stylesheet), served by the binary at /counter/ from these embedded files.
package counter

import "embed"

// Files are the page's files, served at /counter/.
//
//go:embed *.html *.js *.css
var Files embed.FS
