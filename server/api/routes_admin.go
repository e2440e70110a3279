package api

import (
	"time"

	"luot/server/archive"
	"luot/server/queue"
)

// adminArea serves the admin area's own routes (the board and the transparency page's
// figures are the live path's: live.Board).
type adminArea struct {
	*Server
}

func newAdminArea(s *Server) *adminArea {
	return &adminArea{Server: s}
}

// job is the end-of-day job, as the server runs it, on the settings in force.
func (a *adminArea) job() *archive.Job {
	return &archive.Job{Store: a.Store, Org: a.Engine.Org, Clock: engineClock{a.Engine}, Dir: a.Settings.ArchiveDir,
		Lookback: int(a.Settings.TicketTTL / (24 * time.Hour)), Log: a.Log}
}

// engineClock tells the engine's time, so that the rollup and the reports agree with it.
type engineClock struct{ e *queue.Engine }

// Now is the engine's time.
func (c engineClock) Now() time.Time { return c.e.Now() }
