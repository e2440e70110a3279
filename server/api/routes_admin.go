package api

import (
	"time"

	"luot/config"
	"luot/server/archive"
	"luot/server/queue"
)

// adminArea serves the admin area's own routes: what it builds once (the public figures'
// cache) lives here, per app, not in package variables.
type adminArea struct {
	*Server
	public *publicCache
	// boardEvery is how often the live board recomputes every site, so that a wait passing
	// its target turns the alert on without any event.
	boardEvery time.Duration
}

func newAdminArea(s *Server) *adminArea {
	return &adminArea{
		Server:     s,
		public:     &publicCache{ttl: 30 * time.Second},
		boardEvery: 5 * time.Second,
	}
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

// staffRole refuses anyone but an admin or a supervisor.
func staffRole(a queue.Actor) error {
	if a.IsUser() && (a.Role == queue.RoleAdmin || a.Role == queue.RoleSupervisor) {
		return nil
	}
	return allowedErr(a)
}

// visible lists the sites a user may watch and report on, in file order: every site for an
// admin; for a supervisor the sites they supervise and, of a branch, the sites under it.
func visible(a queue.Actor, org *config.Org) []*config.Site {
	var out []*config.Site
	for i := range org.Sites {
		if sees(a, org, org.Sites[i].ID) {
			out = append(out, &org.Sites[i])
		}
	}
	return out
}

// sees reports whether a may watch site (queue.Oversees).
func sees(a queue.Actor, org *config.Org, site string) bool { return queue.Oversees(a, org, site) }

// siteOf checks that a site exists and that a may see it (behind the staff group).
func siteOf(a queue.Actor, org *config.Org, id string) (*config.Site, error) {
	site := org.Site(id)
	if site == nil {
		return nil, queue.Fail("unknown_site", "no site "+id)
	}
	if !sees(a, org, id) {
		return nil, queue.ErrForbidden
	}
	return site, nil
}
