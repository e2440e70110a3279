package queue

import (
	"context"
	"time"

	"luot/config"
)

// The alerts of the province board.
const (
	AlertWait     = "wait"     // the longest wait passed the site's target
	AlertUnserved = "unserved" // people wait for a service no open counter serves
)

// InfoOf is what the board, the transparency page and the organisation view show first of
// a site: its id, names and place in the organisation.
func InfoOf(s *config.Site) SiteInfo {
	return SiteInfo{ID: s.ID, Name: s.Name, NameEn: s.NameEn, Kind: s.Kind, Parent: s.Parent}
}

// BoardRow is one site on the province board.
type BoardRow struct {
	SiteInfo
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

// BoardRow reads a site's live state and judges its alert.
func (e *Engine) BoardRow(ctx context.Context, site *config.Site) (BoardRow, error) {
	v, err := e.Site(ctx, site.ID)
	if err != nil {
		return BoardRow{}, err
	}
	oldest, err := e.OldestWaiting(ctx, site)
	if err != nil {
		return BoardRow{}, err
	}
	return Judge(site, v, oldest.Site, e.Now()), nil
}

// OldestWaiting tells when the longest waits of a site and of each of its services began.
func (e *Engine) OldestWaiting(ctx context.Context, site *config.Site) (Oldest, error) {
	return e.store.OldestWaiting(ctx, site.ID, site.Services, CounterIDs(site))
}

// Judge makes a site's board row from its live view: the counts, the longest wait, and the
// alert — the longest wait past the site's target, or a queue that no open counter serves.
func Judge(site *config.Site, v *SiteView, oldest, now time.Time) BoardRow {
	r := BoardRow{SiteInfo: InfoOf(site), TargetMin: site.WaitTargetMin, OpenNow: v.OpenNow}
	served := map[string]bool{}
	for _, c := range v.Counters {
		switch c.State {
		case Open:
			r.Open++
			for _, s := range c.Services {
				served[s] = true
			}
		case Paused:
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
		r.LongestWaitMin = WaitMinutes(oldest, now)
	}
	switch {
	case r.OldestIssuedAt != nil && now.Sub(oldest) > time.Duration(r.TargetMin)*time.Minute:
		r.Alert = AlertWait
	case len(r.Unserved) > 0:
		r.Alert = AlertUnserved
	}
	return r
}
