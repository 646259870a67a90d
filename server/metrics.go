package server

import (
	"log/slog"
	"net/http"
	"slices"
	"strconv"
	"time"

	"github.com/labstack/echo/v5"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// metrics are the server's Prometheus metrics, in a registry of its own:
// no global registry, so two servers in one process (tests) do not clash.
// client_golang rather than a hand-written exposition: histograms, the
// text and OpenMetrics formats, and the Go runtime and process
// collectors come correct out of the box.
type metrics struct {
	reg       *prometheus.Registry
	requests  *prometheus.CounterVec
	latency   *prometheus.HistogramVec
	inFlight  prometheus.Gauge
	articles  *prometheus.CounterVec
	incidents *prometheus.CounterVec
}

func newMetrics() *metrics {
	m := &metrics{
		reg: prometheus.NewRegistry(),
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Namespace: "incidentmap", Subsystem: "http", Name: "requests_total",
			Help: "HTTP requests by route template, method and status code.",
		}, []string{"route", "method", "status"}),
		latency: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Namespace: "incidentmap", Subsystem: "http", Name: "request_duration_seconds",
			Help:    "HTTP request latency by route template, method and status code.",
			Buckets: []float64{.0005, .001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10, 30},
		}, []string{"route", "method", "status"}),
		inFlight: prometheus.NewGauge(prometheus.GaugeOpts{
			Namespace: "incidentmap", Subsystem: "http", Name: "requests_in_flight",
			Help: "HTTP requests being served.",
		}),
		articles: prometheus.NewCounterVec(prometheus.CounterOpts{
			Namespace: "incidentmap", Subsystem: "ingest", Name: "articles_total",
			Help: "Articles posted to the API, by result: new, existed or failed.",
		}, []string{"result"}),
		incidents: prometheus.NewCounterVec(prometheus.CounterOpts{
			Namespace: "incidentmap", Subsystem: "ingest", Name: "incidents_total",
			Help: "Incidents of ingested articles, by result: new, merged into a stored one, or skipped (no place).",
		}, []string{"result"}),
	}
	m.reg.MustRegister(m.requests, m.latency, m.inFlight, m.articles, m.incidents,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	// Every label value exists from the start, so rate() works from the
	// first scrape.
	for _, r := range []string{"new", "existed", "failed"} {
		m.articles.WithLabelValues(r)
	}
	for _, r := range []string{"new", "merged", "skipped"} {
		m.incidents.WithLabelValues(r)
	}
	return m
}

// methodLabels are the methods counted by name; any other is OTHER, so
// that made-up methods cannot add series without end. Routes are
// bounded by routeOf and statuses by net/http (three digits).
var methodLabels = []string{
	http.MethodGet, http.MethodHead, http.MethodPost, http.MethodPut, http.MethodPatch,
	http.MethodDelete, http.MethodOptions, http.MethodConnect, http.MethodTrace,
}

// methodLabel is the label of a request method.
func methodLabel(method string) string {
	if slices.Contains(methodLabels, method) {
		return method
	}
	return "OTHER"
}

// observe records one request.
func (m *metrics) observe(method, route string, status int, d time.Duration) {
	method = methodLabel(method)
	code := strconv.Itoa(status)
	m.requests.WithLabelValues(route, method, code).Inc()
	m.latency.WithLabelValues(route, method, code).Observe(d.Seconds())
}

// handler serves the exposition.
func (m *metrics) handler(log *slog.Logger) echo.HandlerFunc {
	h := promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelError),
		ErrorHandling:     promhttp.ContinueOnError,
		EnableOpenMetrics: true,
	})
	return func(c *echo.Context) error {
		if err := noParams(c.QueryParams()); err != nil {
			return err
		}
		h.ServeHTTP(c.Response(), c.Request())
		return nil
	}
}

// levelOf is the log level of a request with this status: server errors
// are errors, everything else is routine.
func levelOf(status int) slog.Level {
	if status >= http.StatusInternalServerError {
		return slog.LevelError
	}
	return slog.LevelInfo
}
