package web

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"sync"
	"testing"

	"projektsok/index"
	"projektsok/search"
	"projektsok/search/searchtest"
)

var benchEngine struct {
	once sync.Once
	eng  *search.Engine
	err  error
}

// engineForBench returns an engine over the ~2,000 generated documents the
// search benchmarks use, without the facet cache, so that each request
// counts its facets.
func engineForBench(b *testing.B) *search.Engine {
	b.Helper()
	benchEngine.once.Do(func() {
		idx, err := index.NewMemory()
		if err != nil {
			benchEngine.err = err
			return
		}
		recs, err := searchtest.BenchRecords("../..", 2000)
		if err != nil {
			benchEngine.err = err
			return
		}
		for i := 0; i < len(recs); i += 500 {
			if _, err := idx.Put(context.Background(), recs[i:min(i+500, len(recs))]); err != nil {
				benchEngine.err = err
				return
			}
		}
		benchEngine.eng = search.NewEngine(idx)
		benchEngine.eng.SetFacetCache(0)
	})
	if benchEngine.err != nil {
		b.Fatal(benchEngine.err)
	}
	return benchEngine.eng
}

// BenchmarkServeSearch is /api/search through the whole HTTP handler
// (middleware, JSON, gzip as browsers and Go clients ask for it), from all
// cores at once: what the server does per request under load. The answer
// cache is off (BenchmarkServeSearchCache measures it): the same few
// requests would otherwise be answered from it.
func BenchmarkServeSearch(b *testing.B) {
	h := NewServer(engineForBench(b), slog.New(slog.NewTextHandler(io.Discard, nil)), WithAnswerCache(0))
	qs := append(append([]string{}, searchtest.BenchQueries["word"]...), searchtest.BenchQueries["words"]...)
	b.ReportAllocs()
	b.RunParallel(func(pb *testing.PB) {
		i := 0
		for pb.Next() {
			r := httptest.NewRequest(http.MethodGet, "/api/search?q="+url.QueryEscape(qs[i%len(qs)]), nil)
			r.Header.Set("Accept-Encoding", "gzip")
			i++
			w := httptest.NewRecorder()
			h.ServeHTTP(w, r)
			if w.Code != http.StatusOK {
				b.Errorf("status %d", w.Code)
				return
			}
		}
	})
}
