package config

import (
	"fmt"
	"log/slog"
	"net/netip"
	"os"
	"reflect"
	"strings"
	"testing"
	"time"
)

// env returns a getenv over a map.
func env(m map[string]string) func(string) string {
	return func(k string) string { return m[k] }
}

func TestFromEnvDefaults(t *testing.T) {
	got, err := FromEnv(env(nil))
	if err != nil {
		t.Fatalf("FromEnv: got error %v, want none", err)
	}
	want := Settings{
		Addr: ":8080", RedisURL: "redis://127.0.0.1:6379/0", ConfigPath: "config/binhduong.yaml",
		PublicURL: "http://localhost:8080", LogLevel: "info", LogFormat: "text",
		SessionTTL: 12 * time.Hour, TicketTTL: 35 * 24 * time.Hour, ArchiveDir: "data/archive",
		Edge: Edge{ReadTimeout: 10 * time.Second, WriteTimeout: 30 * time.Second, IdleTimeout: time.Minute,
			MaxConns: 20_000, MaxConnsPerIP: 256},
		Notify: Notify{Notify: "log"},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %+v, want %+v", got, want)
	}
}

func TestFromEnvValues(t *testing.T) {
	got, err := FromEnv(env(map[string]string{
		"LUOT_ADDR":            "127.0.0.1:9000",
		"REDIS_URL":            "unix:///run/redis/redis.sock",
		"LUOT_CONFIG":          "/etc/luot/org.yaml",
		"LUOT_ADMIN_PASSWORD":  " secret with spaces ",
		"LUOT_PUBLIC_URL":      "https://luot.binhduong.gov.vn/",
		"LUOT_LOG_LEVEL":       "DEBUG",
		"LUOT_LOG_FORMAT":      "json",
		"LUOT_SESSION_TTL":     "90m",
		"LUOT_TICKET_TTL_DAYS": "7",
		"LUOT_ARCHIVE_DIR":     "/var/lib/luot",
		"LUOT_TRUST_PROXY":     "true",
		"LUOT_ALWAYS_OPEN":     "1",
		"LUOT_LOADGEN_TOKEN":   " tok ",
	}))
	if err != nil {
		t.Fatalf("FromEnv: got error %v, want none", err)
	}
	want := Settings{
		Addr: "127.0.0.1:9000", RedisURL: "unix:///run/redis/redis.sock", ConfigPath: "/etc/luot/org.yaml",
		AdminPassword: " secret with spaces ", PublicURL: "https://luot.binhduong.gov.vn", LogLevel: "debug",
		LogFormat: "json", SessionTTL: 90 * time.Minute, TicketTTL: 7 * 24 * time.Hour,
		ArchiveDir: "/var/lib/luot", TrustProxy: true, AlwaysOpen: true, LoadgenToken: "tok",
		Edge: Edge{ReadTimeout: 10 * time.Second, WriteTimeout: 30 * time.Second, IdleTimeout: time.Minute,
			MaxConns: 20_000, MaxConnsPerIP: 256},
		Notify: Notify{Notify: "log"},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %+v, want %+v", got, want)
	}
	if !reflect.DeepEqual(got.Proxies(), PrivateNetworks) {
		t.Errorf("LUOT_TRUST_PROXY=true: got proxies %v, want the private networks", got.Proxies())
	}
}

func TestFromEnvErrors(t *testing.T) {
	tests := []struct {
		name, value, want string
	}{
		{"LUOT_ADDR", "8080", "LUOT_ADDR: "},
		{"LUOT_ADDR", ":http-alt", "LUOT_ADDR: "},
		{"REDIS_URL", "127.0.0.1:6379", "REDIS_URL: "},
		{"REDIS_URL", "http://127.0.0.1:6379", `REDIS_URL: scheme "http"`},
		{"REDIS_URL", "redis:///0", "REDIS_URL: no host"},
		{"REDIS_URL", "redis://h:6379/x", "REDIS_URL: the path must be a database number"},
		{"REDIS_URL", "unix://", "REDIS_URL: no socket path"},
		{"LUOT_PUBLIC_URL", "localhost:8080", "LUOT_PUBLIC_URL: "},
		{"LUOT_PUBLIC_URL", "ftp://x", "LUOT_PUBLIC_URL: "},
		{"LUOT_PUBLIC_URL", "/relative", "LUOT_PUBLIC_URL: "},
		{"LUOT_LOG_LEVEL", "verbose", "LUOT_LOG_LEVEL: "},
		{"LUOT_LOG_FORMAT", "xml", "LUOT_LOG_FORMAT: "},
		{"LUOT_SESSION_TTL", "12", "LUOT_SESSION_TTL: "},
		{"LUOT_SESSION_TTL", "-1h", "LUOT_SESSION_TTL: "},
		{"LUOT_TICKET_TTL_DAYS", "35d", "LUOT_TICKET_TTL_DAYS: "},
		{"LUOT_TICKET_TTL_DAYS", "0", "LUOT_TICKET_TTL_DAYS: "},
		{"LUOT_TRUST_PROXY", "yes", "LUOT_TRUST_PROXY: "},
		{"LUOT_ALWAYS_OPEN", "yes", "LUOT_ALWAYS_OPEN: "},
		{"LUOT_READ_TIMEOUT", "10", "LUOT_READ_TIMEOUT: "},
		{"LUOT_READ_TIMEOUT", "0s", "LUOT_READ_TIMEOUT: "},
		{"LUOT_WRITE_TIMEOUT", "2h", "LUOT_WRITE_TIMEOUT: "},
		{"LUOT_IDLE_TIMEOUT", "soon", "LUOT_IDLE_TIMEOUT: "},
		{"LUOT_MAX_CONNS", "0", "LUOT_MAX_CONNS: "},
		{"LUOT_MAX_CONNS", "many", "LUOT_MAX_CONNS: "},
		{"LUOT_MAX_CONNS_PER_IP", "-1", "LUOT_MAX_CONNS_PER_IP: "},
		{"LUOT_MAX_CONNS_PER_IP", "30000", "LUOT_MAX_CONNS_PER_IP: 30000 is more than LUOT_MAX_CONNS"},
		{"LUOT_TRUSTED_PROXIES", "10.0.0.0/33", "LUOT_TRUSTED_PROXIES: "},
		{"LUOT_TRUSTED_PROXIES", "proxy.local", "LUOT_TRUSTED_PROXIES: "},
		{"LUOT_METRICS_ALLOW", "10.0.0.1/8/8", "LUOT_METRICS_ALLOW: "},
	}
	for _, tt := range tests {
		_, err := FromEnv(env(map[string]string{tt.name: tt.value}))
		if err == nil || !strings.HasPrefix(err.Error(), tt.want) {
			t.Errorf("%s=%q: got error %v, want it to start with %q", tt.name, tt.value, err, tt.want)
		}
	}
}

func TestFromEnvErrorsHideRedisPassword(t *testing.T) {
	_, err := FromEnv(env(map[string]string{"REDIS_URL": "redis://:hunter2@host:port/0", "LUOT_LOG_LEVEL": "x"}))
	if err == nil || strings.Contains(err.Error(), "hunter2") || !strings.Contains(err.Error(), "LUOT_LOG_LEVEL") {
		t.Errorf("got error %v, want both variables named and no password", err)
	}
}

func TestRedacted(t *testing.T) {
	s, err := FromEnv(env(map[string]string{
		"LUOT_ADMIN_PASSWORD": "hunter2",
		"LUOT_LOADGEN_TOKEN":  "hunter2",
		"REDIS_URL":           "rediss://user:hunter2@redis.local:6380/1?password=hunter2",
	}))
	if err != nil {
		t.Fatal(err)
	}
	attrs := map[string]string{}
	for _, a := range s.Redacted() {
		attr := a.(slog.Attr)
		attrs[attr.Key] = attr.Value.String()
	}
	if got := fmt.Sprint(attrs); strings.Contains(got, "hunter2") {
		t.Errorf("got %s, want no password", got)
	}
	if got := attrs["loadgen_token"]; got != "***" {
		t.Errorf("loadgen_token: got %q, want ***", got)
	}
	if got := attrs["admin_password"]; got != "***" {
		t.Errorf("admin_password: got %q, want ***", got)
	}
	if got, want := attrs["redis_url"], "rediss://user:***@redis.local:6380/1?password=***"; got != want {
		t.Errorf("redis_url: got %q, want %q", got, want)
	}
	if got := attrs["session_ttl"]; got != "12h0m0s" {
		t.Errorf("session_ttl: got %q, want 12h0m0s", got)
	}
	unset, _ := FromEnv(env(nil))
	for _, a := range unset.Redacted() {
		if attr := a.(slog.Attr); attr.Key == "admin_password" && attr.Value.String() != "" {
			t.Errorf("admin_password unset: got %q, want empty", attr.Value)
		}
	}
}

// TestExampleEnv keeps config/example.env complete: it sets every variable FromEnv reads,
// each to its default, with a comment line above it.
func TestExampleEnv(t *testing.T) {
	data, err := os.ReadFile("example.env")
	if err != nil {
		t.Fatal(err)
	}
	vars := map[string]string{}
	lines := strings.Split(string(data), "\n")
	for i, line := range lines {
		k, v, ok := strings.Cut(line, "=")
		if !ok || strings.HasPrefix(line, "#") {
			continue
		}
		vars[k] = v
		if i == 0 || !strings.HasPrefix(lines[i-1], "# ") {
			t.Errorf("example.env: %s has no comment line above it", k)
		}
	}
	read := map[string]bool{}
	FromEnv(func(k string) string { read[k] = true; return "" })
	for k := range read {
		if _, ok := vars[k]; !ok {
			t.Errorf("example.env: got no %s, want every variable FromEnv reads", k)
		}
	}
	for k := range vars {
		if !read[k] {
			t.Errorf("example.env: got %s, which FromEnv does not read", k)
		}
	}
	got, err := FromEnv(env(vars))
	if want, _ := FromEnv(env(nil)); err != nil || !reflect.DeepEqual(got, want) {
		t.Errorf("example.env: got %+v, %v; want the defaults %+v", got, err, want)
	}
}

func TestFromEnvEdge(t *testing.T) {
	got, err := FromEnv(env(map[string]string{
		"LUOT_READ_TIMEOUT":     "5s",
		"LUOT_WRITE_TIMEOUT":    "20s",
		"LUOT_IDLE_TIMEOUT":     "2m",
		"LUOT_MAX_CONNS":        "1000",
		"LUOT_MAX_CONNS_PER_IP": "50",
		"LUOT_TRUST_PROXY":      "true", // the named proxies win over the private networks
		"LUOT_TRUSTED_PROXIES":  " 10.1.2.3, 2001:db8::/32 ,::ffff:192.0.2.0/120",
		"LUOT_METRICS_ALLOW":    "127.0.0.1/8",
		"LUOT_METRICS_TOKEN":    "s3cret",
	}))
	if err != nil {
		t.Fatal(err)
	}
	want := Edge{ReadTimeout: 5 * time.Second, WriteTimeout: 20 * time.Second, IdleTimeout: 2 * time.Minute,
		MaxConns: 1000, MaxConnsPerIP: 50,
		TrustedProxies: []netip.Prefix{netip.MustParsePrefix("10.1.2.3/32"), netip.MustParsePrefix("2001:db8::/32"), netip.MustParsePrefix("192.0.2.0/24")},
		MetricsAllow:   []netip.Prefix{netip.MustParsePrefix("127.0.0.0/8")}, MetricsToken: "s3cret"}
	if !reflect.DeepEqual(got.Edge, want) {
		t.Errorf("got %+v, want %+v", got.Edge, want)
	}
	if !reflect.DeepEqual(got.Proxies(), want.TrustedProxies) {
		t.Errorf("named proxies: got %v, want them rather than the private networks", got.Proxies())
	}
	attrs := fmt.Sprint(got.Redacted())
	if strings.Contains(attrs, "s3cret") || !strings.Contains(attrs, "metrics_token=***") {
		t.Errorf("redacted: got %s, want the metrics token hidden", attrs)
	}
	if zero := (Edge{}).WithDefaults(); !reflect.DeepEqual(zero, defaultEdge) {
		t.Errorf("WithDefaults of nothing: got %+v, want %+v", zero, defaultEdge)
	}
}
