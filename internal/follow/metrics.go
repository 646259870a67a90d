package follow

import (
	"time"

	"github.com/prometheus/client_golang/prometheus"
)

// Metrics counts following per source (labelled by source id: the
// operator's list, so the series stay few).
type Metrics struct {
	fetches *prometheus.CounterVec
	itemsC  *prometheus.CounterVec
	latency *prometheus.HistogramVec
}

// NewMetrics registers following's metrics with reg.
func NewMetrics(reg prometheus.Registerer) *Metrics {
	m := &Metrics{
		fetches: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "incidentmap_follow_fetches_total",
			Help: "Requests for feeds and pages by source, kind (feed, page) and result (ok, not_modified, error)."},
			[]string{"source", "kind", "result"}),
		itemsC: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "incidentmap_follow_items_total",
			Help: "Feed items by source and what became of them (seen, done, duplicate, skipped, failed)."},
			[]string{"source", "state"}),
		latency: prometheus.NewHistogramVec(prometheus.HistogramOpts{Name: "incidentmap_follow_fetch_seconds",
			Help:    "Time to fetch a feed or a page (robots.txt and the host's turn included), by source and kind.",
			Buckets: prometheus.ExponentialBuckets(0.05, 2, 10)}, []string{"source", "kind"}),
	}
	reg.MustRegister(m.fetches, m.itemsC, m.latency)
	return m
}

func (m *Metrics) fetch(source, kind, result string) {
	if m != nil {
		m.fetches.WithLabelValues(source, kind, result).Inc()
	}
}

func (m *Metrics) items(source, state string, n int) {
	if m != nil && n > 0 {
		m.itemsC.WithLabelValues(source, state).Add(float64(n))
	}
}

func (m *Metrics) observe(source, kind string, d time.Duration) {
	if m != nil {
		m.latency.WithLabelValues(source, kind).Observe(d.Seconds())
	}
}
