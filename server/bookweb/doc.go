// Package bookweb holds the browser tests of remote numbers and appointments: the citizen's
// /book/ page on a phone, the tracking page's "postpone once", and the kiosk's check-in, in
// real headless Chromium against the whole server (testserver.StartBooking).
package bookweb
