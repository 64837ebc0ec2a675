package web

import (
	"projektsok/ingest"

	"net/http"
	"strconv"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"projektsok/search"
)

// metrics are the Prometheus series of one server, registered on the
// server's own registry (never the global one, so tests can make many).
type metrics struct {
	reg      *prometheus.Registry
	requests *prometheus.CounterVec
	latency  *prometheus.HistogramVec
	search   *prometheus.HistogramVec
	ingested *prometheus.CounterVec
}

// Ingest sources and outcomes, the labels of projektsok_ingest_documents_total.
const (
	sourceIngest  = "admin_ingest"
	sourceRebuild = "admin_rebuild"
)

func newMetrics(reg *prometheus.Registry, eng *search.Engine, cache *answers) (*metrics, error) {
	m := &metrics{
		reg: reg,
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "projektsok_http_requests_total",
			Help: "HTTP requests by route template and status class.",
		}, []string{"route", "code"}),
		latency: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "projektsok_http_request_duration_seconds",
			Help:    "HTTP request latency by route template and status class.",
			Buckets: []float64{.001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10, 30, 120},
		}, []string{"route", "code"}),
		search: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "projektsok_search_duration_seconds",
			Help:    "Latency of /api/search requests by outcome (ok, client_error, error).",
			Buckets: []float64{.0005, .001, .002, .005, .01, .02, .05, .1, .2, .5, 1, 2, 5},
		}, []string{"outcome"}),
		ingested: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "projektsok_ingest_documents_total",
			Help: "Documents written through the admin API, by source and result (indexed, updated, failed).",
		}, []string{"source", "result"}),
	}
	cs := []prometheus.Collector{
		m.requests, m.latency, m.search, m.ingested,
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{
			Name: "projektsok_index_documents",
			Help: "Documents in the current index generation.",
		}, func() float64 {
			n, err := eng.Index().Count()
			if err != nil {
				return -1
			}
			return float64(n)
		}),
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{
			Name: "projektsok_index_generation",
			Help: "Number of the current index generation (0 for an index without generations).",
		}, func() float64 { return float64(eng.Index().Generation()) }),
		prometheus.NewCounterFunc(prometheus.CounterOpts{
			Name: "projektsok_index_swaps_total",
			Help: "Index generations swapped in by rebuilds since start.",
		}, func() float64 { return float64(eng.Index().Swaps()) }),
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{
			Name: "projektsok_facet_table_bytes",
			Help: "Memory held by the in-memory facet tables of the index's segments.",
		}, func() float64 { return float64(eng.Index().FacetTableBytes()) }),
		prometheus.NewCounterFunc(prometheus.CounterOpts{
			Name: "projektsok_answer_cache_hits_total",
			Help: "Searches answered from the answer cache.",
		}, func() float64 { return float64(cache.stats().Hits) }),
		prometheus.NewCounterFunc(prometheus.CounterOpts{
			Name: "projektsok_answer_cache_shared_total",
			Help: "Searches answered by waiting for an identical search under way.",
		}, func() float64 { return float64(cache.stats().Shared) }),
		prometheus.NewCounterFunc(prometheus.CounterOpts{
			Name: "projektsok_answer_cache_misses_total",
			Help: "Searches the answer cache did not hold (searched).",
		}, func() float64 { return float64(cache.stats().Misses) }),
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{
			Name: "projektsok_answer_cache_bytes",
			Help: "Bytes the answer cache holds (compressed answers, keys, bookkeeping).",
		}, func() float64 { return float64(cache.stats().Bytes) }),
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{
			Name: "projektsok_answer_cache_max_bytes",
			Help: "The answer cache's bound in bytes (0: off).",
		}, func() float64 { return float64(cache.stats().Max) }),
		collectors.NewGoCollector(),
		collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}),
	}
	for _, c := range cs {
		if err := reg.Register(c); err != nil {
			return nil, err
		}
	}
	return m, nil
}

func statusClass(status int) string {
	if status < 100 || status > 599 {
		return "other"
	}
	return strconv.Itoa(status/100) + "xx"
}

func (m *metrics) observeRequest(route string, status int, d time.Duration) {
	code := statusClass(status)
	m.requests.WithLabelValues(route, code).Inc()
	m.latency.WithLabelValues(route, code).Observe(d.Seconds())
	if route == "/api/search" {
		outcome := "ok"
		switch {
		case status >= 500:
			outcome = "error"
		case status >= 400:
			outcome = "client_error"
		}
		m.search.WithLabelValues(outcome).Observe(d.Seconds())
	}
}

func (m *metrics) countIngest(source string, res AdminResult) {
	for fate, n := range map[ingest.Fate]int{
		ingest.Indexed: res.Indexed, ingest.Updated: res.Updated, ingest.Unchanged: res.Unchanged,
		ingest.Duplicate: res.Duplicate, ingest.Skipped: res.Skipped, ingest.Failed: res.Failed,
		ingest.Pruned: res.Pruned,
	} {
		m.ingested.WithLabelValues(source, string(fate)).Add(float64(n))
	}
}

func (m *metrics) handler() http.Handler {
	return promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{Registry: m.reg})
}
