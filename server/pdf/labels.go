package pdf

import "fmt"

// labels are the fixed words of a ticket in one language.
type labels struct {
	Number, Priority, Ahead, Wait, Soon, Late, Scan, Keep, Thanks string
	minutes                                                       func(int) string
}

// vi and en are the ticket's words; Vietnamese is the default.
var vi, en = words(func(vi, _ string) string { return vi }), words(func(_, en string) string { return en })

// words are the labels of one language: in picks it of a word's Vietnamese and English, so
// that each word stands here once with its translation.
func words(in func(vi, en string) string) labels {
	short, long := in("khoảng %d phút", "about %d min"), in("khoảng %d giờ %02d phút", "about %d h %02d min")
	return labels{
		Number:   in("SỐ THỨ TỰ", "QUEUE NUMBER"),
		Priority: in("ƯU TIÊN", "PRIORITY"),
		Ahead:    in("Số người chờ trước quý vị:", "People ahead of you:"),
		Wait:     in("Thời gian chờ dự kiến:", "Expected wait:"),
		Soon:     in("sắp đến lượt", "you are next"),
		Late:     in("có thể không kịp trong ngày hôm nay", "may not be served today"),
		Scan:     in("Quét mã để theo dõi lượt trên điện thoại", "Scan to follow your turn on your phone"),
		Keep:     in("Vui lòng giữ phiếu và theo dõi màn hình gọi số", "Please keep this ticket and watch the call screen"),
		Thanks:   in("Xin cảm ơn quý vị!", "Thank you for your visit!"),
		minutes: func(m int) string {
			if m < 60 {
				return fmt.Sprintf(short, m)
			}
			return fmt.Sprintf(long, m/60, m%60)
		},
	}
}

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
