package queue

import (
	"time"

	"luot/config"
)

// DayHours are the opening sessions of one weekday, as a kiosk shows them.
type DayHours struct {
	Day      string   `json:"day"`      // mon, tue, … sun
	Sessions []string `json:"sessions"` // "07:30-11:30"; empty when closed
}

// weekOrder is Monday first, as Vietnamese calendars and notices list the week.
var weekOrder = []struct {
	day time.Weekday
	key string
}{
	{time.Monday, "mon"}, {time.Tuesday, "tue"}, {time.Wednesday, "wed"}, {time.Thursday, "thu"},
	{time.Friday, "fri"}, {time.Saturday, "sat"}, {time.Sunday, "sun"},
}

// WeekHours lists a site's opening sessions of every weekday, Monday first.
func WeekHours(s *config.Site) []DayHours {
	out := make([]DayHours, 0, 7)
	for _, d := range weekOrder {
		out = append(out, DayHours{Day: d.key, Sessions: sessions(s.HoursOn(d.day))})
	}
	return out
}

// TodayHours lists the sessions of the local day of now; none on a holiday.
func TodayHours(s *config.Site, now time.Time) []string {
	local := now.In(s.Location())
	out := []string{}
	for _, ses := range s.HoursOn(local.Weekday()) {
		if s.OpenAt(at(local, ses.From)) { // false on a holiday
			out = append(out, ses.String())
		}
	}
	return out
}

// NextOpening is the start of the first session after now (holidays skipped), within two
// weeks, or nil (a site with no hours).
func NextOpening(s *config.Site, now time.Time) *time.Time {
	local := now.In(s.Location())
	for d := 0; d <= 14; d++ {
		day := local.AddDate(0, 0, d)
		for _, ses := range s.HoursOn(day.Weekday()) {
			start := at(day, ses.From)
			if start.After(now) && s.OpenAt(start) {
				return &start
			}
		}
	}
	return nil
}

// MinutesLeftToday is how many minutes of opening hours are left in site's local day after
// now: the rest of today's sessions (none on a holiday, none once the last one ended). When
// opening hours are ignored (alwaysOpen: demos, tests) the day lasts until midnight.
func MinutesLeftToday(s *config.Site, now time.Time, alwaysOpen bool) int {
	local := now.In(s.Location())
	m := float64(local.Hour()*60+local.Minute()) + float64(local.Second())/60
	if alwaysOpen {
		return int(24*60 - m)
	}
	left := 0.0
	for _, ses := range s.HoursOn(local.Weekday()) {
		if s.OpenAt(at(local, ses.From)) { // false on a holiday
			left += max(0, float64(ses.To)-max(m, float64(ses.From)))
		}
	}
	return int(left)
}

// at is minute m (since midnight) of t's local day.
func at(t time.Time, m int) time.Time {
	y, mo, d := t.Date()
	return time.Date(y, mo, d, m/60, m%60, 0, 0, t.Location())
}

func sessions(ss []config.Session) []string {
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = s.String()
	}
	return out
}
