package config

import (
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// Settings are the server's settings from the environment; the defaults suit a developer's
// machine. See config/example.env for every variable.
type Settings struct {
	Addr          string        // LUOT_ADDR: listen address
	RedisURL      string        // REDIS_URL: redis://, rediss://, unix:///path, redis+cluster://…, redis+sentinel://…
	RedisReplicas int           // LUOT_REDIS_REPLICAS: replicas an acknowledged write waits for (WAIT)
	ConfigPath    string        // LUOT_CONFIG: the organisation file
	AdminPassword string        // LUOT_ADMIN_PASSWORD: creates or resets the user admin; secret
	PublicURL     string        // LUOT_PUBLIC_URL: absolute http(s) URL, no trailing slash
	LogLevel      string        // LUOT_LOG_LEVEL: debug, info, warn or error
	LogFormat     string        // LUOT_LOG_FORMAT: text or json
	SessionTTL    time.Duration // LUOT_SESSION_TTL: lifetime of a login session
	TicketTTL     time.Duration // LUOT_TICKET_TTL_DAYS: how long tickets stay in Redis
	ArchiveDir    string        // LUOT_ARCHIVE_DIR: where old days are archived
	TrustProxy    bool          // LUOT_TRUST_PROXY: take the client IP from X-Forwarded-For
	AlwaysOpen    bool          // LUOT_ALWAYS_OPEN: ignore opening hours (demos, tests, load tests)
	LoadgenToken  string        // LUOT_LOADGEN_TOKEN: the admin token of `luot loadgen`; secret
	Edge                        // timeouts, connection limits, trusted proxies, /metrics access: edge.go
	Notify                      // the notifier of citizens' messages: notify.go
}

// defaultSettings are the defaults, in one place.
var defaultSettings = Settings{
	Addr:       ":8080",
	RedisURL:   "redis://127.0.0.1:6379/0",
	ConfigPath: "config/binhduong.yaml",
	PublicURL:  "http://localhost:8080",
	LogLevel:   "info",
	LogFormat:  "text",
	SessionTTL: 12 * time.Hour,
	TicketTTL:  35 * 24 * time.Hour,
	ArchiveDir: "data/archive",
	Edge:       defaultEdge,
	Notify:     Notify{Notify: "log"},
}

// FromEnv reads the settings through getenv (os.Getenv in main, a map in tests). An empty
// variable takes its default. The error lists every bad variable by name.
func FromEnv(getenv func(string) string) (Settings, error) {
	s := defaultSettings
	var errs []error
	bad := func(name, format string, args ...any) {
		errs = append(errs, fmt.Errorf("%s: "+format, append([]any{name}, args...)...))
	}
	get := func(name string, dst *string) {
		if v := strings.TrimSpace(getenv(name)); v != "" {
			*dst = v
		}
	}
	get("LUOT_ADDR", &s.Addr)
	get("REDIS_URL", &s.RedisURL)
	get("LUOT_CONFIG", &s.ConfigPath)
	get("LUOT_PUBLIC_URL", &s.PublicURL)
	get("LUOT_LOG_LEVEL", &s.LogLevel)
	get("LUOT_LOG_FORMAT", &s.LogFormat)
	get("LUOT_ARCHIVE_DIR", &s.ArchiveDir)
	s.AdminPassword = getenv("LUOT_ADMIN_PASSWORD") // a secret is taken as it is
	s.LoadgenToken = strings.TrimSpace(getenv("LUOT_LOADGEN_TOKEN"))

	if _, port, err := net.SplitHostPort(s.Addr); err != nil || !validPort(port) {
		bad("LUOT_ADDR", "%q is not host:port (e.g. :8080)", s.Addr)
	}
	if _, err := ParseRedisURL(s.RedisURL); err != nil {
		bad("REDIS_URL", "%v", err) // never the URL itself: it may hold a password
	}
	if u, err := url.Parse(s.PublicURL); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" ||
		u.RawQuery != "" || u.Fragment != "" {
		bad("LUOT_PUBLIC_URL", "%q is not an absolute http(s) URL (e.g. https://luot.example.vn)", s.PublicURL)
	}
	s.PublicURL = strings.TrimRight(s.PublicURL, "/")
	s.LogLevel = strings.ToLower(s.LogLevel)
	switch s.LogLevel {
	case "debug", "info", "warn", "error":
	default:
		bad("LUOT_LOG_LEVEL", "%q is not debug, info, warn or error", s.LogLevel)
	}
	s.LogFormat = strings.ToLower(s.LogFormat)
	if s.LogFormat != "text" && s.LogFormat != "json" {
		bad("LUOT_LOG_FORMAT", "%q is not text or json", s.LogFormat)
	}
	if v := strings.TrimSpace(getenv("LUOT_SESSION_TTL")); v != "" {
		d, err := time.ParseDuration(v)
		if err != nil || d <= 0 {
			bad("LUOT_SESSION_TTL", "%q is not a positive duration (e.g. 12h, 90m)", v)
		}
		s.SessionTTL = d
	}
	if v := strings.TrimSpace(getenv("LUOT_TICKET_TTL_DAYS")); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > 3650 {
			bad("LUOT_TICKET_TTL_DAYS", "%q is not a whole number of days, 1..3650", v)
		}
		s.TicketTTL = time.Duration(n) * 24 * time.Hour
	}
	if v := strings.TrimSpace(getenv("LUOT_REDIS_REPLICAS")); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 || n > maxRedisReplicas {
			bad("LUOT_REDIS_REPLICAS", "%q is not a whole number of replicas, 0..%d", v, maxRedisReplicas)
		}
		s.RedisReplicas = n
	}
	if v := strings.TrimSpace(getenv("LUOT_TRUST_PROXY")); v != "" {
		b, err := strconv.ParseBool(v)
		if err != nil {
			bad("LUOT_TRUST_PROXY", "%q is not true or false", v)
		}
		s.TrustProxy = b
	}
	if v := strings.TrimSpace(getenv("LUOT_ALWAYS_OPEN")); v != "" {
		b, err := strconv.ParseBool(v)
		if err != nil {
			bad("LUOT_ALWAYS_OPEN", "%q is not 1 or 0", v)
		}
		s.AlwaysOpen = b
	}
	readEdge(getenv, &s.Edge, bad)
	readNotify(getenv, &s.Notify, bad)
	if err := errors.Join(errs...); err != nil {
		return Settings{}, err
	}
	return s, nil
}

// maxRedisReplicas bounds LUOT_REDIS_REPLICAS: more is a typo, not a deployment.
const maxRedisReplicas = 16

func validPort(p string) bool {
	n, err := strconv.Atoi(p)
	return err == nil && n >= 0 && n <= 65535
}

// Redacted returns the settings as slog attributes for the start-up log, with the admin
// password and the metrics token shown as "***" when set and the password of REDIS_URL hidden.
func (s Settings) Redacted() []any {
	pw, lt := "", ""
	if s.AdminPassword != "" {
		pw = "***"
	}
	if s.LoadgenToken != "" {
		lt = "***"
	}
	return append([]any{
		slog.String("addr", s.Addr),
		slog.String("redis_url", redactURL(s.RedisURL)),
		slog.Int("redis_replicas", s.RedisReplicas),
		slog.String("config", s.ConfigPath),
		slog.String("admin_password", pw),
		slog.String("public_url", s.PublicURL),
		slog.String("log_level", s.LogLevel),
		slog.String("log_format", s.LogFormat),
		slog.Duration("session_ttl", s.SessionTTL),
		slog.Duration("ticket_ttl", s.TicketTTL),
		slog.String("archive_dir", s.ArchiveDir),
		slog.Bool("trust_proxy", s.TrustProxy),
		slog.Bool("always_open", s.AlwaysOpen),
		slog.String("loadgen_token", lt),
		slog.String("trusted_proxies", networkList(s.Proxies())),
	}, append(s.Edge.redacted(), s.Notify.redacted()...)...)
}

// redactURL hides the password of a URL, in its user info or a password parameter.
func redactURL(raw string) string {
	const mark = "LUOTREDACTEDPASSWORD" // URL-safe, replaced by *** after encoding
	if t, err := ParseRedisURL(raw); err == nil && t.Kind != RedisSingle {
		return redactMulti(raw)
	}
	u, err := url.Parse(raw)
	if err != nil {
		return "***"
	}
	if u.User != nil {
		if _, ok := u.User.Password(); ok {
			u.User = url.UserPassword(u.User.Username(), mark)
		}
	}
	if q := u.Query(); q.Has("password") {
		q.Set("password", mark)
		u.RawQuery = q.Encode()
	}
	return strings.ReplaceAll(u.String(), mark, "***")
}

// redactMulti hides the password of a redis+cluster:// or redis+sentinel:// URL, whose
// several addresses net/url does not read.
func redactMulti(raw string) string {
	scheme, rest, _ := strings.Cut(raw, "://")
	hosts, path, hasPath := strings.Cut(rest, "/")
	if at := strings.LastIndex(hosts, "@"); at >= 0 {
		user, _, hasPW := strings.Cut(hosts[:at], ":")
		if hasPW {
			user += ":***"
		}
		hosts = user + "@" + hosts[at+1:]
	}
	if hasPath {
		hosts += "/" + path
	}
	return scheme + "://" + hosts
}
