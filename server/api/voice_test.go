package api_test

import (
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"luot/config"
	"luot/server/internal/testenv"
	"luot/server/internal/testserver"
	"luot/server/voice"
)

type voicePart struct {
	Clips    []string
	NumberAt [2]int `json:"number_at"`
	Text     string
}

type voiceAnswer struct {
	Words    []string
	Clips    []string
	Text     string
	NumberAt [2]int `json:"number_at"`
	Again    voicePart
	Short    voicePart
	Lead     voicePart
	Chime    string
	Repeat   int
	Base     string
	Ext      string
	Reading  string
}

// TestVoiceCall: the words of a call in the organisation's wording, and a clip for each.
func TestVoiceCall(t *testing.T) {
	s := testserver.Start(t)
	var v voiceAnswer
	s.Do(t, "", "GET", "/api/v1/voice?number=A023&counter=5", nil, 200, &v)
	if want := "Mời công dân có số thứ tự A không trăm hai mươi ba đến quầy số năm"; v.Text != want {
		t.Errorf("text: got %q, want %q", v.Text, want)
	}
	if strings.Join(v.Words, " ") != "mời công dân có số thứ tự a không trăm hai mươi ba đến quầy số năm" || len(v.Clips) != len(v.Words) {
		t.Errorf("words %q, clips %q", v.Words, v.Clips)
	}
	if v.Repeat != 1 || v.Chime != "chime" || v.Base != "/assets/voice/vi/" || v.Ext != ".opus" || v.Reading != "number" {
		t.Errorf("got repeat %d, chime %q, base %q, ext %q, reading %q", v.Repeat, v.Chime, v.Base, v.Ext, v.Reading)
	}
	if v.NumberAt != [2]int{7, 13} || v.Again.Text != "A không trăm hai mươi ba đến quầy số năm" || v.Short.Text != "A không trăm hai mươi ba, quầy năm" || len(v.Lead.Clips) != 7 {
		t.Errorf("number at %v, again %q, short %q, lead %q", v.NumberAt, v.Again.Text, v.Short.Text, v.Lead.Clips)
	}
	// every clip any call can need is served, not only this call's
	inv, err := voice.Inventory(s.Org.Announcement)
	if err != nil {
		t.Fatal(err)
	}
	clips := []string{v.Chime}
	for _, e := range inv {
		clips = append(clips, e.Clip)
	}
	for _, clip := range clips {
		res, err := http.Get(s.URL + v.Base + clip + v.Ext)
		if err != nil {
			t.Fatal(err)
		}
		head, _ := io.ReadAll(io.LimitReader(res.Body, 4))
		res.Body.Close()
		if res.StatusCode != 200 || string(head) != "OggS" {
			t.Errorf("clip %s: status %d, starts %q; want 200 and an Ogg file", clip, res.StatusCode, head)
		}
	}
}

// TestVoiceCallSiteReading: a site that reads numbers digit by digit gets its own reading,
// the others the organisation's; an unknown site is a 404.
func TestVoiceCallSiteReading(t *testing.T) {
	s := startDigitsPoint(t)
	for _, tt := range []struct{ site, text, reading string }{
		{"point", "Mời công dân có số thứ tự A không hai ba đến quầy số năm", "digits"},
		{"centre", "Mời công dân có số thứ tự A không trăm hai mươi ba đến quầy số năm", "number"},
		{"", "Mời công dân có số thứ tự A không trăm hai mươi ba đến quầy số năm", "number"},
	} {
		var v voiceAnswer
		s.Do(t, "", "GET", "/api/v1/voice?number=A023&counter=5&site="+tt.site, nil, 200, &v)
		if v.Text != tt.text || v.Reading != tt.reading {
			t.Errorf("site %q: got %q (%s), want %q (%s)", tt.site, v.Text, v.Reading, tt.text, tt.reading)
		}
	}
	s.Do(t, "", "GET", "/api/v1/voice?number=A023&counter=5&site=nowhere", nil, 404, nil)
}

// TestVoiceCallBadInput: a clear 400 from the error table, in the caller's language.
func TestVoiceCallBadInput(t *testing.T) {
	s := testserver.Start(t)
	for _, q := range []string{
		"", "number=&counter=1", "number=A-1&counter=1", "number=ABC1&counter=1", "number=A1234567890&counter=1",
		"number=A1&counter=", "number=A1&counter=-1", "number=A1&counter=x", "number=A1&counter=10000",
		"number=%C4%82001&counter=1", "number=A1&counter=1e3",
	} {
		var e struct {
			Error struct{ Code, Message string }
		}
		s.Do(t, "", "GET", "/api/v1/voice?"+q, nil, 400, &e)
		if e.Error.Code != "bad_request" || e.Error.Message == "" {
			t.Errorf("%s: got %+v, want bad_request with a message", q, e.Error)
		}
	}
	req, _ := http.NewRequest("GET", s.URL+"/api/v1/voice?number=A-1&counter=1", nil)
	req.Header.Set("Accept-Language", "en")
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if !strings.Contains(string(body), "Invalid ticket number") {
		t.Errorf("English message: got %s", body)
	}
}

// TestCounterDisplayRoute: /display/counter/{counter} is the counter display's page.
func TestCounterDisplayRoute(t *testing.T) {
	s := testserver.Start(t)
	res, err := http.Get(s.URL + "/display/counter/q1?site=centre")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != 200 || !strings.Contains(string(body), "/display/counter.js") || !strings.HasPrefix(res.Header.Get("Content-Type"), "text/html") {
		t.Errorf("got %d %s %.80s", res.StatusCode, res.Header.Get("Content-Type"), body)
	}
}

// FuzzVoiceCall: whatever the query (number, counter, site), the answer is 200 or a 4xx with
// the error body, never a 500.
func FuzzVoiceCall(f *testing.F) {
	s := testserver.Start(f)
	for _, seed := range [][3]string{{"A023", "5", ""}, {"", "", "centre"}, {"HK1000", "9999", "point"}, {"Z", "-0", "nowhere"}, {"A\x00", "1", "\x00"}, {"a1", "010", "centre/../x"}} {
		f.Add(seed[0], seed[1], seed[2])
	}
	f.Fuzz(func(t *testing.T, number, counter, site string) {
		q := url.Values{"number": {number}, "counter": {counter}, "site": {site}}.Encode()
		res, err := http.Get(s.URL + "/api/v1/voice?" + q)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(res.Body)
		res.Body.Close()
		switch {
		case res.StatusCode == 200:
		case res.StatusCode >= 400 && res.StatusCode < 500: // 400, 404 for an unknown site, or 431 for a query too long
			if !strings.Contains(string(body), `"code":"bad_request"`) && !strings.Contains(string(body), `"code":"not_found"`) {
				t.Fatalf("%s: %d without the error body: %s", q, res.StatusCode, body)
			}
		default:
			t.Fatalf("%s: status %d %s", q, res.StatusCode, body)
		}
	})
}

// TestVoiceTicket: for=ticket answers the kiosk's sentence of a ticket just issued, in the
// site's number reading, without a counter; another value of for is a 400.
func TestVoiceTicket(t *testing.T) {
	s := startDigitsPoint(t)
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

// startDigitsPoint starts the whole server on the test organisation, its point reading
// numbers digit by digit (number_reading: digits) and its centre as the organisation does.
func startDigitsPoint(t *testing.T) *testserver.Server {
	t.Helper()
	org, err := config.Parse([]byte(strings.Replace(testenv.OrgYAML, "    kind: point\n", "    kind: point\n    number_reading: digits\n", 1)), "test.yaml")
	if err != nil {
		t.Fatal(err)
	}
	return testserver.StartWith(t, testenv.NewWith(t, org))
}
