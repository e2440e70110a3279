package pdf

import (
	"testing"
	"time"
)

// TestLayoutMeasures: the measuring pass draws nothing, learns the code pages the text needs,
// and is as tall as the drawing pass.
func TestLayoutMeasures(t *testing.T) {
	r := renderer(t)
	for _, c := range []struct {
		service string
		pages   uint32
	}{{"Đất đai", 1}, {"ỸỶ", 3}} {
		tk := Ticket{Site: "Trung tâm", Number: "A001", Service: c.service, Ahead: 1, WaitMin: 5, IssuedAt: time.Unix(0, 0), URL: "x"}
		qr, err := qrModules(tk.URL)
		if err != nil {
			t.Fatal(err)
		}
		k := &pen{fonts: r.fonts}
		layout(k, r.cleaned(tk), qr)
		if k.pages != c.pages || k.qrBox.w != 0 {
			t.Errorf("%q: pages %b, QR box %+v; want pages %b and nothing drawn", c.service, k.pages, k.qrBox, c.pages)
		}
		if k.y < 100 || k.y > 200 {
			t.Errorf("%q: measured %.1f mm, want a ticket of 100–200 mm", c.service, k.y)
		}
	}
}
