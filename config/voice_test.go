package config

import (
	"strings"
	"testing"
)

// TestNumberReadingPerSite: a site reads its ticket numbers as the organisation does unless
// it says otherwise.
func TestNumberReadingPerSite(t *testing.T) {
	o := mustParse(t, doc(map[int]string{
		1:  "name: Test\nnumber_reading: digits",
		17: "    kind: point\n    number_reading: number",
	}))
	if o.NumberReading != ReadingDigits || o.Site("c").NumberReading != ReadingDigits || o.Site("p").NumberReading != ReadingNumber {
		t.Errorf("org %q, centre %q, point %q; want digits, digits (the org's), number (its own)",
			o.NumberReading, o.Site("c").NumberReading, o.Site("p").NumberReading)
	}
	if o := mustParse(t, doc(nil)); o.Site("c").NumberReading != ReadingNumber {
		t.Errorf("default: got %q, want number", o.Site("c").NumberReading)
	}
}

// TestPrefixesHeard: D and V are one sound in the South only, so a northern organisation may
// give them to one site; prefixes of different sites never clash; G "gờ" and D "dê" are
// told apart everywhere.
func TestPrefixesHeard(t *testing.T) {
	dv := map[int]string{
		5: `  - {id: dat-dai, name: Đất đai, prefix: D, minutes: 15}`,
		6: `  - {id: ho-tich, name: Hộ tịch, prefix: V, minutes: 8}`,
	}
	dv[1] = "name: Test\ndialect: north"
	mustParse(t, doc(dv))

	// the point offers only ho-tich: V alone is fine there, the centre has the pair
	dv[1] = "name: Test\ndialect: south"
	_, err := Parse(doc(dv), "x.yaml")
	if err == nil || strings.Count(err.Error(), "sound alike") != 1 || !strings.Contains(err.Error(), "sites[0].services") {
		t.Errorf("south D and V: got %v, want one error at sites[0].services", err)
	}

	mustParse(t, doc(map[int]string{
		5: `  - {id: dat-dai, name: Đất đai, prefix: D, minutes: 15}`,
		6: `  - {id: ho-tich, name: Hộ tịch, prefix: G, minutes: 8}`,
	}))
}
