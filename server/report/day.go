package report

import (
	"encoding/json"
	"fmt"
)

// The fields of a site's day aggregate as the rollup stores them: one JSON object each.
const (
	FieldTotal   = "total"
	FieldService = "service"
	FieldCounter = "counter"
	FieldOfficer = "officer"
	FieldHour    = "hour"
	FieldChannel = "channel"
)

// Fields lists every field of a stored day aggregate.
var Fields = []string{FieldTotal, FieldService, FieldCounter, FieldOfficer, FieldHour, FieldChannel}

// Day is one site's aggregate of one local day: the total and its split by service,
// counter, officer and hour of issue ("07").
type Day struct {
	Total   Agg
	Service map[string]*Agg
	Counter map[string]*Agg
	Officer map[string]*Agg
	Hour    map[string]*Agg
	Channel map[string]*Agg // kiosk, online, appointment, staff (record.go); empty in days rolled up before it
}

// NewDay returns an empty day.
func NewDay() *Day {
	return &Day{Service: map[string]*Agg{}, Counter: map[string]*Agg{}, Officer: map[string]*Agg{}, Hour: map[string]*Agg{},
		Channel: map[string]*Agg{}}
}

// DayOf aggregates the records of one site and day.
func DayOf(records []Record) *Day {
	d := NewDay()
	for _, r := range records {
		d.Add(r)
	}
	return d
}

// Add counts one record in the total and in each split.
func (d *Day) Add(r Record) {
	d.Total.Add(r)
	add(d.Service, r.Service, r)
	add(d.Counter, r.Counter, r)
	add(d.Officer, r.Officer, r)
	add(d.Hour, fmt.Sprintf("%02d", r.Hour), r)
	add(d.Channel, cmpOr(r.Channel, ChannelKiosk), r)
}

func cmpOr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

func add(m map[string]*Agg, key string, r Record) {
	a := m[key]
	if a == nil {
		a = &Agg{}
		m[key] = a
	}
	a.Add(r)
}

// split returns the split of a field (nil for the total).
func (d *Day) split(field string) map[string]*Agg {
	switch field {
	case FieldService:
		return d.Service
	case FieldCounter:
		return d.Counter
	case FieldOfficer:
		return d.Officer
	case FieldHour:
		return d.Hour
	case FieldChannel:
		return d.Channel
	}
	return nil
}

// Encode returns the stored form: field → JSON.
func (d *Day) Encode() (map[string][]byte, error) {
	out := make(map[string][]byte, len(Fields))
	for _, f := range Fields {
		var v any = d.split(f)
		if f == FieldTotal {
			v = &d.Total
		}
		b, err := json.Marshal(v)
		if err != nil {
			return nil, fmt.Errorf("encode %s: %w", f, err)
		}
		out[f] = b
	}
	return out, nil
}

// DecodeDay reads the stored form back; fields that are absent stay empty, so a caller may
// read only the fields it needs.
func DecodeDay(stored map[string][]byte) (*Day, error) {
	d := NewDay()
	for f, b := range stored {
		if len(b) == 0 {
			continue
		}
		var err error
		if f == FieldTotal {
			err = json.Unmarshal(b, &d.Total)
		} else if m := d.split(f); m != nil {
			err = json.Unmarshal(b, &m)
		}
		if err != nil {
			return nil, fmt.Errorf("decode aggregate %s: %w", f, err)
		}
	}
	return d, nil
}
