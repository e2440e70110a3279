package voice

import (
	"errors"
	"strings"
	"testing"
)

func TestTicket(t *testing.T) {
	tests := []struct {
		number  string
		d       Dialect
		digits  bool
		want    string
		wantErr bool
	}{
		{"A023", South, false, "a không trăm hai mươi ba", false},
		{"A023", South, true, "a không hai ba", false},
		{"A001", South, false, "a không trăm lẻ một", false},
		{"A005", North, false, "a không trăm linh năm", false},
		{"A015", South, false, "a không trăm mười lăm", false},
		{"A021", South, false, "a không trăm hai mươi mốt", false},
		{"A024", North, false, "a không trăm hai mươi tư", false},
		{"A100", South, false, "a một trăm", false},
		{"A105", South, false, "a một trăm lẻ năm", false},
		{"A999", South, false, "a chín trăm chín mươi chín", false},
		{"A1000", South, false, "a một ngàn", false},
		{"A1023", North, false, "a một nghìn không trăm hai mươi ba", false},
		{"A1023", North, true, "a một không hai ba", false},
		{"HK012", South, false, "hát ca không trăm mười hai", false},
		{"B7", South, false, "bê bảy", false},
		{"L10", South, false, "e-lờ mười", false},
		{"X000", South, false, "ích-xì không", false},
		{"042", South, false, "không trăm bốn mươi hai", false},
		{"W1", South, false, "vê-kép một", false},
		{"", South, false, "", true},
		{"A", South, false, "", true},
		{"ABC1", South, false, "", true},
		{"A-1", South, false, "", true},
		{"A1B", South, false, "", true},
		{"A1234567890", South, false, "", true},
		{"Ă1", South, false, "", true},
	}
	for _, tt := range tests {
		w, err := Ticket(tt.number, tt.d, tt.digits)
		if tt.wantErr {
			if !errors.Is(err, ErrBadNumber) {
				t.Errorf("Ticket(%q): got %q, %v; want ErrBadNumber", tt.number, w, err)
			}
			continue
		}
		if err != nil {
			t.Errorf("Ticket(%q, %s, %v): %v", tt.number, tt.d, tt.digits, err)
			continue
		}
		if got := strings.Join(w, " "); got != tt.want {
			t.Errorf("Ticket(%q, %s, digits %v): got %q, want %q", tt.number, tt.d, tt.digits, got, tt.want)
		}
	}
}

func TestLetter(t *testing.T) {
	for c := byte(0); c < 128; c++ {
		name, ok := Letter(c)
		isLetter := (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z')
		if ok != isLetter || (ok && name == "") {
			t.Errorf("Letter(%q): got %q, %v", c, name, ok)
		}
	}
	if n, _ := Letter('b'); n != "bê" {
		t.Errorf("Letter('b'): got %q, want bê", n)
	}
}

// FuzzTicket: any input is read or refused with ErrBadNumber, never a panic, and every word
// read has a clip in the inventory.
func FuzzTicket(f *testing.F) {
	for _, s := range []string{"A023", "HK1000", "", "A", "Z999999999", "a1", "Ă1", "\xff1"} {
		f.Add(s, false)
	}
	inv, err := Inventory()
	if err != nil {
		f.Fatal(err)
	}
	have := map[string]bool{}
	for _, e := range inv {
		have[e.Clip] = true
	}
	f.Fuzz(func(t *testing.T, number string, digits bool) {
		w, err := Ticket(number, North, digits)
		if err != nil {
			if !errors.Is(err, ErrBadNumber) {
				t.Fatalf("Ticket(%q): unexpected error %v", number, err)
			}
			return
		}
		for _, word := range w {
			if !have[Clip(word)] {
				t.Fatalf("Ticket(%q): word %q has no clip", number, word)
			}
		}
	})
}
