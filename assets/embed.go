// Package assets holds what every page shares — fonts, the base stylesheet, the API and
// live-feed client modules, the voice clips of the hall display — served at /assets/ and
// embedded in the binary.
package assets

import "embed"

// Files are the shared assets.
//
//go:embed fonts/*.ttf fonts/*.txt css/*.css js/*.js voice/vi/*.opus vendor
var Files embed.FS
