// Package web lists the pages the binary serves and where: one place for the server and
// the tests to agree on.
package web

import (
	"io/fs"

	"luot/admin"
	"luot/assets"
	"luot/book"
	"luot/counter"
	"luot/display"
	"luot/kiosk"
	"luot/public"
	"luot/rate"
	"luot/track"
)

// Pages maps each URL prefix to the embedded files of its page.
func Pages() map[string]fs.FS {
	return map[string]fs.FS{
		"/assets":  assets.Files,
		"/kiosk":   kiosk.Files,
		"/display": display.Files,
		"/counter": counter.Files,
		"/admin":   admin.Files,
		"/rate":    rate.Files,
		"/public":  public.Files,
		"/track":   track.Files,
		"/book":    book.Files,
	}
}
