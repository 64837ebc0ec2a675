package search

import (
	"archive/tar"
	"compress/gzip"
	"context"
	"fmt"
	"hash/fnv"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"projektsok/index"
	"projektsok/ingest"
)

// BenchmarkSimilarCorpus measures Similar on a large real-language index:
//
//	PROJEKTSOK_BENCH_CORPUS=/work/shared/corpus/regeringen.tar.gz \
//	PROJEKTSOK_BENCH_INDEX=/tmp/projektsok-bench-index \
//	go test ./search/ -run '^$' -bench SimilarCorpus -benchtime 300x
//
// The index is built on first use (≈ 1 minute for the 44k documents) and
// reused. Facet values are derived from a hash of each path, since the
// corpus has none. Skipped when the variables are unset.
func BenchmarkSimilarCorpus(b *testing.B) {
	corpus, dir := os.Getenv("PROJEKTSOK_BENCH_CORPUS"), os.Getenv("PROJEKTSOK_BENCH_INDEX")
	if corpus == "" || dir == "" {
		b.Skip("set PROJEKTSOK_BENCH_CORPUS and PROJEKTSOK_BENCH_INDEX")
	}
	var idx *index.Index
	var err error
	if index.Exists(dir) {
		idx, err = index.OpenReadOnly(dir)
	} else {
		idx, err = buildBenchIndex(b, corpus, dir)
	}
	if err != nil {
		b.Fatal(err)
	}
	defer idx.Close()
	n, _ := idx.Count()
	eng := NewEngine(idx)
	ids := benchIDs(int(n))
	ctx := context.Background()
	lat := make([]time.Duration, 0, b.N)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		start := time.Now()
		if _, err := eng.Similar(ctx, ids[i%len(ids)], 5); err != nil {
			b.Fatal(err)
		}
		lat = append(lat, time.Since(start))
	}
	b.StopTimer()
	sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
	b.ReportMetric(float64(lat[len(lat)/2].Microseconds())/1000, "p50-ms")
	b.ReportMetric(float64(lat[len(lat)*99/100].Microseconds())/1000, "p99-ms")
	b.ReportMetric(float64(n), "docs")
}

// benchIDs spreads the measured documents over the whole index.
func benchIDs(n int) []string {
	var out []string
	for i := 0; i < n; i += max(n/200, 1) {
		out = append(out, fmt.Sprintf("r%05d", i))
	}
	return out
}

func buildBenchIndex(b *testing.B, corpus, dir string) (*index.Index, error) {
	f, err := os.Open(corpus)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	gz, err := gzip.NewReader(f)
	if err != nil {
		return nil, err
	}
	if err := os.MkdirAll(filepath.Dir(dir), 0o755); err != nil {
		return nil, err
	}
	idx, err := index.Create(dir)
	if err != nil {
		return nil, err
	}
	tr := tar.NewReader(gz)
	var batch []ingest.Record
	flush := func() error {
		if len(batch) == 0 {
			return nil
		}
		_, err := idx.Put(context.Background(), batch)
		batch = batch[:0]
		return err
	}
	i := 0
	for {
		h, err := tr.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
		if h.Typeflag != tar.TypeReg || !strings.HasSuffix(h.Name, ".md") {
			continue
		}
		data, err := io.ReadAll(tr)
		if err != nil {
			return nil, err
		}
		batch = append(batch, benchRecord(i, h.Name, string(data)))
		i++
		if len(batch) == 1000 {
			if err := flush(); err != nil {
				return nil, err
			}
		}
	}
	if err := flush(); err != nil {
		return nil, err
	}
	b.Logf("indexed %d documents into %s", i, dir)
	return idx, nil
}

var (
	benchMunicipalities = []string{"Botkyrka", "Huddinge", "Umeå", "Skellefteå", "Västervik", "Kalmar", "Luleå",
		"Malmö", "Göteborg", "Stockholm", "Uppsala", "Örebro", "Gävle", "Sundsvall", "Östersund", "Visby"}
	benchMethods = []string{"Sökandelots", "Supported employment (IPS)", "Validering", "OCN",
		"Motiverande samtal (MI)", "Matchning", "Coachning", "Studie- och yrkesvägledning"}
	benchTargets = []string{"Unga", "Nyanlända", "Långtidsarbetslösa", "Personer med funktionsnedsättning",
		"Sjukskrivna", "Utrikes födda"}
)

// benchRecord turns one corpus page into a record with facet values
// derived from a hash of its path.
func benchRecord(i int, path, text string) ingest.Record {
	h := fnv.New64a()
	h.Write([]byte(path))
	x := h.Sum64()
	pick := func(list []string, shift uint) string { return list[(x>>shift)%uint64(len(list))] }
	title, rest, _ := strings.Cut(text, "\n")
	title = strings.TrimSpace(strings.TrimPrefix(title, "#"))
	summary, body, _ := strings.Cut(strings.TrimSpace(rest), "\n\n")
	r := ingest.Record{
		ID: fmt.Sprintf("r%05d", i), Source: path, DocType: ingest.TypeProject, Title: title,
		Owner:          fmt.Sprintf("Organisation %d", (x>>8)%300),
		ProgrammeArea:  fmt.Sprintf("Programområde %d", 1+(x>>16)%3),
		Municipalities: []string{pick(benchMunicipalities, 20)},
		Sections: []ingest.Section{
			{Heading: "Sammanfattning", Text: summary},
			{Heading: "Text", Text: body},
		},
	}
	if (x>>28)%3 == 0 {
		r.Methods = []string{pick(benchMethods, 32)}
	}
	if (x>>36)%2 == 0 {
		r.TargetGroups = []string{pick(benchTargets, 40)}
	}
	return r
}
