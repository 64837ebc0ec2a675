package web

import (
	"net/http/httptest"
	"testing"

	"projektsok/ingest"
	"projektsok/search"
	"projektsok/search/searchtest"
)

func testEngine(t testing.TB, recs []ingest.Record) *search.Engine {
	t.Helper()
	return search.NewEngine(searchtest.Index(t, recs))
}

func serverFor(t testing.TB, eng *search.Engine, opts ...Option) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(NewServer(eng, quietLog, opts...))
	t.Cleanup(srv.Close)
	return srv
}
