package pdf

import "testing"

func TestWaitText(t *testing.T) {
	for _, c := range []struct {
		lang string
		min  int
		want string
	}{
		{"vi", 0, "sắp đến lượt"},
		{"vi", 12, "khoảng 12 phút"},
		{"vi", 95, "khoảng 1 giờ 35 phút"},
		{"en", 0, "you are next"},
		{"en", 61, "about 1 h 01 min"},
		{"fr", 5, "khoảng 5 phút"}, // an unknown language falls back to Vietnamese
	} {
		if got := wording(c.lang).waitText(c.min); got != c.want {
			t.Errorf("%s %d: got %q, want %q", c.lang, c.min, got, c.want)
		}
	}
}
