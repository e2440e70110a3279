package config

import (
	"reflect"
	"strings"
	"testing"
)

func TestParseRedisURL(t *testing.T) {
	tests := []struct {
		raw  string
		want RedisTarget
	}{
		{"redis://127.0.0.1:6379/0", RedisTarget{Kind: RedisSingle, URL: "redis://127.0.0.1:6379/0"}},
		{"unix:///run/redis.sock", RedisTarget{Kind: RedisSingle, URL: "unix:///run/redis.sock"}},
		{"redis+cluster://10.0.0.1:7000,10.0.0.2:7000,[::1]:7001",
			RedisTarget{Kind: RedisCluster, Addrs: []string{"10.0.0.1:7000", "10.0.0.2:7000", "[::1]:7001"}}},
		{"redis+cluster://:s%40cret@h1:7000/",
			RedisTarget{Kind: RedisCluster, Addrs: []string{"h1:7000"}, Password: "s@cret"}},
		{"redis+sentinel://s1:26379,s2:26379,s3:26379/luot",
			RedisTarget{Kind: RedisSentinel, Addrs: []string{"s1:26379", "s2:26379", "s3:26379"}, Master: "luot"}},
		{"redis+sentinel://app:pw@s1:26379/luot/2",
			RedisTarget{Kind: RedisSentinel, Addrs: []string{"s1:26379"}, Username: "app", Password: "pw", Master: "luot", DB: 2}},
	}
	for _, tt := range tests {
		got, err := ParseRedisURL(tt.raw)
		if err != nil {
			t.Errorf("%q: got error %v", tt.raw, err)
			continue
		}
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("%q: got %+v, want %+v", tt.raw, got, tt.want)
		}
	}
}

func TestParseRedisURLErrors(t *testing.T) {
	tests := []struct{ raw, want string }{
		{"redis://h1:6379,h2:6379/0", "several addresses: use redis+cluster://"},
		{"redis+cluster://", "no host:port"},
		{"redis+cluster://h1:7000,h2", "address 2 of 2 is not host:port"},
		{"redis+cluster://h1:0", "address 1 of 1 is not host:port"},
		{"redis+cluster://h1:7000/3", "a cluster has only database 0"},
		{"redis+cluster://h1:7000?x=1", "no query"},
		{"redis+sentinel://s1:26379", "no master name"},
		{"redis+sentinel://s1:26379/", "no master name"},
		{"redis+sentinel://s1:26379/luot/x", "database number"},
		{"redis+sentinel://:secret@s1/luot", "address 1 of 1 is not host:port"},
		{"redis+cluster://" + strings.Repeat("h:1,", 65) + "h:1", "more than 64 addresses"},
		{"redis+cluster://" + strings.Repeat("h", 5000) + ":1", "longer than 4096 bytes"},
		{"memcached://h:1", `scheme "memcached"`},
		{"h1:6379", "not a valid URL"},
	}
	for _, tt := range tests {
		_, err := ParseRedisURL(tt.raw)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%q: got error %v, want one saying %q", tt.raw, err, tt.want)
		}
	}
}

func TestRedisReplicasSetting(t *testing.T) {
	s, err := FromEnv(env(map[string]string{"LUOT_REDIS_REPLICAS": "1", "REDIS_URL": "redis+sentinel://:pw@s1:26379,s2:26379/luot"}))
	if err != nil || s.RedisReplicas != 1 {
		t.Fatalf("got %d, %v; want 1, no error", s.RedisReplicas, err)
	}
	for _, v := range []string{"-1", "17", "one"} {
		if _, err := FromEnv(env(map[string]string{"LUOT_REDIS_REPLICAS": v})); err == nil || !strings.HasPrefix(err.Error(), "LUOT_REDIS_REPLICAS: ") {
			t.Errorf("LUOT_REDIS_REPLICAS=%q: got error %v", v, err)
		}
	}
	for _, raw := range []string{"redis+sentinel://:pw@s1:26379,s2:26379/luot", "redis+cluster://u:pw@h:1,h:2"} {
		if got := redactURL(raw); strings.Contains(got, "pw") || !strings.Contains(got, "***") {
			t.Errorf("redact %q: got %q", raw, got)
		}
	}
}

// FuzzRedisURLPassword checks that no error quotes a password, wherever the rest is broken.
func FuzzRedisURLPassword(f *testing.F) {
	f.Add("redis+cluster", "h1:7000,h2", "/")
	f.Add("redis+sentinel", "s1:26379", "/m/x")
	f.Add("redis", "h:1,h:2", "/0")
	f.Fuzz(func(t *testing.T, scheme, hosts, path string) {
		const pw = "QQsecretQQ"
		for _, raw := range []string{scheme + "://:" + pw + "@" + hosts + path, scheme + "://" + pw + "@" + hosts + path} {
			_, err := ParseRedisURL(raw)
			if err != nil && strings.Contains(err.Error(), "secret") {
				t.Fatalf("%q: error %q quotes the password", raw, err)
			}
			// the start-up log redacts the URLs the settings accept
			if err == nil && strings.Contains(redactURL(raw), "secret") && strings.Contains(raw, ":"+pw+"@") {
				t.Fatalf("%q: redacted as %q", raw, redactURL(raw))
			}
		}
	})
}

// FuzzParseRedisURL checks that no REDIS_URL panics the parser, that an error never quotes a
// password, and that what parses is within the limits.
func FuzzParseRedisURL(f *testing.F) {
	for _, s := range []string{
		"redis://127.0.0.1:6379/0", "unix:///x.sock", "rediss://u:p@h:1/2",
		"redis+cluster://:pw@h1:7000,h2:7001", "redis+sentinel://a:b@s1:26379,s2:1/m/3",
		"redis+cluster://h:1,,", "redis+sentinel://@/", "redis+cluster://[::1]:7000",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		got, err := ParseRedisURL(raw)
		if err != nil {
			if got.Kind != "" {
				t.Fatalf("got %+v and error %v", got, err)
			}
			return
		}
		switch got.Kind {
		case RedisSingle:
			if got.URL != raw {
				t.Fatalf("single: got URL %q, want %q", got.URL, raw)
			}
		case RedisCluster, RedisSentinel:
			if len(got.Addrs) == 0 || len(got.Addrs) > maxRedisAddrs {
				t.Fatalf("got %d addresses", len(got.Addrs))
			}
			if got.Kind == RedisSentinel && got.Master == "" {
				t.Fatal("sentinel without a master")
			}
			if strings.Contains(redactURL(raw), got.Password) && got.Password != "" && !strings.Contains(got.Addrs[0]+got.Master+got.Username, got.Password) {
				t.Fatalf("redacted %q still holds the password", redactURL(raw))
			}
		default:
			t.Fatalf("kind %q", got.Kind)
		}
	})
}
