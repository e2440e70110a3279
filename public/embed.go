// Package public holds the transparency page /public: for every site, waiting now, the
// average wait today and this month, and the satisfaction rate — no login.
package public

import "embed"

// Files are the page's files, served at /public/.
//
//go:embed *.html *.js *.css
var Files embed.FS
