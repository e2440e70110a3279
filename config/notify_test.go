package config

import (
	"fmt"
	"strings"
	"testing"
)

func TestNotifySettings(t *testing.T) {
	tests := []struct {
		env  map[string]string
		want string // part of the error, "" for none
	}{
		{map[string]string{}, ""},
		{map[string]string{"LUOT_NOTIFY": "log"}, ""},
		{map[string]string{"LUOT_NOTIFY": "webhook", "LUOT_NOTIFY_URL": "https://sms.example.vn/send", "LUOT_NOTIFY_SECRET": "0123456789abcdef"}, ""},
		{map[string]string{"LUOT_NOTIFY": "sms"}, `LUOT_NOTIFY: "sms" is not log or webhook`},
		{map[string]string{"LUOT_NOTIFY": "webhook", "LUOT_NOTIFY_SECRET": "0123456789abcdef"}, "LUOT_NOTIFY_URL"},
		{map[string]string{"LUOT_NOTIFY": "webhook", "LUOT_NOTIFY_URL": "https://sms.example.vn", "LUOT_NOTIFY_SECRET": "short"}, "LUOT_NOTIFY_SECRET"},
	}
	for _, tt := range tests {
		s, err := FromEnv(func(k string) string { return tt.env[k] })
		switch {
		case tt.want == "" && err != nil:
			t.Errorf("%v: got %v, want no error", tt.env, err)
		case tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want)):
			t.Errorf("%v: got %v, want %q", tt.env, err, tt.want)
		case tt.want == "" && tt.env["LUOT_NOTIFY"] == "" && s.Notify.Notify != "log":
			t.Errorf("default notifier %q, want log", s.Notify.Notify)
		}
	}
	s, _ := FromEnv(func(k string) string {
		return map[string]string{"LUOT_NOTIFY": "webhook", "LUOT_NOTIFY_URL": "https://sms.example.vn", "LUOT_NOTIFY_SECRET": "0123456789abcdef-secret"}[k]
	})
	if got := fmt.Sprint(s.Redacted()); strings.Contains(got, "0123456789abcdef") || !strings.Contains(got, "notify_secret=***") {
		t.Errorf("redacted settings show the secret or hide that it is set: %s", got)
	}
}
