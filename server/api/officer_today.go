package api

import (
	"fmt"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"luot/server/queue"
)

// officerDay is an officer's numbers of one local day at one site, computed from the day's
// tickets: what the workstation shows as "your day".
type officerDay struct {
	Officer string `json:"officer"`
	Site    string `json:"site"`
	Day     string `json:"day"` // YYYY-MM-DD, local
	// Called counts every ticket the officer called that is still theirs (a transferred one
	// leaves them); Served those finished, NoShow those marked absent.
	Called int `json:"called"`
	Served int `json:"served"`
	NoShow int `json:"no_show"`
	// ServiceAvgSec is the mean time from start (or the call, when the officer never pressed
	// start) to finish of the served tickets; WaitAvgSec the mean time from issue to call.
	ServiceAvgSec int            `json:"service_avg_sec"`
	ServiceAvgMin float64        `json:"service_avg_min"`
	WaitAvgSec    int            `json:"wait_avg_sec"`
	Ratings       map[string]int `json:"ratings"`
}

// dayOf computes an officer's numbers from the tickets of a day.
func dayOf(tickets []*queue.Ticket, officer string) officerDay {
	d := officerDay{Officer: officer, Ratings: map[string]int{}}
	var service, wait time.Duration
	var serviceN, waitN int
	for _, t := range tickets {
		if t.Officer == nil || !strings.EqualFold(*t.Officer, officer) || t.CalledAt == nil {
			continue
		}
		d.Called++
		wait += t.CalledAt.Sub(t.IssuedAt)
		waitN++
		switch t.Status {
		case queue.Done:
			d.Served++
			from := t.CalledAt
			if t.StartedAt != nil {
				from = t.StartedAt
			}
			if t.FinishedAt != nil && !t.FinishedAt.Before(*from) {
				service += t.FinishedAt.Sub(*from)
				serviceN++
			}
			if t.Rating != nil {
				d.Ratings[*t.Rating]++
			}
		case queue.NoShow:
			d.NoShow++
		}
	}
	if serviceN > 0 {
		avg := service / time.Duration(serviceN)
		d.ServiceAvgSec = int(avg.Round(time.Second) / time.Second)
		d.ServiceAvgMin = float64(int(avg.Minutes()*10+0.5)) / 10
	}
	if waitN > 0 {
		d.WaitAvgSec = int((wait / time.Duration(waitN)).Round(time.Second) / time.Second)
	}
	return d
}

// officerToday answers GET /sites/{site}/officers/{officer}/today: an officer reads their own
// numbers ("me" names the caller), a supervisor or admin of the site anyone's.
func (s *Server) officerToday(c *fiber.Ctx) error {
	siteID := c.Params("site")
	a := actor(c)
	officer := strings.ToLower(c.Params("officer"))
	if officer == "me" {
		officer = strings.ToLower(a.User)
	}
	if org := s.Engine.Org(); !queue.WorksAt(a, org, siteID) || (officer != strings.ToLower(a.User) && !queue.Oversees(a, org, siteID)) {
		return allowedErr(a)
	}
	site := s.Engine.Org().Site(siteID)
	if site == nil {
		return queue.Fail(queue.ErrNotFound, "unknown_site", fmt.Sprintf("no site %q", siteID))
	}
	if officer == "" || len(officer) > 64 {
		return bad("bad_officer", "officer: a username or me")
	}
	now := s.Engine.Now()
	day := queue.LocalDay(now, site.Location())
	tickets, err := s.Store.DayTickets(c.UserContext(), siteID, day)
	if err != nil {
		return err
	}
	d := dayOf(tickets, officer)
	d.Site, d.Day = siteID, now.In(site.Location()).Format(time.DateOnly)
	return c.JSON(d)
}
