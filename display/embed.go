// Package display holds the hall display (index.html) and the counter display
// (counter.html, served at /display/counter/{counter}), embedded in the binary.
package display

import "embed"

// Files are the pages' files, served at /display/.
//
//go:embed *.html *.js *.css
var Files embed.FS
