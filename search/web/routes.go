// Package web is the HTTP side of Projektsök: it translates requests into
// calls of the search engine (package search), its errors into statuses
// (errors.go, the one table) and its answers into JSON, CSV and the
// server-rendered pages. Every route is in NewServer below.
//
// The serving process is the only writer of its index: documents arrive
// through the token-protected admin API (admin.go), and a rebuild swaps a
// new index generation in under live traffic (index.Index.Rebuild). ops.go
// adds /readyz and Prometheus /metrics; middleware.go adds request ids,
// the access log and request limits.
package web

import (
	"log/slog"
	"net/http"

	"github.com/gorilla/handlers"
	"github.com/gorilla/mux"

	"projektsok/search"
)

// NewServer returns the HTTP handler of Projektsök: the JSON API, the
// search page and health checks, with middleware applied in plain sight.
// Options add a metrics registry and the admin API (ops.go, admin.go).
func NewServer(eng *search.Engine, log *slog.Logger, opts ...Option) http.Handler {
	ops := newOps(eng, log, opts)
	var h http.Handler = routes(eng, log, ops)
	if ops.admin != nil {
		h = ops.admin.watch(h) // admin writes pause while the server answers searches
	}
	h = securityHeaders(h)
	h = hardening(h)
	h = limits(log, h)
	h = compress(h) // pooled gzip (compress.go)
	h = handlers.CORS(handlers.AllowedMethods([]string{http.MethodGet, http.MethodHead}),
		handlers.ExposedHeaders(exposedHeaders))(h)
	h = handlers.RecoveryHandler(handlers.RecoveryLogger(recoveryLogger{log}), handlers.PrintRecoveryStack(false))(h)
	h = observe(log, ops.metrics, h) // request id, access log, metrics
	return h
}

// exposedHeaders are the response headers of ours that a script on another
// origin may read (beside the ones CORS always lets through): when to ask
// again after a 429, the request's id to quote in a report, whether an
// answer came from the answer cache, and an export's file name.
var exposedHeaders = []string{"Retry-After", "X-Request-ID", "X-Answer-Cache", "Content-Disposition"}

// routes is every route of the server; openapi.go describes each one (a
// test checks).
func routes(eng *search.Engine, log *slog.Logger, ops *ops) *mux.Router {
	r := mux.NewRouter()
	r.Use(routeTemplate)
	r.NotFoundHandler = handleNotFound(log)
	r.MethodNotAllowedHandler = handleMethodNotAllowed(log)

	r.Handle("/api/search", handleSearch(eng, log, ops.answers)).Methods(http.MethodGet, http.MethodHead)
	r.Handle("/api/documents/{id}", handleDocument(eng, log)).Methods(http.MethodGet, http.MethodHead)
	r.Handle("/api/facets/{field}", handleFacet(eng, log)).Methods(http.MethodGet, http.MethodHead)
	r.Handle("/api/suggest", handleSuggest(eng, log)).Methods(http.MethodGet, http.MethodHead)
	r.Handle("/api/documents/{id}/similar", handleSimilar(eng, log)).Methods(http.MethodGet, http.MethodHead)
	r.Handle("/api/overview", handleOverview(eng, log)).Methods(http.MethodGet, http.MethodHead)
	r.Handle("/api/openapi.json", handleOpenAPI(log)).Methods(http.MethodGet, http.MethodHead)

	r.Handle("/healthz", handleHealth(eng, log)).Methods(http.MethodGet, http.MethodHead)
	r.Handle("/readyz", handleReady(eng, log)).Methods(http.MethodGet, http.MethodHead)
	if ops.metrics != nil {
		r.Handle("/metrics", ops.metrics.handler()).Methods(http.MethodGet, http.MethodHead)
	}
	if ops.admin != nil { // only with a token; otherwise 404 like any unknown path
		r.Handle("/api/admin/ingest", ops.admin.handle(sourceIngest)).Methods(http.MethodPost)
		r.Handle("/api/admin/rebuild", ops.admin.handle(sourceRebuild)).Methods(http.MethodPost)
	}

	r.Handle("/", handleSearchPage(eng, log)).Methods(http.MethodGet, http.MethodHead)
	r.Handle("/projekt/{id}", handleDocPage(eng, log, ops.sourceURL)).Methods(http.MethodGet, http.MethodHead)
	r.Handle("/filter/{field}", handleFacetPage(eng, log)).Methods(http.MethodGet, http.MethodHead)
	r.Handle("/oversikt", handleOverviewPage(eng, log)).Methods(http.MethodGet, http.MethodHead)
	r.Handle("/feed", handleFeed(eng, log)).Methods(http.MethodGet, http.MethodHead)
	r.PathPrefix("/static/").Handler(handleAssets()).Methods(http.MethodGet, http.MethodHead)
	r.Handle("/favicon.ico", handleFavicon()).Methods(http.MethodGet, http.MethodHead)
	return r
}
