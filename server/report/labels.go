package report

import (
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// labels are the words of the exports in one language.
type labels struct {
	title, site, period, by, generated, total, minutes     string
	key, name, issued, served, noShow, cancelled           string
	waitAvg, waitP90, serviceAvg, satisfaction, rated      string
	arrivals, waits, hourAxis, tickets, preparer, director string
	signHint, page, province, summary, noData, periodFmt   string
	ordinal                                                string
	apptLine, apptFmt                                      string // the appointments (appointments.go)
	byNames                                                map[string]string
}

// vi and en are the words of the exports; words gives each in both languages, so that no
// word goes without its translation.
var vi, en = words(func(vi, _ string) string { return vi }), words(func(_, en string) string { return en })

// words are the labels of one language: in picks it of a word's Vietnamese and English.
func words(in func(vi, en string) string) labels {
	return labels{
		title:        in("BÁO CÁO TIẾP NHẬN VÀ PHỤC VỤ CÔNG DÂN", "REPORT ON RECEPTION AND SERVICE OF CITIZENS"),
		site:         in("Đơn vị", "Unit"),
		period:       in("Kỳ báo cáo", "Period"),
		by:           in("Thống kê theo", "Grouped by"),
		generated:    in("Lập lúc", "Generated"),
		total:        in("Tổng cộng", "Total"),
		minutes:      in("phút", "min"),
		key:          in("Mã", "Key"),
		name:         in("Tên", "Name"),
		issued:       in("Số đã phát", "Issued"),
		served:       in("Đã phục vụ", "Served"),
		noShow:       in("Vắng mặt", "No-show"),
		cancelled:    in("Đã hủy", "Cancelled"),
		waitAvg:      in("Chờ TB (phút)", "Avg wait (min)"),
		waitP90:      in("Chờ P90 (phút)", "P90 wait (min)"),
		serviceAvg:   in("Phục vụ TB (phút)", "Avg service (min)"),
		satisfaction: in("Hài lòng (%)", "Satisfied (%)"),
		rated:        in("Lượt đánh giá", "Ratings"),
		arrivals:     in("Số phiếu phát theo giờ", "Tickets issued per hour"),
		waits:        in("Phân bố thời gian chờ (phút)", "Distribution of waits (minutes)"),
		hourAxis:     in("giờ", "h"),
		tickets:      in("phiếu", "tickets"),
		preparer:     in("NGƯỜI LẬP BIỂU", "PREPARED BY"),
		director:     in("GIÁM ĐỐC", "DIRECTOR"),
		signHint:     in("(Ký, ghi rõ họ tên)", "(Signature and full name)"),
		page:         in("Trang", "Page"),
		province:     in("Toàn tỉnh", "Whole province"),
		summary:      in("Tóm tắt", "Summary"),
		noData:       in("Không có số liệu trong kỳ báo cáo.", "No figures in the period."),
		periodFmt:    in("Từ ngày %s đến ngày %s", "From %s to %s"),
		ordinal:      in("STT", "No."),
		apptLine: in("Lịch hẹn: đã đặt, đã nhận số, không đến, đã hủy, tỷ lệ không đến (%)",
			"Appointments: booked, checked in, missed, cancelled, no-show rate (%)"),
		apptFmt: in("Lịch hẹn: %d đã đặt, %d đã nhận số, %d không đến, %d đã hủy; tỷ lệ không đến: %s",
			"Appointments: %d booked, %d checked in, %d missed, %d cancelled; no-show rate: %s"),
		byNames: map[string]string{
			ByService: in("Lĩnh vực", "Service"),
			ByCounter: in("Quầy", "Counter"),
			ByOfficer: in("Cán bộ", "Officer"),
			ByHour:    in("Giờ trong ngày", "Hour of the day"),
			ByDay:     in("Ngày", "Day"),
			BySite:    in("Điểm phục vụ", "Site"),
			ByChannel: in("Kênh lấy số", "Channel"),
		},
	}
}

// wordsFor picks the words of a language: "en" or Vietnamese.
func wordsFor(lang string) labels {
	if strings.HasPrefix(strings.ToLower(lang), "en") {
		return en
	}
	return vi
}

func (l labels) english() bool { return l.title == en.title }

// rowName is a row's name in the language of l.
func (l labels) rowName(r Row) string {
	if l.english() && r.NameEn != "" {
		return r.NameEn
	}
	if r.Name != "" {
		return r.Name
	}
	return r.Key
}

// siteName is the report's unit in the language of l.
func (l labels) siteName(r *Report) string {
	if l.english() && r.SiteNameEn != "" {
		return r.SiteNameEn
	}
	return r.SiteName
}

// provinceName is the issuing body, the organisation, in the language of l.
func (l labels) provinceName(r *Report) string {
	if l.english() && r.ProvinceEn != "" {
		return r.ProvinceEn
	}
	return r.Province
}

// levelName names a rating level in the language of l.
func (l labels) levelName(lv Level) string {
	if l.english() && lv.NameEn != "" {
		return lv.NameEn
	}
	return lv.Name
}

// periodText is "Từ ngày 01/11/2026 đến ngày 30/11/2026".
func (l labels) periodText(r *Report) string {
	f := func(s string) string {
		d, err := time.Parse(time.DateOnly, s)
		if err != nil {
			return s
		}
		if l.english() {
			return d.Format("2 Jan 2006")
		}
		return d.Format("02/01/2006")
	}
	return fmt.Sprintf(l.periodFmt, f(r.From), f(r.To))
}

// cleanText is the text sanitiser of the exports: NFC (so that a Vietnamese letter is one
// code point the font has a glyph for), control characters dropped, spaces collapsed.
func cleanText(s string) string {
	s = norm.NFC.String(s)
	var b strings.Builder
	space := false
	for _, r := range s {
		switch {
		case unicode.IsSpace(r):
			space = true
			continue
		case unicode.IsControl(r) || r == unicode.ReplacementChar:
			continue
		}
		if space && b.Len() > 0 {
			b.WriteByte(' ')
		}
		space = false
		b.WriteRune(r)
	}
	return b.String()
}

// textCell is a text cell of the CSV and Excel exports: cleanText, and a leading quote when a
// spreadsheet would take it for a formula (= + - @, or a tab or carriage return before one).
// Names come from outside — an officer's full name, the organisation file — and "=HYPERLINK(…)"
// in a name must stay text on the desk of whoever opens the report.
func textCell(s string) string {
	s = cleanText(s)
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}

// decimal formats a figure for people: a decimal comma in Vietnamese (7,5), a point in
// English (7.5).
func (l labels) decimal(x float64) string {
	if l.english() {
		return num(x)
	}
	return strings.Replace(num(x), ".", ",", 1)
}

// num formats a figure for machines: one decimal, or none for a whole number (7.5, 12, 0).
func num(x float64) string {
	if x == float64(int64(x)) {
		return fmt.Sprintf("%d", int64(x))
	}
	return fmt.Sprintf("%.1f", x)
}

// figure is an average for people (decimal), or none when there is nothing to average.
func (l labels) figure(ok bool, x float64) string {
	if !ok {
		return none
	}
	return l.decimal(x)
}

// placeDate is the place and date line of a signed document: "Bình Dương, ngày 05 tháng 02
// năm 2026" (Decree 30/2020: a day below 10 and the months 1 and 2 take a leading zero), or
// "Bình Dương, 5 February 2026"; without a place, the date alone.
func (l labels) placeDate(place string, t time.Time) string {
	var date string
	if l.english() {
		date = t.Format("2 January 2006")
	} else {
		month := strconv.Itoa(int(t.Month()))
		if t.Month() <= 2 {
			month = "0" + month
		}
		date = fmt.Sprintf("ngày %02d tháng %s năm %d", t.Day(), month, t.Year())
	}
	if place == "" {
		return strings.ToUpper(date[:1]) + date[1:]
	}
	return place + ", " + date
}

// placeOf is the place name of the organisation's documents, taken from its name: what
// follows its last "tỉnh" or "thành phố" ("Trung tâm Phục vụ hành chính công tỉnh Bình Dương"
// → "Bình Dương"); "" when the name has neither.
func placeOf(org string) string {
	org = cleanText(org)
	best := -1
	for _, unit := range []string{"tỉnh ", "thành phố ", "Tỉnh ", "Thành phố "} {
		if i := strings.LastIndex(org, unit); i >= 0 && i+len(unit) > best {
			best = i + len(unit)
		}
	}
	if best < 0 {
		return ""
	}
	return strings.TrimSpace(org[best:])
}
