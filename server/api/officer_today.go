package api

import (
	"fmt"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"luot/server/queue"
)

// officerToday answers GET /sites/{site}/officers/{officer}/today: an officer's figures of the
// day at the site (report.OfficerDay, the officer's row of the day's report). An officer reads
// their own ("me" names the caller), a supervisor or admin of the site anyone's.
func (s *Server) officerToday(c *fiber.Ctx) error {
	siteID := c.Params("site")
	a := actor(c)
	officer := strings.ToLower(c.Params("officer"))
	if officer == "me" {
		officer = strings.ToLower(a.User)
	}
	if err := a.ReadsOfficerDay(s.Engine.Org(), siteID, officer); err != nil {
		return err
	}
	site := s.Engine.Org().Site(siteID)
	if site == nil {
		return queue.Fail("unknown_site", fmt.Sprintf("no site %q", siteID))
	}
	if officer == "" || len(officer) > 64 {
		return bad("bad_officer", "officer: a username or me")
	}
	day := s.Engine.Now().In(site.Location()).Format(time.DateOnly)
	d, err := s.builder.OfficerDay(c.UserContext(), siteID, day, officer)
	if err != nil {
		return err
	}
	return c.JSON(d)
}
