package live

import (
	"context"
	"encoding/json"
	"time"

	"luot/server/queue"
	"luot/server/report"
)

// publicBody is the last answer of GET /api/v1/public/sites, made again at most once a tick.
type publicBody struct {
	body []byte
	at   time.Time // wall clock
}

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

// publicPage is the answer of GET /api/v1/public/sites.
type publicPage struct {
	Name      string        `json:"name"`
	NameEn    string        `json:"name_en"`
	Timezone  string        `json:"timezone"`
	At        time.Time     `json:"at"`
	Month     string        `json:"month"`
	Today     publicFigures `json:"today"`
	ThisMonth publicFigures `json:"this_month"`
	Sites     []publicSite  `json:"sites"`
}

// Public answers GET /api/v1/public/sites (no login): for each site, waiting now, the average
// wait and satisfaction today and this month, and the province's totals. It is made from the
// figures the board keeps as events happen (at most a tick and a read behind), again at most
// once a tick however many ask; the month before today is read once a day.
func (b *Board) Public(ctx context.Context) ([]byte, error) {
	if err := b.lockEnsured(ctx, part{figs: true}); err != nil {
		return nil, err
	}
	defer b.mu.Unlock()
	if b.public.body != nil && time.Since(b.public.at) < b.tick {
		return b.public.body, nil
	}
	org := b.org
	now := b.engine.Now().In(org.Location)
	page := publicPage{Name: org.Name, NameEn: org.NameEn, Timezone: org.Timezone, At: now, Month: now.Format("2006-01"),
		Sites: make([]publicSite, 0, len(org.Sites))}
	var today, month report.Agg
	for i := range org.Sites {
		site := &org.Sites[i]
		st := b.sites[site.ID]
		if st == nil || st.view == nil || st.today == nil {
			continue
		}
		var m report.Agg
		m.Merge(st.past)
		m.Merge(st.today)
		today.Merge(st.today)
		month.Merge(&m)
		p := publicSite{SiteInfo: queue.InfoOf(site), OpenNow: b.engine.OpenNow(site),
			Today: figuresOf(report.RowOf(site.ID, st.today, org.Rating)), Month: figuresOf(report.RowOf(site.ID, &m, org.Rating))}
		for _, sv := range st.view.Services {
			p.Waiting += sv.Waiting
		}
		page.Sites = append(page.Sites, p)
	}
	page.Today = figuresOf(report.RowOf("total", &today, org.Rating))
	page.ThisMonth = figuresOf(report.RowOf("total", &month, org.Rating))
	body, err := json.Marshal(page)
	if err != nil {
		return nil, err
	}
	b.public = publicBody{body: body, at: time.Now()}
	return body, nil
}
