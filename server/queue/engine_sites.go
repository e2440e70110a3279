package queue

import (
	"context"
	"time"

	"luot/config"
)

// SiteInfo is a site as the list of sites shows it.
type SiteInfo struct {
	ID     string `json:"id"`
	Name   string `json:"name"`
	NameEn string `json:"name_en,omitempty"`
	Kind   string `json:"kind"`
	Parent string `json:"parent"`
}

// ServiceView is a service of a site with its live queue.
type ServiceView struct {
	ID         string `json:"id"`
	Name       string `json:"name"`
	NameEn     string `json:"name_en"`
	Group      string `json:"group,omitempty"`
	GroupEn    string `json:"group_en,omitempty"`
	Prefix     string `json:"prefix"`
	Waiting    int    `json:"waiting"`
	EstWaitMin int    `json:"estimated_wait_min"`
	// BeyondClosing is whether a ticket taken now would wait past today's opening hours.
	BeyondClosing bool `json:"beyond_closing"`
	// Issuing is whether a ticket can be taken now (open and under the quota).
	Issuing bool `json:"issuing"`
	// Quota and IssuedToday let a kiosk say why a service does not issue.
	Quota       int `json:"quota,omitempty"`
	IssuedToday int `json:"issued_today"`
}

// SiteView is a site with its live state, as GET /api/v1/sites/{site} and the live feed's
// snapshot show it.
type SiteView struct {
	SiteInfo
	Address  string        `json:"address,omitempty"`
	OpenNow  bool          `json:"open_now"`
	Services []ServiceView `json:"services"`
	Counters []*Counter    `json:"counters"`
	// LastEvent is the id of the last event this view reflects.
	LastEvent string `json:"last_event"`
	// Hours are the opening sessions of every weekday, Monday first; Today those of today
	// (none on a holiday); NextOpen when a closed site opens again (within two weeks).
	Hours    []DayHours `json:"hours"`
	Today    []string   `json:"today"`
	NextOpen *time.Time `json:"next_open,omitempty"`
}

// Sites lists every configured site, in file order.
func (e *Engine) Sites() []SiteInfo {
	org := e.Org()
	out := make([]SiteInfo, len(org.Sites))
	for i, s := range org.Sites {
		out[i] = InfoOf(&s)
	}
	return out
}

// Site reads a site's live state in one atomic step.
func (e *Engine) Site(ctx context.Context, id string) (*SiteView, error) {
	site, err := e.site(id)
	if err != nil {
		return nil, err
	}
	now := e.clock.Now()
	st, err := e.store.Site(ctx, id, LocalDay(now, site.Location()), CounterIDs(site), site.Services)
	if err != nil {
		return nil, err
	}
	org := e.Org()
	v := &SiteView{
		SiteInfo:  InfoOf(site),
		Address:   site.Address,
		OpenNow:   e.opts.AlwaysOpen || site.OpenAt(now),
		LastEvent: st.LastID,
		Services:  make([]ServiceView, 0, len(site.Services)),
		Counters:  make([]*Counter, 0, len(site.Counters)),
		Hours:     WeekHours(site),
		Today:     TodayHours(site, now),
	}
	if !v.OpenNow {
		v.NextOpen = NextOpening(site, now)
	}
	open := map[string]int{}
	for i := range site.Counters {
		cc := &site.Counters[i]
		c := e.counter(cc, st.Counters[cc.ID], nil)
		v.Counters = append(v.Counters, c)
		if c.State == Open {
			for _, s := range c.Services {
				open[s]++
			}
		}
	}
	for _, sid := range site.Services {
		svc := org.Service(sid)
		if svc == nil {
			continue
		}
		quota := site.Quotas(sid)
		sv := ServiceView{
			ID: sid, Name: svc.Name, NameEn: svc.NameEn, Group: svc.Group, GroupEn: svc.GroupEn, Prefix: svc.Prefix,
			Waiting: st.Waiting[sid], Quota: quota, IssuedToday: st.Issued[sid],
		}
		sv.EstWaitMin = Estimate(sv.Waiting, st.AvgMin[sid], svc.Minutes, open[sid])
		sv.BeyondClosing = e.beyondClosing(site, sv.EstWaitMin)
		sv.Issuing = v.OpenNow && (quota == 0 || sv.IssuedToday < quota)
		v.Services = append(v.Services, sv)
	}
	return v, nil
}

// OpenNow reports whether a site takes tickets now.
func (e *Engine) OpenNow(s *config.Site) bool {
	return e.opts.AlwaysOpen || s.OpenAt(e.clock.Now())
}
