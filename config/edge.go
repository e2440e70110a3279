package config

import (
	"fmt"
	"log/slog"
	"net/netip"
	"strconv"
	"strings"
	"time"
)

// Edge are the settings of the server's edge: how long a connection may take to send a
// request, how many connections there may be, which proxies are trusted to name the client,
// and who may read /metrics. Every outsider holds a connection, so every one of these bounds
// what an outsider can cost.
type Edge struct {
	ReadTimeout   time.Duration // LUOT_READ_TIMEOUT: to receive a request's header and body
	WriteTimeout  time.Duration // LUOT_WRITE_TIMEOUT: to send an answer
	IdleTimeout   time.Duration // LUOT_IDLE_TIMEOUT: a kept-alive connection waiting for its next request
	MaxConns      int           // LUOT_MAX_CONNS: open connections in all (websockets included)
	MaxConnsPerIP int           // LUOT_MAX_CONNS_PER_IP: open connections of one client address
	// TrustedProxies are the networks of the reverse proxies whose X-Forwarded-For is
	// believed (LUOT_TRUSTED_PROXIES); see Settings.Proxies.
	TrustedProxies []netip.Prefix
	// MetricsAllow are the networks that may read /metrics (LUOT_METRICS_ALLOW; empty: any).
	MetricsAllow []netip.Prefix
	// MetricsToken, when set, must come as "Authorization: Bearer <token>" to read /metrics
	// (LUOT_METRICS_TOKEN); a secret.
	MetricsToken string
}

// defaultEdge are the defaults of the edge: a request has 10 s to arrive (a kiosk's is a few
// hundred bytes; a client that sends a header slowly to hold the connection is cut off), and
// one address may hold 256 connections (a ward's hall of devices behind one NAT, or the
// phones of a mobile carrier's shared address, stay far below it) of 20,000 in all.
var defaultEdge = Edge{
	ReadTimeout:   10 * time.Second,
	WriteTimeout:  30 * time.Second,
	IdleTimeout:   60 * time.Second,
	MaxConns:      20_000,
	MaxConnsPerIP: 256,
}

// PrivateNetworks are the proxies LUOT_TRUST_PROXY=true trusts when LUOT_TRUSTED_PROXIES
// names none: loopback and the private ranges, where a reverse proxy of the same host or LAN
// sits.
var PrivateNetworks = []netip.Prefix{
	netip.MustParsePrefix("127.0.0.0/8"),
	netip.MustParsePrefix("10.0.0.0/8"),
	netip.MustParsePrefix("172.16.0.0/12"),
	netip.MustParsePrefix("192.168.0.0/16"),
	netip.MustParsePrefix("::1/128"),
	netip.MustParsePrefix("fc00::/7"),
}

// Proxies are the networks of the trusted reverse proxies: LUOT_TRUSTED_PROXIES, or with
// LUOT_TRUST_PROXY=true and none named, PrivateNetworks.
func (s Settings) Proxies() []netip.Prefix {
	if len(s.TrustedProxies) == 0 && s.TrustProxy {
		return PrivateNetworks
	}
	return s.TrustedProxies
}

// WithDefaults fills the zero durations and limits with the defaults (settings built in
// tests name only what they need).
func (e Edge) WithDefaults() Edge {
	if e.ReadTimeout <= 0 {
		e.ReadTimeout = defaultEdge.ReadTimeout
	}
	if e.WriteTimeout <= 0 {
		e.WriteTimeout = defaultEdge.WriteTimeout
	}
	if e.IdleTimeout <= 0 {
		e.IdleTimeout = defaultEdge.IdleTimeout
	}
	if e.MaxConns <= 0 {
		e.MaxConns = defaultEdge.MaxConns
	}
	if e.MaxConnsPerIP <= 0 {
		e.MaxConnsPerIP = defaultEdge.MaxConnsPerIP
	}
	return e
}

// readEdge reads the edge's variables into e; bad reports a bad one by name.
func readEdge(getenv func(string) string, e *Edge, bad func(name, format string, args ...any)) {
	duration := func(name string, dst *time.Duration) {
		if v := strings.TrimSpace(getenv(name)); v != "" {
			d, err := time.ParseDuration(v)
			if err != nil || d < time.Second || d > time.Hour {
				bad(name, "%q is not a duration from 1s to 1h (e.g. 10s)", v)
			}
			*dst = d
		}
	}
	count := func(name string, dst *int) {
		if v := strings.TrimSpace(getenv(name)); v != "" {
			n, err := strconv.Atoi(v)
			if err != nil || n < 1 || n > 10_000_000 {
				bad(name, "%q is not a whole number from 1 to 10000000", v)
			}
			*dst = n
		}
	}
	networks := func(name string) []netip.Prefix {
		list, err := ParseNetworks(getenv(name))
		if err != nil {
			bad(name, "%v", err)
		}
		return list
	}
	duration("LUOT_READ_TIMEOUT", &e.ReadTimeout)
	duration("LUOT_WRITE_TIMEOUT", &e.WriteTimeout)
	duration("LUOT_IDLE_TIMEOUT", &e.IdleTimeout)
	count("LUOT_MAX_CONNS", &e.MaxConns)
	count("LUOT_MAX_CONNS_PER_IP", &e.MaxConnsPerIP)
	if e.MaxConnsPerIP > e.MaxConns {
		bad("LUOT_MAX_CONNS_PER_IP", "%d is more than LUOT_MAX_CONNS (%d)", e.MaxConnsPerIP, e.MaxConns)
	}
	e.TrustedProxies = networks("LUOT_TRUSTED_PROXIES")
	e.MetricsAllow = networks("LUOT_METRICS_ALLOW")
	e.MetricsToken = getenv("LUOT_METRICS_TOKEN") // a secret is taken as it is
}

// ParseNetworks reads a comma-separated list of CIDRs ("10.0.0.0/8, 192.0.2.7"; a bare
// address is its own network) into canonical prefixes.
func ParseNetworks(list string) ([]netip.Prefix, error) {
	var out []netip.Prefix
	for _, part := range strings.Split(list, ",") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		if len(out) == 256 {
			return nil, fmt.Errorf("more than 256 networks")
		}
		p, err := netip.ParsePrefix(part)
		if err != nil {
			a, aerr := netip.ParseAddr(part)
			if aerr != nil || a.Zone() != "" {
				return nil, fmt.Errorf("%q is not a network (e.g. 10.0.0.0/8) or an address", part)
			}
			p = netip.PrefixFrom(a, a.BitLen())
		}
		if p.Addr().Is4In6() { // ::ffff:10.0.0.0/104 is 10.0.0.0/8: clients are compared unmapped
			if p.Bits() < 96 {
				return nil, fmt.Errorf("%q mixes IPv4-mapped and IPv6 addresses", part)
			}
			p = netip.PrefixFrom(p.Addr().Unmap(), p.Bits()-96)
		}
		out = append(out, p.Masked())
	}
	return out, nil
}

// redacted are the edge's settings as slog attributes, the metrics token hidden.
func (e Edge) redacted() []any {
	token := ""
	if e.MetricsToken != "" {
		token = "***"
	}
	return []any{
		slog.Duration("read_timeout", e.ReadTimeout),
		slog.Duration("write_timeout", e.WriteTimeout),
		slog.Duration("idle_timeout", e.IdleTimeout),
		slog.Int("max_conns", e.MaxConns),
		slog.Int("max_conns_per_ip", e.MaxConnsPerIP),
		slog.String("metrics_allow", networkList(e.MetricsAllow)),
		slog.String("metrics_token", token),
	}
}

func networkList(list []netip.Prefix) string {
	s := make([]string, len(list))
	for i, p := range list {
		s[i] = p.String()
	}
	return strings.Join(s, ",")
}
