// Package displayweb holds the end-to-end tests of the hall at opening time: the hall
// display (/display/) and the counter display (/display/counter/{n}) of the shipped Bình
// Dương centre, its long name, 18 services and 16 counters calling in the same second (and
// copies with 40 and 70 counters), at the TV's real sizes, with the real voice clips played
// in real headless Chromium against the whole server over a real Redis.
package displayweb
