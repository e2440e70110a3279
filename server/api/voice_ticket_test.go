package api_test

import (
	"strings"
	"testing"

	"luot/config"
	"luot/server/internal/testenv"
	"luot/server/internal/testserver"
)

// TestVoiceTicket: for=ticket answers the kiosk's sentence of a ticket just issued, in the
// site's number reading, without a counter; another value of for is a 400.
func TestVoiceTicket(t *testing.T) {
	org, err := config.Parse([]byte(strings.Replace(testenv.OrgYAML, "    kind: point\n", "    kind: point\n    number_reading: digits\n", 1)), "test.yaml")
	if err != nil {
		t.Fatal(err)
	}
	s := testserver.StartWith(t, testenv.NewWith(t, org))
	for _, tt := range []struct{ site, text, clips string }{
		{"centre", "Số của quý vị là A không trăm hai mươi ba", "soos cuar quys vij laf a khoong trawm hai muwowi ba"},
		{"point", "Số của quý vị là A không hai ba", "soos cuar quys vij laf a khoong hai ba"},
	} {
		var v voiceAnswer
		s.Do(t, "", "GET", "/api/v1/voice?for=ticket&number=A023&site="+tt.site, nil, 200, &v)
		if v.Text != tt.text || strings.Join(v.Clips, " ") != tt.clips || v.NumberAt[0] != 5 {
			t.Errorf("%s: got %q, clips %q, number at %v; want %q, %q, from 5", tt.site, v.Text, v.Clips, v.NumberAt, tt.text, tt.clips)
		}
	}
	s.Do(t, "", "GET", "/api/v1/voice?for=display&number=A023", nil, 400, nil)
	s.Do(t, "", "GET", "/api/v1/voice?for=ticket&number=A-1", nil, 400, nil)
}
