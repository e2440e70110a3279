// Package assets holds what every page shares — fonts, the base stylesheet, the API and
// live-feed client modules, the voice clips of the hall display — served at /assets/ and
// embedded in the binary. Of the vendored libraries only those a page uses are embedded:
// axe-core (assets/vendor/axe-core@*) is for the accessibility tests, which inject it.
package assets

import "embed"

// Files are the shared assets.
//
//go:embed fonts/*.ttf fonts/*.txt css/*.css js/*.js voice/vi/*.opus vendor/chart.js@4.4.9
var Files embed.FS
