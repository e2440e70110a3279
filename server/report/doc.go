// Package report computes the figures the province's leaders and each site's supervisor
// defend: how many citizens came, how long they waited, how fast they were served and how
// satisfied they were — per service, counter, officer, hour, day or site, for a site, a
// branch with the sites under it, or the whole province — and exports them as CSV, an
// Excel workbook and an A4 PDF.
//
// # Definitions
//
// Every figure is computed from one Record per ticket (RecordOf), the same way for live
// data and for closed days, so all give the same figures to the digit: a day still in Redis
// is read from the figures the store keeps as events happen (store/lua/figures.lua adds
// each ticket's record, and every change's difference, to its day's figures), or, for a day
// begun before they were kept, from its tickets and their histories; a closed day from the
// aggregate the end-of-day rollup computes from its tickets (and checks against the figures
// kept). The officer's day on the counter workstation is the officer's row of the day
// (OfficerDay).
//
//   - A ticket belongs to the local day (time zone of the organisation) and the local hour
//     of its issue — a ticket finished after midnight counts in the day it was issued —,
//     to the service it was issued for (a later transfer to another service does not move
//     it), and to the counter and officer that last handled it ("" when it was never called,
//     and while it waits again after a transfer or a counter's closing: it is then no
//     counter's until it is called again).
//   - issued counts every ticket of the day; served those done; no_show those marked absent;
//     cancelled those cancelled. Tickets still waiting or at a counter count only as issued.
//   - Wait is the time from issue to the first call (kept on the ticket at that call; the
//     first ticket.called event of its history says the same; a recall or a transfer does
//     not restart it). Only tickets called at least once have a wait.
//   - wait_avg_min is the mean wait in minutes, rounded to one decimal.
//   - wait_p90_min is the 90th percentile of the waits by nearest rank (the smallest wait
//     that at least 90 % of the waits do not exceed), each wait counted in whole minutes
//     rounded up: "90 % of citizens waited at most this many minutes".
//   - Service time is, for a done ticket, the time from the start of service to the finish,
//     or from the (last) call to the finish when service was never started.
//     service_avg_min is its mean in minutes, rounded to one decimal.
//   - ratings counts the ratings by level; satisfaction_pct is the share of ratings at a
//     satisfied level, in percent with one decimal. The levels are configured best first;
//     the satisfied ones are all but the last of a scale of up to three levels (the default
//     "Rất hài lòng, Hài lòng, Không hài lòng" gives the first two) and the better half of a
//     longer scale.
//
// Averages and the percentile are derived from sums and a histogram of whole minutes, which
// merge exactly across days and sites: a month's report equals the report of its tickets.
package report
