package voice

import "testing"

func TestClip(t *testing.T) {
	tests := []struct{ word, want string }{
		{"mười", "muwowif"},
		{"mươi", "muwowi"},
		{"một", "mootj"},
		{"mốt", "moots"},
		{"lẻ", "ler"},
		{"linh", "linh"},
		{"ngàn", "nganf"},
		{"nghìn", "nghinf"},
		{"triệu", "trieeuj"},
		{"tỷ", "tyr"},
		{"năm", "nawm"},
		{"lăm", "lawm"},
		{"trăm", "trawm"},
		{"đến", "ddeens"},
		{"quầy", "quaayf"},
		{"thứ", "thuws"},
		{"tự", "tuwj"},
		{"e-lờ", "e-lowf"},
		{"Mời", "mowif"},
		{"mo\u0300\u031bi", "mowif"}, // NFD input
		{"ngã", "ngax"},
	}
	for _, tt := range tests {
		if got := Clip(tt.word); got != tt.want {
			t.Errorf("Clip(%q): got %q, want %q", tt.word, got, tt.want)
		}
	}
}

// TestInventoryDistinct: no two words of the inventory share a clip, and it holds every word
// of the default wording.
func TestInventoryDistinct(t *testing.T) {
	inv, err := Inventory("Mời công dân có số thứ tự {number} đến quầy số {counter}")
	if err != nil {
		t.Fatal(err)
	}
	words := map[string]string{}
	for _, e := range inv {
		if e.Clip == "" {
			t.Errorf("word %q has an empty clip name", e.Word)
		}
		if w, ok := words[e.Clip]; ok {
			t.Errorf("words %q and %q share clip %q", w, e.Word, e.Clip)
		}
		words[e.Clip] = e.Word
	}
	for _, w := range []string{"mời", "công", "dân", "có", "số", "thứ", "tự", "đến", "quầy", "mốt", "tư", "lăm", "lẻ", "linh", "ngàn", "nghìn", "hát", "e-lờ"} {
		if _, ok := words[Clip(w)]; !ok {
			t.Errorf("inventory lacks %q", w)
		}
	}
	if n := len(inv); n < 45 || n > 70 {
		t.Errorf("inventory has %d clips, want about 45–70", n)
	}
}
