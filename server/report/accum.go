package report

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"time"

	"luot/config"
)

// accum merges the days of the sites of a report into its rows.
type accum struct {
	by    string
	multi bool // several sites: counter keys carry their site
	total Agg
	hours map[string]*Agg
	keys  map[string]*Agg
}

func newAccum(by string, multi bool) *accum {
	return &accum{by: by, multi: multi, hours: map[string]*Agg{}, keys: map[string]*Agg{}}
}

func (a *accum) merge(m map[string]*Agg, key string, x *Agg) {
	if m[key] == nil {
		m[key] = &Agg{}
	}
	m[key].Merge(x)
}

// add merges one site's day (YYYY-MM-DD).
func (a *accum) add(site, date string, d *Day) {
	a.total.Merge(&d.Total)
	for h, x := range d.Hour {
		a.merge(a.hours, h, x)
	}
	switch a.by {
	case ByDay:
		if d.Total.Issued > 0 {
			a.merge(a.keys, date, &d.Total)
		}
	case BySite:
		a.merge(a.keys, site, &d.Total)
	default:
		for k, x := range d.split(fieldOf(a.by)) {
			if a.by == ByCounter && a.multi && k != "" {
				k = site + "/" + k
			}
			a.merge(a.keys, k, x)
		}
	}
}

// named is a row's key with its names and its place in the order of rows.
type named struct {
	key, vi, en string
	order       int
}

// rows names and orders the rows: services and sites in the file's order, counters by site
// and number, officers by name, hours and days by time; the tickets never called last.
func (a *accum) rows(org *config.Org, sites []*config.Site, users map[string]string) []Row {
	siteOrder := map[string]int{}
	for i, s := range sites {
		siteOrder[s.ID] = i
	}
	var list []named
	for k := range a.keys {
		n := named{key: k, vi: k, en: k}
		switch a.by {
		case ByService:
			n.order = len(org.Services)
			if i := slices.IndexFunc(org.Services, func(s config.Service) bool { return s.ID == k }); i >= 0 {
				n.order, n.vi, n.en = i, org.Services[i].Name, org.Services[i].NameEn
			}
		case ByCounter:
			n = counterName(org, sites[0], k, a.multi, siteOrder)
		case ByOfficer:
			if name := users[k]; name != "" {
				n.vi, n.en = name, name
			}
		case ByHour:
			var h int
			fmt.Sscanf(k, "%d", &h)
			n.order = h
			n.vi = fmt.Sprintf("%02d:00–%02d:00", h, h+1)
			n.en = n.vi
		case ByDay:
			if d, err := time.Parse(time.DateOnly, k); err == nil {
				n.vi = weekdayVi[d.Weekday()] + ", " + d.Format("02/01/2006")
				n.en = d.Format("Mon 2 Jan 2006")
			}
		case ByChannel:
			n.order = slices.Index(channelOrder, k)
			if n.order < 0 {
				n.order = len(channelOrder)
			}
			if names, ok := channelNames[k]; ok {
				n.vi, n.en = names[0], names[1]
			}
		case BySite:
			n.order = siteOrder[k]
			if s := org.Site(k); s != nil {
				n.vi, n.en = s.Name, cmp.Or(s.NameEn, s.Name)
			}
		}
		if k == "" {
			n.vi, n.en, n.order = "Chưa được gọi", "Never called", 1<<30
		}
		list = append(list, n)
	}
	slices.SortFunc(list, func(x, y named) int {
		if c := cmp.Compare(x.order, y.order); c != 0 {
			return c
		}
		if a.by == ByOfficer {
			if c := strings.Compare(x.vi, y.vi); c != 0 {
				return c
			}
		}
		return strings.Compare(x.key, y.key)
	})
	out := make([]Row, len(list))
	for i, n := range list {
		out[i] = RowOf(n.key, a.keys[n.key], org.Rating)
		out[i].Name, out[i].NameEn = n.vi, n.en
	}
	return out
}

// counterName names a counter key: "q01" of a one-site report or "site/q01" of several.
func counterName(org *config.Org, only *config.Site, key string, multi bool, siteOrder map[string]int) named {
	n := named{key: key, vi: key, en: key}
	site, cid := only, key
	if multi {
		sid, c, ok := strings.Cut(key, "/")
		if !ok {
			return n
		}
		site, cid = org.Site(sid), c
		n.order = siteOrder[sid] * 1000
	}
	if site == nil {
		return n
	}
	if c := site.Counter(cid); c != nil {
		n.order += c.Number
		n.vi, n.en = c.Name, fmt.Sprintf("Counter %d", c.Number)
		if multi {
			n.vi += " · " + site.Name
			n.en += " · " + cmp.Or(site.NameEn, site.Name)
		}
	}
	return n
}

// weekdayVi names the days of the week in Vietnamese.
var weekdayVi = [...]string{"Chủ nhật", "Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy"}

// channelOrder and channelNames order and name the rows of a report by channel.
var (
	channelOrder = []string{ChannelKiosk, ChannelOnline, ChannelAppointment, ChannelStaff}
	channelNames = map[string][2]string{
		ChannelKiosk:       {"Lấy số tại ki-ốt", "Kiosk"},
		ChannelOnline:      {"Lấy số từ xa (điện thoại)", "Remote number (phone)"},
		ChannelAppointment: {"Lịch hẹn", "Appointment"},
		ChannelStaff:       {"Cán bộ cấp tại quầy", "Issued by staff"},
	}
)
