package web

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/prometheus/client_golang/prometheus"

	"projektsok/search"
)

// Option configures NewServer.
type Option func(*options)

type options struct {
	reg         *prometheus.Registry
	admin       AdminConfig
	sourceURL   string
	answerCache *int64
	answers     *answers // a test's own cache
}

// WithRegistry registers the server's metrics on reg, which /metrics
// serves. Without it the server makes its own registry.
func WithRegistry(reg *prometheus.Registry) Option {
	return func(o *options) { o.reg = reg }
}

// WithAdmin enables the admin API (see admin.go) when cfg.Token is set.
func WithAdmin(cfg AdminConfig) Option {
	return func(o *options) { o.admin = cfg }
}

// WithSourceURL makes the document page link each document's original
// file: base (a URL ending in "/", where the ingested folders are
// published, such as a file share's web address) followed by the
// document's source path. Without it the page names the file only.
func WithSourceURL(base string) Option {
	return func(o *options) { o.sourceURL = base }
}

// WithAnswerCache sizes the cache of whole search answers (answers.go)
// in bytes; 0 turns it off. Without it the cache holds
// DefaultAnswerCache bytes.
func WithAnswerCache(bytes int64) Option {
	return func(o *options) { o.answerCache = &bytes }
}

// withAnswers makes the server use c (tests read its counters).
func withAnswers(c *answers) Option {
	return func(o *options) { o.answers = c }
}

// ops are the operational routes: /readyz, /metrics and the admin API.
type ops struct {
	eng       *search.Engine
	log       *slog.Logger
	metrics   *metrics
	admin     *admin
	sourceURL string
	answers   *answers
}

func newOps(eng *search.Engine, log *slog.Logger, opts []Option) *ops {
	var o options
	for _, opt := range opts {
		opt(&o)
	}
	if o.reg == nil {
		o.reg = prometheus.NewRegistry()
	}
	size := int64(DefaultAnswerCache)
	if o.answerCache != nil {
		size = *o.answerCache
	}
	cache := o.answers
	if cache == nil {
		cache = newAnswers(size)
	}
	m, err := newMetrics(o.reg, eng, cache)
	if err != nil {
		// A registry that already holds these series: keep serving, and
		// export this server's series from a registry of its own.
		log.Error("metrics registry", "err", err)
		if m, err = newMetrics(prometheus.NewRegistry(), eng, cache); err != nil {
			log.Error("metrics", "err", err)
		}
	}
	p := &ops{eng: eng, log: log, metrics: m, sourceURL: o.sourceURL, answers: cache}
	if o.admin.Token != "" {
		p.admin = newAdmin(o.admin, eng, log, m)
	}
	return p
}

// ReadyTimeout bounds the readiness probe's search.
const ReadyTimeout = time.Second

// handleReady answers 200 when the index is open and answers a trivial
// search, 503 otherwise.
func handleReady(eng *search.Engine, log *slog.Logger) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx, cancel := context.WithTimeout(r.Context(), ReadyTimeout)
		defer cancel()
		req := bleve.NewSearchRequestOptions(bleve.NewMatchAllQuery(), 0, 0, false)
		res, err := eng.Index().Bleve().SearchInContext(ctx, req)
		if err != nil {
			writeError(w, r, log, fmt.Errorf("%w: index does not answer: %v", ErrNotReady, err))
			return
		}
		writeJSON(w, http.StatusOK, map[string]interface{}{
			"status": "ready", "documents": res.Total, "generation": eng.Index().Generation(),
		})
	})
}
