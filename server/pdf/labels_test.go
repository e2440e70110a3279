package pdf

import "testing"

func TestWaitText(t *testing.T) {
	for _, c := range []struct {
		lang string
		min  int
		late bool
		want string
	}{
		{"vi", 0, false, "sắp đến lượt"},
		{"vi", 12, false, "khoảng 12 phút"},
		{"vi", 95, false, "khoảng 1 giờ 35 phút"},
		{"vi", 3960, true, "có thể không kịp trong ngày hôm nay"},
		{"en", 0, false, "you are next"},
		{"en", 61, false, "about 1 h 01 min"},
		{"en", 61, true, "may not be served today"},
		{"fr", 5, false, "khoảng 5 phút"}, // an unknown language falls back to Vietnamese
	} {
		if got := wording(c.lang).waitText(c.min, c.late); got != c.want {
			t.Errorf("%s %d: got %q, want %q", c.lang, c.min, got, c.want)
		}
	}
}
