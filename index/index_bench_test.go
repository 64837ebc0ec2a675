package index

// Benchmarks of the write path (issue 7). They run only with -bench:
//
//	go test ./index -run '^$' -bench 'Put|Document|Ingest|FacetTables|DiacriticTerms' -benchmem
//	go test ./index -run '^$' -bench Ingest -benchtime 1x -cpuprofile cpu.prof && go tool pprof -top index.test cpu.prof
//
// BenchmarkIngest runs the whole per-document path in this process —
// ingest.ParseFile, Document, analysis and bleve's batch — so that a CPU
// profile splits ingest time into parse, analysis and bleve. By default it
// reads the bundled sample files repeatedly; set PROJEKTSOK_BENCH_CORPUS to
// a folder of documents (for example the corpus folder that
// "go run ./cmd/bench -keep" leaves) to profile real input, and
// PROJEKTSOK_BENCH_LIMIT to bound how many files it takes (default 5000).

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/document"
	index "github.com/blevesearch/bleve_index_api"

	"projektsok/ingest"
)

// benchRecs returns n records made from the sample documents with
// distinct ids.
func benchRecs(b *testing.B, n int) []ingest.Record {
	b.Helper()
	files, err := filepath.Glob("../ingest/sample/*.txt")
	if err != nil || len(files) == 0 {
		b.Fatalf("no sample files: %v", err)
	}
	var base []ingest.Record
	for _, f := range files {
		r, err := ingest.ParseFile(f)
		if err != nil {
			b.Fatal(err)
		}
		base = append(base, r)
	}
	out := make([]ingest.Record, n)
	for i := range out {
		out[i] = base[i%len(base)]
		out[i].ID = fmt.Sprintf("%s-%d", out[i].ID, i)
	}
	return out
}

// BenchmarkPut measures index.Put batch throughput (DefaultBatch records
// per batch) into a fresh index: in memory, and on disk, where each batch
// is persisted before Put returns.
func BenchmarkPut(b *testing.B) {
	recs := benchRecs(b, DefaultBatch)
	size := 0
	for i := range recs {
		size += len(recs[i].Body())
	}
	for _, where := range []string{"memory", "disk"} {
		b.Run(where, func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(size))
			docs := 0
			for b.Loop() {
				b.StopTimer()
				var x *Index
				var err error
				if where == "memory" {
					x, err = NewMemory()
				} else {
					x, err = Create(filepath.Join(b.TempDir(), "idx"))
				}
				if err != nil {
					b.Fatal(err)
				}
				b.StartTimer()
				if _, err := x.Put(context.Background(), recs); err != nil {
					b.Fatal(err)
				}
				docs += len(recs)
				b.StopTimer()
				x.Close()
				b.StartTimer()
			}
			b.ReportMetric(float64(docs)/b.Elapsed().Seconds(), "docs/s")
		})
	}
}

// BenchmarkPutUpdate is Put of a batch whose ids all exist already
// (re-ingest): the lookup of each id and the replacement.
func BenchmarkPutUpdate(b *testing.B) {
	recs := benchRecs(b, DefaultBatch)
	x, err := NewMemory()
	if err != nil {
		b.Fatal(err)
	}
	defer x.Close()
	if _, err := x.Put(context.Background(), recs); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := x.Put(context.Background(), recs); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N*len(recs))/b.Elapsed().Seconds(), "docs/s")
}

// BenchmarkDocument is the record → bleve document step alone (stored
// JSON, text fields, facet values).
func BenchmarkDocument(b *testing.B) {
	recs := benchRecs(b, 4)
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		if _, err := Document(&recs[i%len(recs)]); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkIngest runs files → ParseFile → Put in batches into a disk
// index, like "projektsok ingest" but in one goroutine, for profiling.
func BenchmarkIngest(b *testing.B) {
	var files []ingest.File
	dir := os.Getenv("PROJEKTSOK_BENCH_CORPUS")
	if dir != "" {
		var err error
		if files, _, err = ingest.Files([]string{dir}); err != nil {
			b.Fatal(err)
		}
		limit := 5000
		if s := os.Getenv("PROJEKTSOK_BENCH_LIMIT"); s != "" {
			if limit, _ = strconv.Atoi(s); limit <= 0 {
				b.Fatalf("bad PROJEKTSOK_BENCH_LIMIT %q", s)
			}
		}
		files = files[:min(limit, len(files))]
	} else {
		sample, err := filepath.Glob("../ingest/sample/*.txt")
		if err != nil || len(sample) == 0 {
			b.Fatalf("no sample files: %v", err)
		}
		// the samples under distinct names, 500 documents in all
		tmp := b.TempDir()
		for i := 0; i < 500; i++ {
			data, err := os.ReadFile(sample[i%len(sample)])
			if err != nil {
				b.Fatal(err)
			}
			name := filepath.Join(tmp, fmt.Sprintf("%03d_%s", i, filepath.Base(sample[i%len(sample)])))
			if err := os.WriteFile(name, data, 0o644); err != nil {
				b.Fatal(err)
			}
			files = append(files, ingest.File{Path: name, Rel: filepath.Base(name)})
		}
	}
	var bytes int64
	for _, f := range files {
		if fi, err := os.Stat(f.Path); err == nil {
			bytes += fi.Size()
		}
	}
	b.SetBytes(bytes)
	b.ReportAllocs()
	docs := 0
	for b.Loop() {
		b.StopTimer()
		x, err := Create(filepath.Join(b.TempDir(), "idx"))
		if err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		batch := make([]ingest.Record, 0, DefaultBatch)
		for i, f := range files {
			r, err := f.Parse()
			if err != nil {
				if strings.Contains(err.Error(), "unsupported") {
					continue
				}
				b.Fatal(err)
			}
			batch = append(batch, r)
			if len(batch) == DefaultBatch || i == len(files)-1 {
				if _, err := x.Put(context.Background(), batch); err != nil {
					b.Fatal(err)
				}
				docs += len(batch)
				batch = batch[:0]
			}
		}
		if err := x.Close(); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(docs)/b.Elapsed().Seconds(), "docs/s")
}

// BenchmarkFacetTables builds the facet tables of a 4,000-document index
// (what the first search after opening or a merge pays) and scans them
// for all documents (what counting the facets of the empty query reads).
func BenchmarkFacetTables(b *testing.B) {
	x, err := NewMemory()
	if err != nil {
		b.Fatal(err)
	}
	defer x.Close()
	recs := benchRecs(b, 4000)
	for i := range recs {
		recs[i].Municipalities = []string{fmt.Sprintf("Kommun %d", i%290), "Umeå"}
		recs[i].Owner = fmt.Sprintf("Ägare %d", i%700)
	}
	if _, err := x.Put(context.Background(), recs); err != nil {
		b.Fatal(err)
	}
	b.Run("build", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			x.gen.mu.Lock()
			x.gen.tables = newTableCache()
			x.gen.mu.Unlock()
			if err := x.WarmFacets(); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("scan", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			s, err := x.FacetSnapshot()
			if err != nil {
				b.Fatal(err)
			}
			n := 0
			err = s.Scan(context.Background(), bleve.NewMatchAllQuery(), func(ords []uint32, _ float64) { n += len(ords) })
			s.Close()
			if err != nil || n == 0 {
				b.Fatal(err, n)
			}
		}
	})
}

// foldBench are the words typed without å/ä/ö and the fields the fold
// benchmarks look them up in.
var (
	foldBenchWords  = []string{"sokandelots", "samhallet", "forsorjningsstod", "overtornea"}
	foldBenchFields = []string{FieldTitle, FieldSummary, FieldBody}
)

// foldBenchIndex is an index of 2,000 benchmark documents, closed when b ends.
func foldBenchIndex(b *testing.B) *Index {
	b.Helper()
	x, err := NewMemory()
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { x.Close() })
	if _, err := x.Put(context.Background(), benchRecs(b, 2000)); err != nil {
		b.Fatal(err)
	}
	return x
}

// BenchmarkDiacriticTerms looks up the spellings with å/ä/ö of words
// typed without them by the regular-expression walk the fold tables
// replaced (the reference in the tests), for comparison with
// BenchmarkFoldedTerms.
func BenchmarkDiacriticTerms(b *testing.B) {
	x := foldBenchIndex(b)
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		x.changes.Add(1)
		pattern, ok := FoldPattern(FoldedForms(foldBenchWords[i%len(foldBenchWords)]), false)
		if !ok {
			b.Fatal("no pattern")
		}
		if _, err := diacriticTerms(context.Background(), x, pattern, foldBenchFields, 1000); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkFoldedTerms is the same look-up from the fold tables ("lookup",
// tables built) and the building of a segment's tables ("build").
func BenchmarkFoldedTerms(b *testing.B) {
	x := foldBenchIndex(b)
	b.Run("lookup", func(b *testing.B) {
		b.ReportAllocs()
		for i := 0; b.Loop(); i++ {
			if _, err := x.FoldedTerms(context.Background(), FoldedForms(foldBenchWords[i%len(foldBenchWords)]), false, foldBenchFields, 1000); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("build", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			x.gen.tables.folds = newFoldCache()
			if err := x.WarmFolds(); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// benchCorpusRecs returns up to n records parsed from the folder named
// by PROJEKTSOK_BENCH_CORPUS (see BenchmarkIngest), or from the bundled
// samples when it is not set.
func benchCorpusRecs(b *testing.B, n int) []ingest.Record {
	b.Helper()
	dir := os.Getenv("PROJEKTSOK_BENCH_CORPUS")
	if dir == "" {
		return benchRecs(b, 4)
	}
	files, _, err := ingest.Files([]string{dir})
	if err != nil {
		b.Fatal(err)
	}
	var out []ingest.Record
	for _, f := range files {
		if len(out) == n {
			break
		}
		if r, err := f.Parse(); err == nil {
			out = append(out, r)
		}
	}
	if len(out) == 0 {
		b.Fatalf("no documents in %s", dir)
	}
	return out
}

// BenchmarkAnalyzeDocument is what bleve does per document of a batch
// before it builds a segment: the record becomes a bleve document through
// the mapping, and every field is analyzed (tokens, terms, frequencies
// and term vectors). B/op is most of what a batch keeps in memory until
// it is persisted. PROJEKTSOK_BENCH_CORPUS takes the documents from a
// folder (the first 2,000).
func BenchmarkAnalyzeDocument(b *testing.B) {
	recs := benchCorpusRecs(b, 2000)
	m, err := Mapping()
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		r := &recs[i%len(recs)]
		data, err := Document(r)
		if err != nil {
			b.Fatal(err)
		}
		doc := document.NewDocument(r.ID)
		if err := m.MapDocument(doc, data); err != nil {
			b.Fatal(err)
		}
		doc.VisitFields(func(f index.Field) {
			if f.Options().IsIndexed() { // as scorch does: raw, file and rest are only stored
				f.Analyze()
			}
		})
	}
}

// BenchmarkFoldedForms is the lexicon's part of a word typed without
// å/ä/ö (search's foldedTerms runs both per such word of a query): the
// forms it may stand for, and the bases of those forms, looked up
// ("lookup") and remembered from an earlier ask ("remembered").
func BenchmarkFoldedForms(b *testing.B) {
	if _, _, err := loadSwedish(); err != nil {
		b.Fatal(err)
	}
	for _, c := range []struct {
		name         string
		forms, bases func(string) []string
	}{{"lookup", foldedForms, foldedBases}, {"remembered", FoldedForms, FoldedBases}} {
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			for i := 0; b.Loop(); i++ {
				w := foldBenchWords[i%len(foldBenchWords)]
				if len(c.forms(w)) == 0 {
					b.Fatal("no forms")
				}
				c.bases(w)
			}
		})
	}
}
