// Package kioskweb holds the end-to-end tests of the citizen's pages — the kiosk (/kiosk),
// its printed ticket and the tracking page (/t/{id}) — run in real headless Chromium against
// the whole server over a real Redis.
package kioskweb
