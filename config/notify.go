package config

import (
	"log/slog"
	"net/url"
	"strings"
)

// Notify are the settings of the notifier (api.md, "Notifications").
type Notify struct {
	Notify       string // LUOT_NOTIFY: log (default) or webhook
	NotifyURL    string // LUOT_NOTIFY_URL: where webhook POSTs each message
	NotifySecret string // LUOT_NOTIFY_SECRET: the key of the X-Luot-Signature HMAC; secret
}

// readNotify reads the notifier's variables; bad reports a bad one.
func readNotify(getenv func(string) string, n *Notify, bad func(name, format string, args ...any)) {
	if v := strings.ToLower(strings.TrimSpace(getenv("LUOT_NOTIFY"))); v != "" {
		n.Notify = v
	}
	n.NotifyURL = strings.TrimSpace(getenv("LUOT_NOTIFY_URL"))
	n.NotifySecret = getenv("LUOT_NOTIFY_SECRET")
	switch n.Notify {
	case "log":
	case "webhook":
		if u, err := url.Parse(n.NotifyURL); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			bad("LUOT_NOTIFY_URL", "%q is not an absolute http(s) URL (LUOT_NOTIFY=webhook needs one)", n.NotifyURL)
		}
		if len(n.NotifySecret) < 16 {
			bad("LUOT_NOTIFY_SECRET", "needs at least 16 characters with LUOT_NOTIFY=webhook")
		}
	default:
		bad("LUOT_NOTIFY", "%q is not log or webhook", n.Notify)
	}
}

// redacted is the notifier's settings for the start-up log, the secret hidden.
func (n Notify) redacted() []any {
	secret := ""
	if n.NotifySecret != "" {
		secret = "***"
	}
	return []any{slog.String("notify", n.Notify), slog.String("notify_url", redactURL(n.NotifyURL)), slog.String("notify_secret", secret)}
}
