package api

import (
	"crypto/subtle"
	"strconv"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/gofiber/fiber/v2/middleware/adaptor"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"luot/server/netguard"
	"luot/server/queue"
)

// metrics are the Prometheus series of one server; each server has its own registry, so
// tests can build as many as they like.
type metrics struct {
	reg      *prometheus.Registry
	latency  *prometheus.HistogramVec
	issued   *prometheus.CounterVec
	called   *prometheus.CounterVec
	queueLen *prometheus.GaugeVec
}

func newMetrics(clients func() int) *metrics {
	m := &metrics{
		reg: prometheus.NewRegistry(),
		latency: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name: "luot_http_request_duration_seconds", Help: "Latency of HTTP requests by route.",
			Buckets: []float64{.001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5},
		}, []string{"method", "route", "status"}),
		issued: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "luot_tickets_issued_total", Help: "Tickets issued by this server.",
		}, []string{"site", "service"}),
		called: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "luot_tickets_called_total", Help: "Tickets called by this server.",
		}, []string{"site", "service"}),
		queueLen: prometheus.NewGaugeVec(prometheus.GaugeOpts{
			Name: "luot_queue_length", Help: "Waiting tickets per site and service, from the event log.",
		}, []string{"site", "service"}),
	}
	m.reg.MustRegister(m.latency, m.issued, m.called, m.queueLen,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}),
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{
			Name: "luot_websocket_clients", Help: "Live websocket clients of this server.",
		}, func() float64 { return float64(clients()) }))
	return m
}

// middleware records the latency of every request by its route pattern (not its path, so
// ticket ids do not explode the series).
func (m *metrics) middleware(c *fiber.Ctx) error {
	start := time.Now()
	if err := c.Next(); err != nil {
		// answer the error here, so the status recorded is the one sent
		if herr := c.App().ErrorHandler(c, err); herr != nil {
			return herr
		}
	}
	status := c.Response().StatusCode()
	route := c.Route().Path
	// c.Method() points into fasthttp's request buffer, which the next request reuses: a
	// label kept by Prometheus must own its bytes (else POST turns into "GETT").
	method := strings.Clone(c.Method())
	m.latency.WithLabelValues(method, route, strconv.Itoa(status)).Observe(time.Since(start).Seconds())
	return nil
}

// metricsAccess lets only the addresses of LUOT_METRICS_ALLOW read /metrics, and only with
// the bearer token of LUOT_METRICS_TOKEN, each when set.
func (s *Server) metricsAccess(c *fiber.Ctx) error {
	e := s.Settings.Edge
	if len(e.MetricsAllow) > 0 && !netguard.Within(e.MetricsAllow, s.clientIP(c)) {
		return queue.Fail("metrics_address", "this address may not read /metrics")
	}
	if e.MetricsToken != "" {
		scheme, token, _ := strings.Cut(c.Get(fiber.HeaderAuthorization), " ")
		if !strings.EqualFold(scheme, "Bearer") || subtle.ConstantTimeCompare([]byte(strings.TrimSpace(token)), []byte(e.MetricsToken)) != 1 {
			c.Set(fiber.HeaderWWWAuthenticate, `Bearer realm="metrics"`)
			return queue.Fail("metrics_token", "/metrics needs its bearer token")
		}
	}
	return c.Next()
}

func (m *metrics) handler() fiber.Handler {
	return adaptor.HTTPHandler(promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{}))
}

// waiting records the queue lengths an event carries.
func (m *metrics) waiting(site string, w map[string]int) {
	for svc, n := range w {
		m.queueLen.WithLabelValues(site, svc).Set(float64(n))
	}
}
