package live

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"luot/config"
	"luot/server/queue"
)

// TestProjectEvent: the public projection of a full event keeps what a hall shows (number,
// service, status, a priority flag, the counter's number) and drops every id, name, actor
// and free text, whatever the event holds.
func TestProjectEvent(t *testing.T) {
	site := &config.Site{ID: "centre", Counters: []config.Counter{{ID: "q1", Number: 7, Name: "Quầy 7"}}}
	str := func(s string) *string { return &s }
	at := time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)
	tk := &queue.Ticket{ID: "centre.secretsecretsecret", Number: "A023", Site: "centre", Service: "dat-dai",
		Priority: "elderly", Status: queue.Called, Channel: queue.Kiosk, IssuedAt: at, CalledAt: &at,
		Counter: str("q1"), Officer: str("lan"), PriorityBy: "lan", Reserved: "q1"}
	e := &queue.Event{ID: "1-0", Type: queue.EvPaused, Site: "centre", At: at, By: "lan", Detail: "họp riêng",
		Ticket: tk, Waiting: map[string]int{"dat-dai": 3},
		Counter: &queue.Counter{ID: "q1", Number: 7, Name: "Quầy 7", Services: []string{"dat-dai"}, State: queue.Paused,
			Officer: str("lan"), Ticket: tk, Reason: "họp riêng", Since: &at, OfficerName: "Nguyễn Thị Lan"}}
	data, err := json.Marshal(ProjectEvent(site, e))
	if err != nil {
		t.Fatal(err)
	}
	const want = `{"id":"1-0","type":"counter.paused","site":"centre","at":"2026-11-23T09:00:00Z",` +
		`"ticket":{"number":"A023","service":"dat-dai","status":"called","priority":true,"counter_number":7},` +
		`"counter":{"id":"q1","number":7,"name":"Quầy 7","services":["dat-dai"],"state":"paused",` +
		`"ticket":{"number":"A023","service":"dat-dai","status":"called","priority":true,"counter_number":7}},` +
		`"waiting":{"dat-dai":3}}`
	if string(data) != want {
		t.Fatalf("got\n%s\nwant\n%s", data, want)
	}
	for _, leak := range []string{"secret", "lan", "Lan", "họp", "kiosk"} {
		if strings.Contains(string(data), leak) {
			t.Errorf("the projection carries %q", leak)
		}
	}

	// a waiting ticket has no counter; a counter unknown to the configuration has no number
	tk2 := &queue.Ticket{Number: "B001", Service: "ho-tich", Status: queue.Waiting, Counter: str("gone")}
	got, _ := json.Marshal(ProjectTicket(site, tk2))
	if want := `{"number":"B001","service":"ho-tich","status":"waiting","priority":false,"counter_number":null}`; string(got) != want {
		t.Errorf("got %s, want %s", got, want)
	}
	if ProjectTicket(site, nil) != nil || ProjectCounter(site, nil) != nil {
		t.Error("nil projects to something")
	}
}

// TestProjectSite: the public site keeps the view's fields and replaces its counters.
func TestProjectSite(t *testing.T) {
	site := &config.Site{ID: "centre", Counters: []config.Counter{{ID: "q1", Number: 1}}}
	officer := "lan"
	v := &queue.SiteView{SiteInfo: queue.SiteInfo{ID: "centre", Name: "Trung tâm"}, LastEvent: "5-0", OpenNow: true,
		Counters: []*queue.Counter{{ID: "q1", Number: 1, State: queue.Open, Officer: &officer, OfficerName: "Cán bộ Lan"}}}
	data, err := json.Marshal(ProjectSite(site, v))
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	json.Unmarshal(data, &m)
	if m["id"] != "centre" || m["last_event"] != "5-0" || m["open_now"] != true {
		t.Errorf("the view's fields are lost: %s", data)
	}
	if strings.Contains(string(data), "lan") || strings.Contains(string(data), "Lan") {
		t.Errorf("the public site names the officer: %s", data)
	}
}
