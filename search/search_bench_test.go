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
	"encoding/csv"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"strings"
	"sync"
	"testing"
	"unicode"
	"unicode/utf8"

	"projektsok/index"
	"projektsok/ingest"
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
				recs, err := benchRecords(benchDocs)
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
		benchEngine.eng.facets = nil
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

// benchQueries are typical searches: frequent words, a compound, a phrase,
// a word typed without diacritics, a prefix, and the empty query (all
// documents: the largest facet work).
var benchQueries = map[string][]string{
	"word":   {"arbetsmarknad", "utbildning", "integration", "kommun", "projekt"},
	"words":  {"lokal samverkan", "unga vuxna", "psykisk ohälsa"},
	"phrase": {`"lokal samverkan"`},
	"folded": {"jamstalldhet", "sokandelots"},
	"prefix": {"kompetens*"},
	"all":    {""},
}

// BenchmarkSearch is one /api/search without the HTTP layer: hits, all
// facets and snippets (size 10), no filters.
func BenchmarkSearch(b *testing.B) {
	eng := engineForBench(b)
	for _, kind := range []string{"word", "words", "phrase", "folded", "prefix", "all"} {
		qs := benchQueries[kind]
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
	qs := benchQueries["word"]
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
	qs := append(append([]string{}, benchQueries["word"]...), benchQueries["words"]...)
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
// with one and two filters, as the page sends after a facet click.
func BenchmarkSearchFilters(b *testing.B) {
	eng := engineForBench(b)
	ms := benchEngine.municipalities
	if len(ms) < 1 || benchEngine.region == "" {
		b.Skip("index has too few municipality/region values")
	}
	for _, c := range []struct {
		name    string
		filters map[string][]string
	}{
		{"filters=1", map[string][]string{"region": {benchEngine.region}}},
		{"filters=2", map[string][]string{"region": {benchEngine.region}, "municipality": ms[:1]}},
	} {
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			qs := benchQueries["word"]
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
			bytes += len(snippetText(&r))
		}
		if len(recs) == 0 {
			continue
		}
		b.Run(strings.ReplaceAll(qtext, " ", "_"), func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(bytes))
			for b.Loop() {
				for i := range recs {
					Snippets(&recs[i], m, 3)
				}
			}
		})
	}
}

// benchRecords generates n ESF-like records from the words of the bundled
// sample documents, with facet values spread like the real project bank's:
// a few hundred owners, two to four municipalities of one county each.
func benchRecords(n int) ([]ingest.Record, error) {
	words, err := sampleWords()
	if err != nil {
		return nil, err
	}
	f, err := os.Open("../ingest/data/municipalities.csv")
	if err != nil {
		return nil, err
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		return nil, err
	}
	rows = rows[1:]
	rng := rand.New(rand.NewPCG(7, 7))
	text := func(nw int) string {
		var sb strings.Builder
		for i := 0; i < nw; i++ {
			if i > 0 {
				sb.WriteByte(' ')
			}
			w := words[rng.IntN(len(words))]
			if i%12 == 0 { // sentence start
				r, size := utf8.DecodeRuneInString(w)
				w = string(unicode.ToUpper(r)) + w[size:]
			}
			sb.WriteString(w)
			if i%12 == 11 {
				sb.WriteByte('.')
			}
		}
		return sb.String()
	}
	phases := []string{"Genomförande", "Analys", "Avslutat"}
	areas := []string{"Programområde 1", "Programområde 2", "Programområde 3"}
	methods := []string{"Sökandelots", "Matchning", "Validering", "Coachning", "Praktik", "Studiebesök"}
	groups := []string{"Unga", "Nyanlända", "Långtidsarbetslösa", "Personer med funktionsnedsättning", "Kvinnor"}
	recs := make([]ingest.Record, n)
	for i := range recs {
		row := rows[rng.IntN(len(rows))]
		var ms []string
		for j := 0; j < 2+rng.IntN(3); j++ {
			r := rows[rng.IntN(len(rows))]
			if r[3] == row[3] || j == 0 {
				ms = append(ms, r[1])
			}
		}
		ms = append(ms, row[1])
		year := 2014 + rng.IntN(9)
		docType := ingest.TypeProject
		if i%3 == 0 {
			docType = ingest.TypeReport
		}
		recs[i] = ingest.Record{
			ID: fmt.Sprintf("bench-%05d", i), Source: fmt.Sprintf("bench-%05d.txt", i), DocType: docType,
			Title:         text(4 + rng.IntN(4)),
			Owner:         fmt.Sprintf("%s %s", []string{"Samordningsförbundet", "Kommunförbundet", "Coompanion"}[i%3], rows[rng.IntN(80)][1]),
			ProgrammeArea: areas[rng.IntN(len(areas))], Phase: phases[rng.IntN(len(phases))],
			Region: row[4], County: row[3], Municipalities: ms,
			PeriodStart:    fmt.Sprintf("%d-%02d-01", year, 1+rng.IntN(12)),
			PeriodEnd:      fmt.Sprintf("%d-12-31", year+1+rng.IntN(2)),
			TotalBudgetSEK: int64(200_000 + rng.IntN(30_000_000)),
			Methods:        []string{methods[rng.IntN(len(methods))]},
			TargetGroups:   []string{groups[rng.IntN(len(groups))]},
			Sections: []ingest.Section{
				{Heading: "Sammanfattning", Text: text(80)},
				{Heading: "Bakgrund", Text: text(150)},
				{Heading: "Resultat", Text: text(150)},
			},
		}
	}
	return recs, nil
}

// sampleWords is the vocabulary of the bundled sample documents: words of
// three letters or more, repeated as often as they occur, so that frequent
// words stay frequent.
func sampleWords() ([]string, error) {
	ents, err := os.ReadDir("../ingest/sample")
	if err != nil {
		return nil, err
	}
	var words []string
	for _, e := range ents {
		b, err := os.ReadFile("../ingest/sample/" + e.Name())
		if err != nil {
			return nil, err
		}
		for _, w := range strings.FieldsFunc(string(b), func(r rune) bool { return !unicode.IsLetter(r) }) {
			if len([]rune(w)) >= 3 {
				words = append(words, strings.ToLower(w))
			}
		}
	}
	if len(words) == 0 {
		return nil, fmt.Errorf("no words in ../ingest/sample")
	}
	return words, nil
}

// BenchmarkServeSearch is /api/search through the whole HTTP handler
// (middleware, JSON, gzip as browsers and Go clients ask for it), from all
// cores at once: what the server does per request under load.
func BenchmarkServeSearch(b *testing.B) {
	h := NewServer(engineForBench(b), slog.New(slog.NewTextHandler(io.Discard, nil)))
	qs := append(append([]string{}, benchQueries["word"]...), benchQueries["words"]...)
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
