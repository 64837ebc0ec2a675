package web

import (
	"testing"

	"projektsok/ingest"
	"projektsok/search"
	"projektsok/search/searchtest"
)

func testEngine(t testing.TB, recs []ingest.Record) *search.Engine {
	t.Helper()
	return search.NewEngine(searchtest.Index(t, recs))
}
