package pdf

import "fmt"

// labels are the fixed words of a ticket in one language.
type labels struct {
	Number, Priority, Ahead, Wait, Soon, Late, Scan, Keep, Thanks string
	minutes                                                       func(int) string
}

// vi and en are the ticket's words; Vietnamese is the default.
var (
	vi = labels{
		Number: "SỐ THỨ TỰ", Priority: "ƯU TIÊN",
		Ahead: "Số người chờ trước quý vị:", Wait: "Thời gian chờ dự kiến:", Soon: "sắp đến lượt",
		Late:   "có thể không kịp trong ngày hôm nay",
		Scan:   "Quét mã để theo dõi lượt trên điện thoại",
		Keep:   "Vui lòng giữ phiếu và theo dõi màn hình gọi số",
		Thanks: "Xin cảm ơn quý vị!",
		minutes: func(m int) string {
			if m < 60 {
				return fmt.Sprintf("khoảng %d phút", m)
			}
			return fmt.Sprintf("khoảng %d giờ %02d phút", m/60, m%60)
		},
	}
	en = labels{
		Number: "QUEUE NUMBER", Priority: "PRIORITY",
		Ahead: "People ahead of you:", Wait: "Expected wait:", Soon: "you are next",
		Late:   "may not be served today",
		Scan:   "Scan to follow your turn on your phone",
		Keep:   "Please keep this ticket and watch the call screen",
		Thanks: "Thank you for your visit!",
		minutes: func(m int) string {
			if m < 60 {
				return fmt.Sprintf("about %d min", m)
			}
			return fmt.Sprintf("about %d h %02d min", m/60, m%60)
		},
	}
)

// wording returns the labels of a language ("en", else Vietnamese).
func wording(lang string) labels {
	if lang == "en" {
		return en
	}
	return vi
}

// waitText is the expected wait in words: "sắp đến lượt" for none, and for a wait that ends
// after today's opening hours (late) that it may not be served today.
func (l labels) waitText(minutes int, late bool) string {
	switch {
	case late:
		return l.Late
	case minutes <= 0:
		return l.Soon
	}
	return l.minutes(minutes)
}
