package api

import (
	"context"
	"time"

	"github.com/gofiber/fiber/v2"

	"luot/config"
	"luot/server/queue"
)

// The alerts of the province board.
const (
	alertWait     = "wait"     // the longest wait passed the site's target
	alertUnserved = "unserved" // people wait for a service no open counter serves
)

// siteHead is what the board, the transparency page and the organisation view show first of
// a site: its id, names and place in the organisation.
type siteHead struct {
	ID     string `json:"id"`
	Name   string `json:"name"`
	NameEn string `json:"name_en,omitempty"`
	Kind   string `json:"kind"`
	Parent string `json:"parent"`
}

func headOf(s *config.Site) siteHead {
	return siteHead{ID: s.ID, Name: s.Name, NameEn: s.NameEn, Kind: s.Kind, Parent: s.Parent}
}

// boardRow is one site on the province board.
type boardRow struct {
	siteHead
	// Waiting is how many wait now; LongestWaitMin how long the longest of them has waited.
	Waiting        int        `json:"waiting"`
	LongestWaitMin int        `json:"longest_wait_min"`
	OldestIssuedAt *time.Time `json:"oldest_issued_at"`
	Open           int        `json:"counters_open"`
	Paused         int        `json:"counters_paused"`
	Closed         int        `json:"counters_closed"`
	IssuedToday    int        `json:"issued_today"`
	TargetMin      int        `json:"wait_target_min"`
	OpenNow        bool       `json:"open_now"`
	// Alert is "", "wait" or "unserved"; Unserved names the services nobody serves.
	Alert    string   `json:"alert"`
	Unserved []string `json:"unserved,omitempty"`
}

// boardRowOf reads a site's live state and judges its alert.
func (a *adminArea) boardRowOf(ctx context.Context, site *config.Site) (boardRow, error) {
	v, err := a.Engine.Site(ctx, site.ID)
	if err != nil {
		return boardRow{}, err
	}
	oldest, err := a.oldestOf(ctx, site)
	if err != nil {
		return boardRow{}, err
	}
	return judge(site, v, oldest.Site, a.Engine.Now()), nil
}

// oldestOf reads when the longest waits of a site and of each of its services began.
func (a *adminArea) oldestOf(ctx context.Context, site *config.Site) (queue.Oldest, error) {
	return a.Store.OldestWaiting(ctx, site.ID, site.Services, queue.CounterIDs(site))
}

// judge makes a site's board row from its live view: the counts, the longest wait, and the
// alert — the longest wait past the site's target, or a queue that no open counter serves.
func judge(site *config.Site, v *queue.SiteView, oldest, now time.Time) boardRow {
	r := boardRow{siteHead: headOf(site), TargetMin: site.WaitTargetMin, OpenNow: v.OpenNow}
	served := map[string]bool{}
	for _, c := range v.Counters {
		switch c.State {
		case queue.Open:
			r.Open++
			for _, s := range c.Services {
				served[s] = true
			}
		case queue.Paused:
			r.Paused++
		default:
			r.Closed++
		}
	}
	for _, s := range v.Services {
		r.Waiting += s.Waiting
		r.IssuedToday += s.IssuedToday
		if s.Waiting > 0 && !served[s.ID] {
			r.Unserved = append(r.Unserved, s.ID)
		}
	}
	if !oldest.IsZero() && r.Waiting > 0 {
		at := oldest
		r.OldestIssuedAt = &at
		r.LongestWaitMin = int(max(0, now.Sub(oldest)) / time.Minute)
	}
	switch {
	case r.OldestIssuedAt != nil && now.Sub(oldest) > time.Duration(r.TargetMin)*time.Minute:
		r.Alert = alertWait
	case len(r.Unserved) > 0:
		r.Alert = alertUnserved
	}
	return r
}

// boardRows reads the rows of sites, in order.
func (a *adminArea) boardRows(ctx context.Context, sites []*config.Site) ([]boardRow, error) {
	out := make([]boardRow, 0, len(sites))
	for _, s := range sites {
		r, err := a.boardRowOf(ctx, s)
		if err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, nil
}

// boardJSON answers GET /api/v1/board: every site the caller may watch, as the board shows it.
func (a *adminArea) boardJSON(c *fiber.Ctx) error {
	who := actor(c)
	org := a.Engine.Org()
	rows, err := a.boardRows(c.UserContext(), who.Visible(org))
	if err != nil {
		return err
	}
	return c.JSON(fiber.Map{"at": a.Engine.Now(), "sites": rows})
}
