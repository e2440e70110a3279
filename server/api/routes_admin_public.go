package api

import (
	"context"
	"encoding/json"
	"sync"
	"time"

	"github.com/gofiber/fiber/v2"

	"luot/config"
	"luot/server/queue"
	"luot/server/report"
)

// publicSite is one site on the transparency page.
type publicSite struct {
	queue.SiteInfo
	Waiting int  `json:"waiting"`
	OpenNow bool `json:"open_now"`
	// Today and Month are the figures of the day and of the month so far.
	Today publicFigures `json:"today"`
	Month publicFigures `json:"month"`
}

// publicFigures are the figures the public sees: volumes, the average wait and satisfaction.
type publicFigures struct {
	Issued          int     `json:"issued"`
	Served          int     `json:"served"`
	WaitAvgMin      float64 `json:"wait_avg_min"`
	Waited          int     `json:"waited"`
	Rated           int     `json:"rated"`
	SatisfactionPct float64 `json:"satisfaction_pct"`
}

func figuresOf(r report.Row) publicFigures {
	return publicFigures{Issued: r.Issued, Served: r.Served, WaitAvgMin: r.WaitAvgMin, Waited: r.Waited,
		Rated: r.Rated, SatisfactionPct: r.SatisfactionPct}
}

// publicCache keeps the transparency figures for a while: everyone may ask for them, and a
// month of the province is not read for every visitor.
type publicCache struct {
	ttl  time.Duration
	mu   sync.Mutex
	at   time.Time
	body []byte
}

// publicFigures answers GET /api/v1/public/sites (no login): for each site, waiting now, the
// average wait and satisfaction today and this month, and the province's totals.
func (a *adminArea) publicFigures(c *fiber.Ctx) error {
	a.public.mu.Lock()
	defer a.public.mu.Unlock()
	if a.public.body == nil || time.Since(a.public.at) > a.public.ttl {
		body, err := a.buildPublic(c.UserContext())
		if err != nil {
			return err
		}
		a.public.body, a.public.at = body, time.Now()
	}
	c.Set(fiber.HeaderContentType, fiber.MIMEApplicationJSONCharsetUTF8)
	c.Set(fiber.HeaderCacheControl, "public, max-age=30")
	return c.Send(a.public.body)
}

func (a *adminArea) buildPublic(ctx context.Context) ([]byte, error) {
	org := a.Engine.Org()
	now := a.Engine.Now().In(org.Location)
	all := make([]*config.Site, len(org.Sites))
	for i := range org.Sites {
		all[i] = &org.Sites[i]
	}
	first := time.Date(now.Year(), now.Month(), 1, 0, 0, 0, 0, org.Location).Format(time.DateOnly)
	day := now.Format(time.DateOnly)
	month, err := a.publicReport(ctx, first, day, now, all)
	if err != nil {
		return nil, err
	}
	today, err := a.publicReport(ctx, day, day, now, all)
	if err != nil {
		return nil, err
	}
	sites := make([]publicSite, 0, len(all))
	for _, s := range all {
		v, err := a.Engine.Site(ctx, s.ID)
		if err != nil {
			return nil, err
		}
		p := publicSite{SiteInfo: queue.InfoOf(s), OpenNow: v.OpenNow,
			Today: figuresOf(today.rows[s.ID]), Month: figuresOf(month.rows[s.ID])}
		for _, sv := range v.Services {
			p.Waiting += sv.Waiting
		}
		sites = append(sites, p)
	}
	return json.Marshal(fiber.Map{
		"name": org.Name, "name_en": org.NameEn, "timezone": org.Timezone, "at": now, "month": now.Format("2006-01"),
		"today": figuresOf(today.total), "this_month": figuresOf(month.total), "sites": sites,
	})
}

// siteFigures are the rows of a report by site, and its total.
type siteFigures struct {
	rows  map[string]report.Row
	total report.Row
}

// publicReport makes the report by site of a period over the given sites.
func (a *adminArea) publicReport(ctx context.Context, from, to string, now time.Time, sites []*config.Site) (siteFigures, error) {
	q, err := report.ParseQuery("", from, to, report.BySite, "", now)
	if err != nil {
		return siteFigures{}, err
	}
	r, err := a.builder.BuildSites(ctx, q, sites)
	if err != nil {
		return siteFigures{}, err
	}
	f := siteFigures{rows: map[string]report.Row{}, total: r.Total}
	for _, row := range r.Rows {
		f.rows[row.Key] = row
	}
	return f, nil
}
