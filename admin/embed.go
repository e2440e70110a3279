// Package admin holds the admin area — the province board, a site's detail, reports,
// counters, users, devices and the organisation — served by the binary at /admin/ from
// these embedded files.
package admin

import "embed"

// Files are the page's files, served at /admin/.
//
//go:embed *.html *.js *.css
var Files embed.FS
