package config

import "testing"

func TestParseSession(t *testing.T) {
	tests := []struct {
		in   string
		want Session
		ok   bool
	}{
		{"07:30-11:30", Session{450, 690}, true},
		{"00:00-24:00", Session{0, 1440}, true},
		{"13:30-17:00", Session{810, 1020}, true},
		{"7:30-11:30", Session{}, false},
		{"07:30-25:00", Session{}, false},
		{"07:60-08:00", Session{}, false},
		{"24:00-24:00", Session{}, false},
		{"08:00-08:00", Session{}, false},
		{"09:00-08:00", Session{}, false},
		{"24:01-24:02", Session{}, false},
		{"07:30 11:30", Session{}, false},
		{"07:30-11:3x", Session{}, false},
		{"", Session{}, false},
	}
	for _, tt := range tests {
		got, err := parseSession(tt.in)
		if got != tt.want || (err == nil) != tt.ok {
			t.Errorf("parseSession(%q): got %v, %v; want %v, ok %v", tt.in, got, err, tt.want, tt.ok)
		}
	}
}

func TestSessionString(t *testing.T) {
	tests := []struct {
		in   Session
		want string
	}{
		{Session{450, 690}, "07:30-11:30"},
		{Session{0, 1440}, "00:00-24:00"},
		{Session{810, 1020}, "13:30-17:00"},
	}
	for _, tt := range tests {
		if got := tt.in.String(); got != tt.want {
			t.Errorf("%#v.String(): got %q, want %q", tt.in, got, tt.want)
		}
		if back, err := parseSession(tt.want); err != nil || back != tt.in {
			t.Errorf("parseSession(%q): got %v, %v; want %v", tt.want, back, err, tt.in)
		}
	}
}
