package report

import "testing"

func TestCleanText(t *testing.T) {
	for in, want := range map[string]string{
		"Ho\u0302\u0323 ti\u0323ch":    "Hộ tịch", // decomposed → NFC
		"  Đất\tđai\n\n ":              "Đất đai",
		"a\x00b\x1bc":                  "abc",
		"\ufffdok":                     "ok",
		"Trung tâm Phục vụ hành chính": "Trung tâm Phục vụ hành chính",
	} {
		if got := cleanText(in); got != want {
			t.Errorf("cleanText(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestNumbers(t *testing.T) {
	for _, tc := range []struct {
		x      float64
		vi, en string
	}{{7.5, "7,5", "7.5"}, {12, "12", "12"}, {0, "0", "0"}, {66.7, "66,7", "66.7"}} {
		if got := vi.decimal(tc.x); got != tc.vi {
			t.Errorf("vi %v: got %q, want %q", tc.x, got, tc.vi)
		}
		if got := en.decimal(tc.x); got != tc.en {
			t.Errorf("en %v: got %q, want %q", tc.x, got, tc.en)
		}
	}
}
