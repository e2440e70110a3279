package store

import (
	"context"
	"strconv"
	"strings"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/redis/go-redis/v9"
)

// Collector is the Prometheus collector of Redis's own health: memory, persistence,
// connections and latency, read at each scrape.
func (s *Store) Collector() prometheus.Collector { return &redisCollector{rdb: s.rdb} }

// redisCollector reads Redis's INFO and LATENCY LATEST at each scrape (within a second:
// /metrics answers even when Redis does not, with luot_redis_up 0).
type redisCollector struct {
	rdb redis.UniversalClient
}

var (
	redisUp          = prometheus.NewDesc("luot_redis_up", "1 if Redis answered this scrape's INFO within a second, else 0.", nil, nil)
	redisMemUsed     = prometheus.NewDesc("luot_redis_memory_used_bytes", "Memory Redis uses (INFO used_memory).", nil, nil)
	redisMemMax      = prometheus.NewDesc("luot_redis_memory_max_bytes", "Redis's maxmemory; 0 when unlimited (then the machine's memory is the limit).", nil, nil)
	redisAOFOK       = prometheus.NewDesc("luot_redis_aof_last_write_ok", "1 if Redis's last write to the append-only file succeeded (aof_last_write_status), else 0: writes fail until it does.", nil, nil)
	redisAOFDelayed  = prometheus.NewDesc("luot_redis_aof_delayed_fsync_total", "Times Redis had to wait for a slow fsync of the append-only file (aof_delayed_fsync).", nil, nil)
	redisClients     = prometheus.NewDesc("luot_redis_connected_clients", "Clients connected to Redis (every server instance holds a pool).", nil, nil)
	redisRejected    = prometheus.NewDesc("luot_redis_rejected_connections_total", "Connections Redis refused (maxclients reached).", nil, nil)
	redisLatencyLast = prometheus.NewDesc("luot_redis_latency_latest_seconds", "Redis's latency monitor: the latest latency spike of an event (aof-fsync-always is the fsync of each write) above latency-monitor-threshold.", []string{"event"}, nil)
	redisLatencyMax  = prometheus.NewDesc("luot_redis_latency_max_seconds", "Redis's latency monitor: the highest spike of an event since Redis started (or LATENCY RESET).", []string{"event"}, nil)
	redisLatencyAt   = prometheus.NewDesc("luot_redis_latency_latest_timestamp_seconds", "Redis's latency monitor: when the latest spike of an event happened (Unix time).", []string{"event"}, nil)
)

func (c *redisCollector) Describe(ch chan<- *prometheus.Desc) {
	for _, d := range []*prometheus.Desc{redisUp, redisMemUsed, redisMemMax, redisAOFOK, redisAOFDelayed, redisClients, redisRejected,
		redisLatencyLast, redisLatencyMax, redisLatencyAt} {
		ch <- d
	}
}

func (c *redisCollector) Collect(ch chan<- prometheus.Metric) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	raw, err := c.rdb.Info(ctx, "memory", "persistence", "stats", "clients").Result()
	if err != nil {
		ch <- prometheus.MustNewConstMetric(redisUp, prometheus.GaugeValue, 0)
		return
	}
	ch <- prometheus.MustNewConstMetric(redisUp, prometheus.GaugeValue, 1)
	info := parseInfo(raw)
	num := func(k string) float64 { v, _ := strconv.ParseFloat(info[k], 64); return v }
	ch <- prometheus.MustNewConstMetric(redisMemUsed, prometheus.GaugeValue, num("used_memory"))
	ch <- prometheus.MustNewConstMetric(redisMemMax, prometheus.GaugeValue, num("maxmemory"))
	ok := 0.0
	if info["aof_last_write_status"] == "ok" {
		ok = 1
	}
	ch <- prometheus.MustNewConstMetric(redisAOFOK, prometheus.GaugeValue, ok)
	ch <- prometheus.MustNewConstMetric(redisAOFDelayed, prometheus.CounterValue, num("aof_delayed_fsync"))
	ch <- prometheus.MustNewConstMetric(redisClients, prometheus.GaugeValue, num("connected_clients"))
	ch <- prometheus.MustNewConstMetric(redisRejected, prometheus.CounterValue, num("rejected_connections"))

	latest, err := c.rdb.Do(ctx, "LATENCY", "LATEST").Slice()
	if err != nil {
		return
	}
	for _, e := range latest {
		f, ok := e.([]any)
		if len(f) < 4 || !ok {
			continue
		}
		event, _ := f[0].(string)
		at, _ := f[1].(int64)
		last, _ := f[2].(int64)
		most, _ := f[3].(int64)
		ch <- prometheus.MustNewConstMetric(redisLatencyLast, prometheus.GaugeValue, float64(last)/1000, event)
		ch <- prometheus.MustNewConstMetric(redisLatencyMax, prometheus.GaugeValue, float64(most)/1000, event)
		ch <- prometheus.MustNewConstMetric(redisLatencyAt, prometheus.GaugeValue, float64(at), event)
	}
}

// parseInfo reads the "key:value" lines of Redis's INFO.
func parseInfo(raw string) map[string]string {
	out := map[string]string{}
	for _, line := range strings.Split(raw, "\n") {
		if k, v, ok := strings.Cut(strings.TrimSpace(line), ":"); ok && !strings.HasPrefix(k, "#") {
			out[k] = v
		}
	}
	return out
}
