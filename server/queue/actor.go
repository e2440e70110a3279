package queue

import (
	"slices"
	"strings"

	"luot/config"
)

// Role is what a user may do.
type Role string

// The roles of api.md.
const (
	RoleAdmin      Role = "admin"
	RoleSupervisor Role = "supervisor"
	RoleOfficer    Role = "officer"
)

// Device kinds.
const (
	DeviceKiosk   = "kiosk"
	DeviceDisplay = "display"
	DeviceRating  = "rating"
)

// Actor is who makes a request: a user, a registered device, or nobody.
type Actor struct {
	// User is the username of a user; empty for a device or anonymous caller.
	User  string
	Role  Role
	Sites []string
	// Device is the id of a device; Kind, Site and Counter describe it.
	Device     string
	DeviceKind string
	Site       string
	Counter    string
}

// ID names the actor in the event log: a username, "device:<id>", or "" when anonymous.
func (a Actor) ID() string {
	switch {
	case a.User != "":
		return a.User
	case a.Device != "":
		return "device:" + a.Device
	}
	return ""
}

// Anonymous reports whether nobody signed the request.
func (a Actor) Anonymous() bool { return a.User == "" && a.Device == "" }

// IsUser reports whether the actor is a signed-in user.
func (a Actor) IsUser() bool { return a.User != "" }

// Belongs reports whether a user works at site by their own list of sites (admins
// everywhere). It is the membership alone: who may act at a site is WorksAt, which adds the
// sites a supervisor oversees through a branch.
func (a Actor) Belongs(site string) bool {
	if a.User == "" {
		return false
	}
	return a.Role == RoleAdmin || slices.Contains(a.Sites, site)
}

// CanIssue reports whether the actor may issue tickets at site: its kiosk, or a user who
// works there.
func (a Actor) CanIssue(org *config.Org, site string) bool {
	if a.Device != "" {
		return a.DeviceKind == DeviceKiosk && a.Site == site
	}
	return WorksAt(a, org, site)
}

// Oversees reports whether a watches over site: an admin, or a supervisor of the site or of a
// branch above it (a branch's supervisor oversees its reception points; the centre's
// supervisor oversees the centre, not the province, which is the admins'). Such a user sees
// the site's board, detail and reports, and manages it: pairs its devices, opens and closes
// its counters for its officers, acts on any of its counters, reads its tickets' histories,
// cancels its waiting tickets in bulk. It is the one rule of supervision; every check uses it.
func Oversees(a Actor, org *config.Org, site string) bool {
	if !a.IsUser() {
		return false
	}
	if a.Role == RoleAdmin {
		return true
	}
	if a.Role != RoleSupervisor {
		return false
	}
	s := org.Site(site)
	for hops := 0; s != nil && hops < len(org.Sites); hops++ {
		if slices.Contains(a.Sites, s.ID) && (s.ID == site || s.Kind == config.KindBranch) {
			return true
		}
		s = org.Site(s.Parent)
	}
	return false
}

// WorksAt reports whether a user may work at site: one of its own staff (Belongs) or one who
// oversees it. Counters, the queues' lists, a ticket's priority and the staff feed ask this.
func WorksAt(a Actor, org *config.Org, site string) bool {
	return a.IsUser() && (a.Belongs(site) || Oversees(a, org, site))
}

// Sees reports whether a may watch site and manage it: Oversees, the one rule of supervision.
func (a Actor) Sees(org *config.Org, site string) bool { return Oversees(a, org, site) }

// Visible lists the sites a may watch and report on, in file order: every site for an
// admin; for a supervisor the sites they supervise and, of a branch, the sites under it.
func (a Actor) Visible(org *config.Org) []*config.Site {
	var out []*config.Site
	for i := range org.Sites {
		if a.Sees(org, org.Sites[i].ID) {
			out = append(out, &org.Sites[i])
		}
	}
	return out
}

// SiteSeen is the site of id when a may see it: unknown_site when there is none, 401 or 403
// when a may not see it.
func (a Actor) SiteSeen(org *config.Org, id string) (*config.Site, error) {
	site := org.Site(id)
	if site == nil {
		return nil, Fail("unknown_site", "no site "+id)
	}
	if err := allowed(a, a.Sees(org, id)); err != nil {
		return nil, err
	}
	return site, nil
}

// Refused is nil when ok, else the refusal of a: 401 to nobody signed in, 403 to anyone else.
func (a Actor) Refused(ok bool) error { return allowed(a, ok) }

// Admin refuses anyone but an admin (the admin role group).
func (a Actor) Admin() error { return allowed(a, a.IsUser() && a.Role == RoleAdmin) }

// Staff refuses anyone but an admin or a supervisor (the staff role group: the board, the
// reports, the sites' pages, the devices).
func (a Actor) Staff() error {
	return allowed(a, a.IsUser() && (a.Role == RoleAdmin || a.Role == RoleSupervisor))
}

// ReadsOfficerDay refuses a unless it may read officer's figures of the day at site: an
// officer their own, one who oversees the site anyone's.
func (a Actor) ReadsOfficerDay(org *config.Org, site, officer string) error {
	own := officer == strings.ToLower(a.User)
	return allowed(a, WorksAt(a, org, site) && (own || a.Sees(org, site)))
}

// ReadsReport refuses a unless it may read the report of site: of a site it sees, or, with
// no site, of the whole province, which is the admins'.
func (a Actor) ReadsReport(org *config.Org, site string) error {
	if site == "" {
		if a.Role != RoleAdmin {
			return Fail("province_admin", "the report of the whole province is for admins; name a site")
		}
		return nil
	}
	_, err := a.SiteSeen(org, site)
	return err
}
