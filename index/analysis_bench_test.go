package index

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/blevesearch/bleve/v2/registry"
)

// benchText is the bundled sample documents, about 30 KB of Swedish.
func benchText(b *testing.B) []byte {
	b.Helper()
	files, err := filepath.Glob("../ingest/sample/*.txt")
	if err != nil || len(files) == 0 {
		b.Fatalf("no sample files: %v", err)
	}
	var sb strings.Builder
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			b.Fatal(err)
		}
		sb.Write(data)
		sb.WriteByte('\n')
	}
	return []byte(sb.String())
}

func benchAnalyzer(b *testing.B, name string) {
	text := benchText(b)
	a, err := registry.NewCache().AnalyzerNamed(name)
	if err != nil {
		b.Fatal(err)
	}
	ntok := len(a.Analyze(text))
	b.SetBytes(int64(len(text)))
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		// The tokenizer's terms point into its input and filters may
		// rewrite them, so each run gets a fresh copy, like an indexer.
		in := append([]byte(nil), text...)
		a.Analyze(in)
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*ntok), "ns/token")
}

func BenchmarkAnalyzePlainSv(b *testing.B) { benchAnalyzer(b, "sv") }
func BenchmarkAnalyzeText(b *testing.B)    { benchAnalyzer(b, AnalyzerText) }
func BenchmarkAnalyzeFolded(b *testing.B)  { benchAnalyzer(b, AnalyzerFolded) }
func BenchmarkAnalyzeQuery(b *testing.B)   { benchAnalyzer(b, AnalyzerTextQuery) }

// BenchmarkDecodeDict is the one-time cost of the word list at startup.
func BenchmarkDecodeDict(b *testing.B) {
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		if _, err := decodeDict(wordsGz, badPartsTxt); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkDecodeLexicon is the one-time cost of the lexicon at startup:
// its tables (the FST is used in place).
func BenchmarkDecodeLexicon(b *testing.B) {
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		if _, err := decodeLexicon(lexiconBin); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkAnalyzeColdCache is AnalyzerText on text whose surfaces are not
// cached yet (every surface lowercased, lemmatised and split afresh, no
// lexicon walk cached): the worst case, as at the start of an ingest.
func BenchmarkAnalyzeColdCache(b *testing.B) {
	text := benchText(b)
	a, err := registry.NewCache().AnalyzerNamed(AnalyzerText)
	if err != nil {
		b.Fatal(err)
	}
	ntok := len(a.Analyze(append([]byte(nil), text...)))
	b.SetBytes(int64(len(text)))
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		for s := range surfaceCache {
			surfaceCache[s].mu.Lock()
			surfaceCache[s].m = nil
			surfaceCache[s].mu.Unlock()
		}
		prefixCache.clear()
		in := append([]byte(nil), text...)
		b.StartTimer()
		a.Analyze(in)
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*ntok), "ns/token")
}
