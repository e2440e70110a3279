package api

import (
	"strconv"
	"strings"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"luot/server/live"
)

// opsMetrics are the series an operator alerts on besides the requests' (docs/operations.md
// says what each means and the alert to set): the live feed's lag, websocket clients dropped
// for being slow, readiness, and Redis's own memory, persistence and latency, read from Redis
// at each scrape.
type opsMetrics struct {
	feedLag prometheus.Histogram
	drops   *prometheus.CounterVec
}

func newOpsMetrics(reg *prometheus.Registry, s *Server) *opsMetrics {
	o := &opsMetrics{
		feedLag: prometheus.NewHistogram(prometheus.HistogramOpts{
			Name: "luot_feed_lag_seconds",
			Help: "Time from an event's append to its site's stream (Redis's clock, the stream id) to its hand-over to this server's websocket clients.",
			// a healthy feed hands events over within milliseconds; seconds mean trouble
			Buckets: []float64{.001, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10, 30},
		}),
		drops: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "luot_websocket_dropped_total",
			Help: "Websocket clients this server dropped because they fell too far behind the live feed (they reconnect and replay with since=).",
		}, []string{"site"}),
	}
	reg.MustRegister(o.feedLag, o.drops,
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{
			Name: "luot_ready", Help: "1 once every start-up step is done (what /readyz answers 200 for, Redis aside), else 0.",
		}, func() float64 {
			if s.Ready.Ready() {
				return 1
			}
			return 0
		}))
	if s.Store != nil {
		reg.MustRegister(s.Store.Collector())
	}
	return o
}

// observeLag records the lag of the event with stream id "ms-seq" at now.
func (o *opsMetrics) observeLag(id string, now time.Time) {
	ms, _, _ := strings.Cut(id, "-")
	at, err := strconv.ParseInt(ms, 10, 64)
	if err != nil {
		return
	}
	o.feedLag.Observe(max(0, now.Sub(time.UnixMilli(at)).Seconds()))
}

// CountDrop counts a websocket client dropped for being slow, by the site of its hub topic
// ("board" for the province board's): the hub's OnDrop.
func (s *Server) CountDrop(topic string) {
	site := live.TopicSite(topic)
	if site == "" {
		site = "board"
	}
	s.ops.drops.WithLabelValues(site).Inc()
}
