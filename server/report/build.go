package report

import (
	"context"
	"fmt"
	"slices"
	"time"

	"luot/config"
	"luot/server/queue"
)

// Report is the answer of GET /api/v1/reports: rows by the chosen key, the total, and what
// the charts draw.
type Report struct {
	Site        string    `json:"site"`
	SiteName    string    `json:"site_name"`
	SiteNameEn  string    `json:"site_name_en,omitempty"`
	Province    string    `json:"province"`
	ProvinceEn  string    `json:"province_en,omitempty"`
	From        string    `json:"from"`
	To          string    `json:"to"`
	By          string    `json:"by"`
	Rows        []Row     `json:"rows"`
	Total       Row       `json:"total"`
	Levels      []Level   `json:"levels"`
	Arrivals    []Hour    `json:"arrivals_by_hour"`
	Waits       []Bucket  `json:"wait_distribution"`
	Sites       int       `json:"sites"`
	GeneratedAt time.Time `json:"generated_at"`
	// Appointments are the period's bookings and their no-show rate (appointments.go), when
	// the sites had any.
	Appointments *Appointments `json:"appointments,omitempty"`
}

// Level is a rating level with its names.
type Level struct {
	ID     string `json:"id"`
	Name   string `json:"name"`
	NameEn string `json:"name_en"`
}

// Hour is the tickets issued in one local hour of the period.
type Hour struct {
	Hour   int `json:"hour"`
	Issued int `json:"issued"`
}

// Bucket is how many waits fell in (FromMin, ToMin] whole minutes; ToMin 0 means no bound.
type Bucket struct {
	FromMin int `json:"from_min"`
	ToMin   int `json:"to_min"`
	Tickets int `json:"tickets"`
}

// bucketBounds are the upper bounds of the wait distribution, in whole minutes.
var bucketBounds = []int{5, 10, 15, 20, 30, 45, 60}

// Builder makes reports.
type Builder struct {
	Source Source
	Org    func() *config.Org
	Now    func() time.Time
	// KeepDays is how many days tickets stay in Redis (the ticket TTL): an older day that was
	// never rolled up has nothing left to read, so it is not read. 0 reads every day.
	KeepDays int
	// Bookings reads the bookings of the appointments' figures (BuildWithAppointments).
	Bookings BookingSource
}

// Build makes the report of q: over the site — a branch with the sites under it — or the
// whole province when q.Site is "". Closed days come from their aggregates when they were
// rolled up, today (and a closed day not rolled up yet) from the figures kept as events
// happen (LiveDay).
func (b *Builder) Build(ctx context.Context, q Query) (*Report, error) {
	org := b.Org()
	if q.Site == "" {
		all := make([]*config.Site, len(org.Sites))
		for i := range org.Sites {
			all[i] = &org.Sites[i]
		}
		return b.BuildSites(ctx, q, all)
	}
	sites := Scope(org, q.Site)
	if sites == nil {
		return nil, queue.Fail("unknown_site", fmt.Sprintf("no site %q", q.Site))
	}
	return b.BuildSites(ctx, q, sites)
}

// Scope lists the sites the report of a site covers: a branch with every site under it, any
// other site alone (the centre's report is the centre's; the province's has no site). Nil
// for an unknown site.
func Scope(org *config.Org, id string) []*config.Site {
	s := org.Site(id)
	if s == nil {
		return nil
	}
	if s.Kind == config.KindBranch {
		return org.Subtree(id)
	}
	return []*config.Site{s}
}

// BuildSites makes the report of q over exactly the given sites (q.Site, if any, names the
// report: the site's detail reports a branch without the points under it).
func (b *Builder) BuildSites(ctx context.Context, q Query, subtree []*config.Site) (*Report, error) {
	rs, err := b.BuildEach(ctx, q, []string{q.By}, subtree)
	if err != nil {
		return nil, err
	}
	return rs[0], nil
}

// BuildEach makes the reports of q's period over exactly the given sites by each of the
// groupings bys (q.By aside), reading every day once for all of them: one report per grouping.
func (b *Builder) BuildEach(ctx context.Context, q Query, bys []string, subtree []*config.Site) ([]*Report, error) {
	org := b.Org()
	loc := org.Location
	today := b.Now().In(loc).Format(time.DateOnly)
	days := q.Days()
	fields := []string{FieldTotal, FieldHour}
	accs := make([]*accum, len(bys))
	officers := false
	for i, by := range bys {
		if f := fieldOf(by); f != "" && !slices.Contains(fields, f) {
			fields = append(fields, f)
		}
		accs[i] = newAccum(by, len(subtree) > 1)
		officers = officers || by == ByOfficer
	}
	for _, site := range subtree {
		err := b.siteDays(ctx, site.ID, days, today, fields, func(d string, day *Day) {
			for _, acc := range accs {
				acc.add(site.ID, d, day)
			}
		})
		if err != nil {
			return nil, err
		}
	}
	names := map[string]string{}
	if officers { // only the rows of officers are named from the accounts
		users, err := b.Source.Users(ctx)
		if err != nil {
			return nil, err
		}
		for _, u := range users {
			names[u.Username] = u.FullName
		}
	}
	out := make([]*Report, len(bys))
	for i, acc := range accs {
		r := b.header(q, len(subtree))
		r.By = bys[i]
		r.Rows = acc.rows(org, subtree, names)
		r.Total = RowOf("total", &acc.total, org.Rating)
		r.Total.Name, r.Total.NameEn = "Tổng cộng", "Total"
		r.Arrivals = arrivals(acc.hours)
		r.Waits = distribution(&acc.total)
		out[i] = r
	}
	return out, nil
}

// siteDays reads the days (YYYY-MM-DD, in order) of a site up to today, each with the split
// of fields, and hands each to fn: a closed day from its aggregate when it was rolled up,
// one older than the tickets' lifetime as empty, any other from the figures kept as events
// happen (LiveDay).
func (b *Builder) siteDays(ctx context.Context, site string, days []string, today string, fields []string, fn func(date string, d *Day)) error {
	// the closed days come first in days, so stored[i] is the aggregate of days[i]
	var past []string
	for _, d := range days {
		if d < today {
			past = append(past, Compact(d))
		}
	}
	stored, err := b.Source.Aggregates(ctx, site, past, fields)
	if err != nil {
		return err
	}
	for i, d := range days {
		if d > today {
			break
		}
		var day *Day
		if i < len(stored) && stored[i] != nil {
			if day, err = DecodeDay(stored[i]); err != nil {
				return fmt.Errorf("%s %s: %w", site, d, err)
			}
		} else if b.gone(d, today) {
			day = NewDay()
		} else if day, err = b.LiveDay(ctx, site, d, fields); err != nil {
			return err
		}
		fn(d, day)
	}
	return nil
}

// Total is the total of a site over the days from to to (YYYY-MM-DD, at most MaxDays, none
// after today), read as reports read them: the transparency page keeps the month before
// today this way, once a day, and adds today's figures as they change.
func (b *Builder) Total(ctx context.Context, site, from, to string) (*Agg, error) {
	q, err := ParseQuery("", from, to, BySite, "", b.Now().In(b.Org().Location))
	if err != nil {
		return nil, err
	}
	today := b.Now().In(b.Org().Location).Format(time.DateOnly)
	total := &Agg{}
	err = b.siteDays(ctx, site, q.Days(), today, []string{FieldTotal, FieldHour}, func(_ string, d *Day) {
		total.Merge(&d.Total)
	})
	return total, err
}

// header is a report of q over n sites without its figures: names, period and levels.
func (b *Builder) header(q Query, n int) *Report {
	org := b.Org()
	r := &Report{
		Site: q.Site, Province: org.Name, ProvinceEn: org.NameEn, SiteName: org.Name, SiteNameEn: org.NameEn,
		From: q.From.Format(time.DateOnly), To: q.To.Format(time.DateOnly), By: q.By,
		Sites: n, GeneratedAt: b.Now().In(org.Location),
	}
	if site := org.Site(q.Site); site != nil {
		r.SiteName, r.SiteNameEn = site.Name, site.NameEn
	}
	for _, l := range org.Rating {
		n := org.RatingNames[l]
		r.Levels = append(r.Levels, Level{ID: l, Name: n.Name, NameEn: n.NameEn})
	}
	return r
}

// gone reports whether the tickets of a day (YYYY-MM-DD) have expired from Redis by today.
func (b *Builder) gone(day, today string) bool {
	if b.KeepDays <= 0 {
		return false
	}
	d, err1 := time.Parse(time.DateOnly, day)
	t, err2 := time.Parse(time.DateOnly, today)
	return err1 == nil && err2 == nil && t.Sub(d) >= time.Duration(b.KeepDays+1)*24*time.Hour
}

// fieldOf is the stored field a grouping reads (day and site read the total).
func fieldOf(by string) string {
	switch by {
	case ByService, ByCounter, ByOfficer, ByHour, ByChannel:
		return by
	}
	return ""
}

// arrivals lists the tickets issued per hour, from 07:00 to 17:00 at least.
func arrivals(hours map[string]*Agg) []Hour {
	lo, hi := 7, 16
	for h := range 24 {
		if a := hours[fmt.Sprintf("%02d", h)]; a != nil && a.Issued > 0 {
			lo, hi = min(lo, h), max(hi, h)
		}
	}
	var out []Hour
	for h := lo; h <= hi; h++ {
		n := 0
		if a := hours[fmt.Sprintf("%02d", h)]; a != nil {
			n = a.Issued
		}
		out = append(out, Hour{Hour: h, Issued: n})
	}
	return out
}

// distribution buckets the waits of an aggregate.
func distribution(a *Agg) []Bucket {
	out := make([]Bucket, 0, len(bucketBounds)+1)
	from := 0
	for _, to := range bucketBounds {
		out = append(out, Bucket{FromMin: from, ToMin: to})
		from = to
	}
	out = append(out, Bucket{FromMin: from})
	for m, n := range a.WaitHist {
		i := 0
		for i < len(bucketBounds) && m > bucketBounds[i] {
			i++
		}
		out[i].Tickets += n
	}
	return out
}
