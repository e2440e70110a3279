package queue

import (
	"strings"
	"testing"
)

func TestNormalizePhone(t *testing.T) {
	tests := []struct{ in, want string }{
		{"0901234567", "0901234567"},
		{"+84901234567", "0901234567"},
		{"090 123 4567", "0901234567"},
		{"090.123.4567", "0901234567"},
		{"+84 90-123-4567", "0901234567"},
		{"901234567", ""},
		{"09012345678", ""},
		{"0001234567", ""},
		{"84901234567", ""},
		{"09012345a7", ""},
		{"0901+234567", ""},
		{"", ""},
		{"０９０１２３４５６７", ""}, // full-width digits are not digits here
	}
	for _, tt := range tests {
		got, ok := NormalizePhone(tt.in)
		if got != tt.want || ok != (tt.want != "") {
			t.Errorf("NormalizePhone(%q): got %q, %v, want %q", tt.in, got, ok, tt.want)
		}
	}
}

func TestMaskPhone(t *testing.T) {
	if got := MaskPhone("0901234567"); got != "090****567" {
		t.Errorf("got %q, want 090****567", got)
	}
}

func TestBookingCode(t *testing.T) {
	for range 1000 {
		c := NewBookingCode()
		if len(c) != 6 || strings.ContainsAny(c, "0O1IL") {
			t.Fatalf("code %q: want 6 characters without look-alikes", c)
		}
		if got, ok := NormalizeCode(" " + strings.ToLower(c[:3]) + " " + c[3:]); !ok || got != c {
			t.Fatalf("NormalizeCode of a typed %q: got %q, %v", c, got, ok)
		}
	}
	for _, bad := range []string{"K7Q2X", "K7Q2XMM", "K7Q2X0", "K7Q2XO", "K7Q2XI", "K7Q2X-"} {
		if _, ok := NormalizeCode(bad); ok {
			t.Errorf("NormalizeCode(%q) accepted", bad)
		}
	}
}

func FuzzNormalizePhone(f *testing.F) {
	for _, s := range []string{"0901234567", "+84901234567", "090 123 4567", "", "+", "++84"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		p, ok := NormalizePhone(s)
		if !ok {
			return
		}
		if len(p) != 10 || p[0] != '0' || strings.Trim(p, "0123456789") != "" {
			t.Fatalf("NormalizePhone(%q) = %q", s, p)
		}
		if again, ok := NormalizePhone(p); !ok || again != p {
			t.Fatalf("not idempotent: %q → %q → %q", s, p, again)
		}
	})
}

func FuzzNormalizeCode(f *testing.F) {
	for _, s := range []string{"K7Q2XM", " k7q 2xm ", "", "OOOOOO"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		c, ok := NormalizeCode(s)
		if ok && (len(c) != 6 || strings.Trim(c, codeAlphabet) != "") {
			t.Fatalf("NormalizeCode(%q) = %q", s, c)
		}
	})
}
