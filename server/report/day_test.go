package report

import (
	"reflect"
	"testing"

	"luot/server/queue"
)

func TestDayRoundTrip(t *testing.T) {
	d := DayOf([]Record{
		{Service: "a", Counter: "q1", Officer: "o", Hour: 9, Status: queue.Done, WaitMs: 61_000, ServiceMs: 5_000, Rating: "satisfied"},
		{Service: "b", Hour: 14, Status: queue.Waiting, WaitMs: -1, ServiceMs: -1},
	})
	stored, err := d.Encode()
	if err != nil {
		t.Fatal(err)
	}
	if len(stored) != len(Fields) {
		t.Errorf("got fields %v", stored)
	}
	back, err := DecodeDay(stored)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(back, d) {
		t.Errorf("round trip:\n got %+v\nwant %+v", back, d)
	}
	if back.Hour["09"].WaitHist[2] != 1 || back.Counter[""].Issued != 1 {
		t.Errorf("splits: got %+v", back)
	}
	only, err := DecodeDay(map[string][]byte{FieldTotal: stored[FieldTotal]})
	if err != nil || only.Total.Issued != 2 || len(only.Service) != 0 {
		t.Errorf("total only: got %+v, %v", only, err)
	}
	if _, err := DecodeDay(map[string][]byte{FieldService: []byte("{not json")}); err == nil {
		t.Error("a damaged aggregate decodes")
	}
}

// FuzzDecodeDay: a stored aggregate, however damaged, decodes or fails, never panics.
func FuzzDecodeDay(f *testing.F) {
	f.Add([]byte(`{"issued":1,"wait_hist":{"3":1}}`), []byte(`{"a":{"issued":2}}`))
	f.Add([]byte(`null`), []byte(`[]`))
	f.Fuzz(func(t *testing.T, total, split []byte) {
		d, err := DecodeDay(map[string][]byte{FieldTotal: total, FieldCounter: split})
		if err == nil {
			RowOf("k", &d.Total, []string{"a", "b"})
			for _, a := range d.Counter {
				if a != nil {
					a.P90()
				}
			}
		}
	})
}
