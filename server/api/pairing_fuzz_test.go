package api_test

import (
	"encoding/json"
	"testing"

	"luot/server/queue"
)

// FuzzPairBody: whatever a device's pairing screen sends, the answer is 200 with a token of
// the device the code names, or a contract error (400, 413, 429), never a 500.
func FuzzPairBody(f *testing.F) {
	h := fuzzHarness(f)
	admin := h.user(f, "admin", queue.RoleAdmin)
	id, _, code := h.newDevice(f, admin, "centre", "display", "")
	for _, s := range fuzzSeeds {
		f.Add([]byte(s))
	}
	for _, s := range []string{
		`{"code":"` + code + `","kind":"display"}`,
		`{"code":"` + code[:3] + " " + code[3:] + `","kind":"display"}`,
		`{"code":"` + code + `","kind":"kiosk"}`,
		`{"code":"000000","kind":"rating"}`,
		`{"code":"0000000","kind":"kiosk"}`,
		`{"code":"٠١٢٣٤٥","kind":"kiosk"}`,
		`{"code":"12345*","kind":"kiosk"}`,
		`{"code":123456,"kind":"kiosk"}`,
		`{"code":"123456","kind":["kiosk"]}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		r, err := h.send(req{method: "POST", path: "/api/v1/devices/pair", body: body})
		if err != nil {
			t.Fatal(err)
		}
		checkAnswer(t, body, r, 200, 400, 413, 429)
		if r.status == 200 {
			var a pairAnswer
			if err := json.Unmarshal(r.body, &a); err != nil || a.Token == "" || a.Device.ID != id {
				t.Fatalf("body %.200q: 200 with %s, want the token of %s", body, r.body, id)
			}
		}
	})
}
