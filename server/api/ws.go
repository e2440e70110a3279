package api

import (
	"net/url"

	"github.com/gofiber/contrib/websocket"
	"github.com/gofiber/fiber/v2"

	"luot/config"
	"luot/server/live"
	"luot/server/queue"
)

// The upgrade handlers of the three live feeds (api.md, "Live events"): each decides, before
// the upgrade, who may have which feed, and hands the connection to server/live, which
// serves it. A refusal is an ordinary JSON error; garbage in since is one too.

// publicFeed lets anyone follow a site's public feed: no ticket ids, no names.
func (s *Server) publicFeed(c *fiber.Ctx) error {
	since, err := s.feedRequest(c, c.Params("site"))
	if err != nil {
		return err
	}
	return live.Grant(c, live.Request{Site: c.Params("site"), Since: since, Audience: live.Public})
}

// staffFeed lets the staff of a site follow its full events: its officers, the supervisors
// who see it (a branch's see its reception points) and the admins; a bearer token or the
// session cookie (checked by authenticate before it), from a page of this server only.
func (s *Server) staffFeed(c *fiber.Ctx) error {
	a, site := actor(c), c.Params("site")
	if !a.IsUser() {
		return a.Refused(false)
	}
	org := s.Engine.Org()
	if org.Site(site) == nil {
		return queue.Fail("unknown_site", "no such site")
	}
	if !staffOf(a, org, site) {
		return queue.ErrForbidden
	}
	if err := sameOrigin(c); err != nil {
		return err
	}
	since, err := s.feedRequest(c, site)
	if err != nil {
		return err
	}
	return live.Grant(c, live.Request{Site: site, Since: since, Audience: live.Staff})
}

// ticketFeed lets anyone with a ticket's id follow it, by a handful of connections at most.
func (s *Server) ticketFeed(c *fiber.Ctx) error {
	id := c.Params("id")
	site, ok := queue.SiteOfTicket(id)
	if !ok {
		return queue.Fail("unknown_ticket", "no such ticket")
	}
	if _, err := s.Engine.Ticket(c.UserContext(), id); err != nil {
		return err
	}
	if s.live.TicketFull(site, id) {
		return queue.Fail("ticket_watchers", "too many connections follow this ticket")
	}
	if !websocket.IsWebSocketUpgrade(c) {
		return fiber.ErrUpgradeRequired
	}
	return live.Grant(c, live.Request{Site: site, Ticket: id})
}

// feedRequest checks a site feed's request: the site exists, since is empty or an event id,
// and it is a websocket upgrade; it returns since.
func (s *Server) feedRequest(c *fiber.Ctx, site string) (string, error) {
	if s.Engine.Org().Site(site) == nil {
		return "", queue.Fail("unknown_site", "no such site")
	}
	since := c.Query("since")
	if since != "" && !queue.ValidEventID(since) {
		return "", bad("bad_since", "since: an event id such as 1700000000000-0")
	}
	if !websocket.IsWebSocketUpgrade(c) {
		return "", fiber.ErrUpgradeRequired
	}
	return since, nil
}

// staffOf reports whether a is staff of site: a user who works there (queue.WorksAt).
func staffOf(a queue.Actor, org *config.Org, site string) bool { return queue.WorksAt(a, org, site) }

// sameOrigin refuses a websocket upgrade that a page of another origin makes: browsers send
// the session cookie along (cross-site websocket hijacking), and the Origin header says whose
// page asks. A client that is no browser sends no Origin, or its own.
func sameOrigin(c *fiber.Ctx) error {
	if o := c.Get(fiber.HeaderOrigin); o != "" {
		if u, err := url.Parse(o); err != nil || u.Host != c.Hostname() {
			return queue.Fail("origin", "the live feeds open only from this server's pages")
		}
	}
	return nil
}
