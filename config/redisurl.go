package config

import (
	"errors"
	"fmt"
	"net"
	"net/url"
	"strconv"
	"strings"
)

// The kinds of Redis deployment a REDIS_URL names.
const (
	RedisSingle   = "single"   // redis://, rediss://, unix://: one node
	RedisCluster  = "cluster"  // redis+cluster://host:port,host:port,…
	RedisSentinel = "sentinel" // redis+sentinel://host:port,…/<master>[/db]
)

// Limits of a REDIS_URL: it comes from the environment, but a typo must not cost a minute of
// dialling (a limit on everything outside input).
const (
	maxRedisURL   = 4096
	maxRedisAddrs = 64
)

// RedisTarget is a parsed REDIS_URL of a cluster or of sentinels (a single node's URL is left
// to go-redis's ParseURL, which knows its options).
type RedisTarget struct {
	Kind     string   // RedisSingle, RedisCluster or RedisSentinel
	URL      string   // the URL itself (RedisSingle: what redis.ParseURL reads)
	Addrs    []string // cluster nodes or sentinels, host:port
	Username string
	Password string // of the data nodes (the sentinels are asked without one)
	Master   string // RedisSentinel: the master's name the sentinels monitor
	DB       int    // RedisSentinel: the database number (a cluster has only 0)
}

// ParseRedisURL reads a REDIS_URL of any of the forms of api.md: one node
// (redis://[user:password@]host:port/db, rediss://…, unix:///path), Redis Cluster
// (redis+cluster://[:password@]host:port,host:port,… — any reachable nodes) or Sentinel
// (redis+sentinel://[:password@]host:port,host:port,…/<master name>[/db]). Several addresses
// are accepted only in the last two forms. Errors never quote the URL: it may hold a password.
func ParseRedisURL(raw string) (RedisTarget, error) {
	if len(raw) > maxRedisURL {
		return RedisTarget{}, fmt.Errorf("longer than %d bytes", maxRedisURL)
	}
	scheme, rest, ok := strings.Cut(raw, "://")
	if !ok {
		return RedisTarget{}, errors.New("not a valid URL (want redis://host:port/db, redis+cluster://… or redis+sentinel://…/<master>)")
	}
	switch strings.ToLower(scheme) {
	case "redis", "rediss", "unix":
		if err := checkSingleURL(raw); err != nil {
			return RedisTarget{}, err
		}
		return RedisTarget{Kind: RedisSingle, URL: raw}, nil
	case "redis+cluster":
		t, path, err := parseMulti(rest)
		if err != nil {
			return RedisTarget{}, err
		}
		if path != "" && path != "0" {
			return RedisTarget{}, errors.New("a cluster has only database 0: no path after the nodes (want redis+cluster://host:port,host:port)")
		}
		t.Kind = RedisCluster
		return t, nil
	case "redis+sentinel":
		t, path, err := parseMulti(rest)
		if err != nil {
			return RedisTarget{}, err
		}
		master, db, _ := strings.Cut(path, "/")
		if master == "" {
			return RedisTarget{}, errors.New("no master name (want redis+sentinel://host:port,host:port/<master name>[/db])")
		}
		if len(master) > 128 || strings.ContainsAny(master, " \t\r\n?#") {
			return RedisTarget{}, errors.New("the master name must be a word of at most 128 bytes")
		}
		if db != "" {
			n, err := strconv.Atoi(db)
			if err != nil || n < 0 || n > 1<<16 {
				return RedisTarget{}, errors.New("the path after the master name must be a database number")
			}
			t.DB = n
		}
		t.Kind, t.Master = RedisSentinel, master
		return t, nil
	}
	return RedisTarget{}, fmt.Errorf("scheme %q is not redis, rediss, unix, redis+cluster or redis+sentinel", clip(scheme, 32))
}

// parseMulti reads "[user:password@]host:port,host:port,…[/path]" and returns the path
// without its leading slash.
func parseMulti(rest string) (RedisTarget, string, error) {
	var t RedisTarget
	hosts, path, _ := strings.Cut(rest, "/")
	if strings.ContainsAny(hosts, "?#") || strings.ContainsAny(path, "?#") {
		return t, "", errors.New("no query or fragment is accepted in this form")
	}
	if at := strings.LastIndex(hosts, "@"); at >= 0 {
		user := hosts[:at]
		hosts = hosts[at+1:]
		name, pw, hasPW := strings.Cut(user, ":")
		var err error
		if t.Username, err = url.PathUnescape(name); err != nil {
			return t, "", errors.New("the user name is not URL-encoded")
		}
		if hasPW {
			if t.Password, err = url.PathUnescape(pw); err != nil {
				return t, "", errors.New("the password is not URL-encoded")
			}
		}
	}
	if hosts == "" {
		return t, "", errors.New("no host:port")
	}
	list := strings.Split(hosts, ",")
	if len(list) > maxRedisAddrs {
		return t, "", fmt.Errorf("more than %d addresses", maxRedisAddrs)
	}
	for _, a := range list {
		host, port, err := net.SplitHostPort(a)
		if err != nil || host == "" || !validPort(port) || port == "0" || strings.ContainsAny(host, " \t\r\n%") {
			return t, "", fmt.Errorf("address %d of %d is not host:port", len(t.Addrs)+1, len(list)) // never quoted: a password may be in it
		}
		t.Addrs = append(t.Addrs, a)
	}
	return t, strings.TrimSuffix(path, "/"), nil
}

// checkSingleURL accepts what the Redis client accepts: redis://host:port/db,
// rediss://… and unix:///path/to/redis.sock; several addresses only in the multi forms.
func checkSingleURL(raw string) error {
	u, err := url.Parse(raw)
	if err != nil {
		return errors.New("not a valid URL")
	}
	switch u.Scheme {
	case "redis", "rediss":
		if u.Host == "" {
			return errors.New("no host (want redis://host:port/db)")
		}
		if strings.Contains(u.Host, ",") {
			return errors.New("several addresses: use redis+cluster://host:port,host:port for Redis Cluster " +
				"or redis+sentinel://host:port,host:port/<master> for Sentinel")
		}
		if db := strings.Trim(u.Path, "/"); db != "" {
			if n, err := strconv.Atoi(db); err != nil || n < 0 {
				return errors.New("the path must be a database number (want redis://host:port/db)")
			}
		}
	case "unix":
		if u.Path == "" {
			return errors.New("no socket path (want unix:///path/to/redis.sock)")
		}
	default:
		return fmt.Errorf("scheme %q is not redis, rediss or unix", u.Scheme)
	}
	return nil
}

// clip shortens what an error quotes of outside input.
func clip(s string, n int) string {
	if len(s) > n {
		return s[:n] + "…"
	}
	return s
}
