package search

// Benchmarks of the query path (issue 7). They run only with -bench:
//
//	go test ./search -run '^$' -bench . -benchmem
//	go test ./search -run '^$' -bench 'Search$/word' -cpuprofile cpu.prof && go tool pprof -top search.test cpu.prof
//
// The index is ~2,000 generated ESF-like documents built once (a few
// seconds). Set PROJEKTSOK_BENCH_INDEX to an existing index folder (for
// example the 44k index that "go run ./cmd/bench -keep" leaves) to measure
// and profile at full scale instead; it is opened read-only.

import (
	"context"
	"os"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"projektsok/index"
	"projektsok/ingest"
	"projektsok/search/searchtest"
)

const benchDocs = 2000

var benchEngine struct {
	once sync.Once
	eng  *Engine
	err  error
	// facet values present in the index, for filters
	municipalities []string
	region         string
}

// engineForBench returns the shared benchmark engine.
func engineForBench(b *testing.B) *Engine {
	b.Helper()
	benchEngine.once.Do(func() {
		var idx *index.Index
		if p := os.Getenv("PROJEKTSOK_BENCH_INDEX"); p != "" {
			idx, benchEngine.err = index.OpenReadOnly(p)
		} else {
			idx, benchEngine.err = index.NewMemory()
			if benchEngine.err == nil {
				recs, err := searchtest.BenchRecords("..", benchDocs)
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
			}
		}
		if benchEngine.err != nil {
			return
		}
		benchEngine.eng = NewEngine(idx)
		// Benchmarks measure the counting itself; repeated queries would
		// otherwise measure the facet cache (BenchmarkSearchCached does).
		benchEngine.eng.SetFacetCache(0)
		// take filter values from the index itself (works for both sources)
		res, err := benchEngine.eng.Search(context.Background(), Request{Query: "arbetsmarknad", Size: 0, Filters: map[string][]string{}})
		if err != nil {
			benchEngine.err = err
			return
		}
		for _, v := range res.Facets["municipality"] {
			if len(benchEngine.municipalities) < 2 {
				benchEngine.municipalities = append(benchEngine.municipalities, v.Value)
			}
		}
		if r := res.Facets["region"]; len(r) > 0 {
			benchEngine.region = r[0].Value
		}
	})
	if benchEngine.err != nil {
		b.Fatal(benchEngine.err)
	}
	return benchEngine.eng
}

// BenchmarkSearch is one /api/search without the HTTP layer: hits, all
// facets and snippets (size 10), no filters.
func BenchmarkSearch(b *testing.B) {
	eng := engineForBench(b)
	for _, kind := range []string{"word", "words", "phrase", "folded", "prefix", "all"} {
		qs := searchtest.BenchQueries[kind]
		b.Run(kind, func(b *testing.B) {
			b.ReportAllocs()
			for i := 0; b.Loop(); i++ {
				req := Request{Query: qs[i%len(qs)], Size: DefaultSize, Filters: map[string][]string{}}
				if _, err := eng.Search(context.Background(), req); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkSearchCached is BenchmarkSearch/word with the facet cache on,
// as the server runs it: repeated searches count no facets.
func BenchmarkSearchCached(b *testing.B) {
	eng := *engineForBench(b)
	eng.facets = newFacetCache(DefaultFacetCache)
	qs := searchtest.BenchQueries["word"]
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		req := Request{Query: qs[i%len(qs)], Size: DefaultSize, Filters: map[string][]string{}}
		if _, err := eng.Search(context.Background(), req); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkSearchParallel is BenchmarkSearch/word from all cores at once,
// as the server runs it under load.
func BenchmarkSearchParallel(b *testing.B) {
	eng := engineForBench(b)
	qs := append(append([]string{}, searchtest.BenchQueries["word"]...), searchtest.BenchQueries["words"]...)
	b.ReportAllocs()
	b.RunParallel(func(pb *testing.PB) {
		i := 0
		for pb.Next() {
			req := Request{Query: qs[i%len(qs)], Size: DefaultSize, Filters: map[string][]string{}}
			i++
			if _, err := eng.Search(context.Background(), req); err != nil {
				b.Error(err)
				return
			}
		}
	})
}

// BenchmarkFacets counts facets without hits or snippets (size 0), with
// 0–3 active filters. One scan counts every facet (facets.go); with two
// or more filters it visits the documents that fail at most one of them.
func BenchmarkFacets(b *testing.B) {
	eng := engineForBench(b)
	ms := benchEngine.municipalities
	if len(ms) < 2 || benchEngine.region == "" {
		b.Skip("index has too few municipality/region values")
	}
	cases := []struct {
		name    string
		filters map[string][]string
	}{
		{"filters=0", map[string][]string{}},
		{"filters=1", map[string][]string{"municipality": ms[:1]}},
		{"filters=1x2values", map[string][]string{"municipality": ms[:2]}},
		{"filters=2", map[string][]string{"municipality": ms[:1], "region": {benchEngine.region}}},
		{"filters=3", map[string][]string{"municipality": ms[:1], "region": {benchEngine.region}, "doc_type": {ingest.TypeReport}}},
	}
	for _, c := range cases {
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				req := Request{Query: "arbetsmarknad", Size: 0, Filters: c.filters}
				if _, err := eng.Search(context.Background(), req); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkSearchFilters is the full response (hits, facets, snippets)
// with one and two filters, as the page sends after a facet click, and
// browsing (no words) with a filter.
func BenchmarkSearchFilters(b *testing.B) {
	eng := engineForBench(b)
	ms := benchEngine.municipalities
	if len(ms) < 1 || benchEngine.region == "" {
		b.Skip("index has too few municipality/region values")
	}
	for _, c := range []struct {
		name    string
		queries string // a key of searchtest.BenchQueries
		filters map[string][]string
	}{
		{"filters=1", "word", map[string][]string{"region": {benchEngine.region}}},
		{"filters=2", "word", map[string][]string{"region": {benchEngine.region}, "municipality": ms[:1]}},
		// one municipality: a filter that allows few of the words'
		// documents (the long tail's filter; filterquery.go)
		{"municipality", "word", map[string][]string{"municipality": ms[:1]}},
		{"municipality/words", "words", map[string][]string{"municipality": ms[:1]}},
		{"browse/filters=1", "all", map[string][]string{"municipality": ms[:1]}},
	} {
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			defer reportCPU(b)()
			qs := searchtest.BenchQueries[c.queries]
			for i := 0; b.Loop(); i++ {
				req := Request{Query: qs[i%len(qs)], Size: DefaultSize, Filters: c.filters}
				if _, err := eng.Search(context.Background(), req); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkSnippets builds the snippets of one page of hits (10 documents).
func BenchmarkSnippets(b *testing.B) {
	eng := engineForBench(b)
	for _, qtext := range []string{"arbetsmarknad", "lokal samverkan", "sokandelots"} {
		q, err := ParseQuery(qtext)
		if err != nil {
			b.Fatal(err)
		}
		_, m, err := buildQuery(Request{}, q, "")
		if err != nil {
			b.Fatal(err)
		}
		res, err := eng.Search(context.Background(), Request{Query: qtext, Size: DefaultSize, Filters: map[string][]string{}})
		if err != nil {
			b.Fatal(err)
		}
		var recs []ingest.Record
		bytes := 0
		for _, h := range res.Hits {
			r, err := eng.Document(h.ID)
			if err != nil {
				b.Fatal(err)
			}
			recs = append(recs, r)
			bytes += len(snippetText(&r, snippetScan))
		}
		if len(recs) == 0 {
			continue
		}
		b.Run(strings.ReplaceAll(qtext, " ", "_"), func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(bytes))
			defer reportCPU(b)()
			for b.Loop() {
				// one search's hits: a matcher that has seen none of
				// their words
				fresh := &Matcher{Exact: m.Exact, Prefixes: m.Prefixes}
				for i := range recs {
					Snippets(&recs[i], fresh, 3)
				}
			}
		})
	}
}

// reportCPU adds the process's CPU time per operation ("cpu-ns/op") to a
// benchmark: on a shared machine wall time varies with the load, CPU time
// much less. Use as defer reportCPU(b)().
func reportCPU(b *testing.B) func() {
	cpu := func() time.Duration {
		var ru syscall.Rusage
		if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
			return 0
		}
		return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
	}
	start := cpu()
	return func() {
		if b.N > 0 {
			b.ReportMetric(float64(cpu()-start)/float64(b.N), "cpu-ns/op")
		}
	}
}

// BenchmarkRelax is a whole search that finds nothing with every word
// and shows those holding all but one (relax.go: the strict search, the
// relaxed one, a count per word for the words no document holds), and
// one whose few strict matches are followed by such documents (fill).
func BenchmarkRelax(b *testing.B) {
	eng := engineForBench(b)
	ctx := context.Background()
	for _, tt := range []struct {
		name, query string
		relaxed     bool
	}{
		{"none", "arbetsmarknad lokal samverkan xqzvykw", true},
		{"fill", "validering umeå botkyrka", true},
		{"neither", "arbetsmarknad xqzvykw qqzvykw", false}, // relaxed, still nothing
	} {
		b.Run(tt.name, func(b *testing.B) {
			req := Request{Query: tt.query, Size: DefaultSize, Filters: map[string][]string{}}
			b.ReportAllocs()
			defer reportCPU(b)()
			for b.Loop() {
				res, err := eng.Search(ctx, req)
				if err != nil {
					b.Fatal(err)
				}
				if got := res.Relaxed != nil || res.Lacking > 0; got != tt.relaxed {
					b.Fatalf("relaxed or filled: %v, want %v", got, tt.relaxed)
				}
			}
		})
	}
}

// BenchmarkRerank is the proximity re-ranking of one multi-word search's
// first rerankDepth hits (rerank.go): the positions of its words in three
// fields and the titles of the first hits; the search itself is not
// measured.
func BenchmarkRerank(b *testing.B) {
	eng := engineForBench(b)
	ctx := context.Background()
	for _, qtext := range searchtest.BenchQueries["words"] {
		req := Request{Query: qtext, Size: DefaultSize, Filters: map[string][]string{}}
		q, err := eng.parse(ctx, qtext)
		if err != nil {
			b.Fatal(err)
		}
		bq, _, err := buildQuery(req, q, "")
		if err != nil {
			b.Fatal(err)
		}
		window, words := rerankWindow(req, q, windowFor(0, DefaultSize))
		if words == nil {
			b.Fatalf("%q: no words to re-rank by", qtext)
		}
		b.Run(strings.ReplaceAll(qtext, " ", "_"), func(b *testing.B) {
			snap, err := eng.idx.FacetSnapshot()
			if err != nil {
				b.Fatal(err)
			}
			defer snap.Close()
			hits, _, err := snap.Search(ctx, bq, window, sortOrder(req.Sort))
			if err != nil {
				b.Fatal(err)
			}
			scores := make([]float64, len(hits))
			for i, h := range hits {
				scores[i] = h.Score
			}
			b.ReportAllocs()
			defer reportCPU(b)()
			for b.Loop() {
				for i, h := range hits {
					h.Score = scores[i]
				}
				if err := rerank(ctx, snap, hits, words); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
