package ingest

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// smallReport is a synthetic final report of about 1.2 KB, the size of a
// typical document of the benchmark corpus.
const smallReport = `# Vägen till arbete i Västerbotten

## Bakgrund

Projektet har arbetat med unga vuxna och nyanlända som står långt ifrån
arbetsmarknaden. Många av deltagarna har varit inskrivna hos
Arbetsförmedlingen under lång tid och har behövt stöd för att komma vidare
till arbete eller studier.

## Genomförande

Under projekttiden har deltagarna fått individuell coachning, studie- och
yrkesvägledning och praktik hos arbetsgivare i regionen. Metoden har byggt
på motiverande samtal och en tidig kartläggning av varje deltagares behov.
Samverkan med kommunernas vuxenutbildning har varit viktig för att ge
deltagarna möjlighet att läsa in gymnasiekurser parallellt med praktiken.

## Resultat

Av de 120 deltagarna har 48 gått vidare till arbete och 31 till studier.
Projektet har också tagit fram ett material för handledare på
arbetsplatserna som kommer att användas även efter projekttidens slut.
Erfarenheterna sprids nu till fler kommuner i länet genom nätverket för
vuxenutbildning.

Projektägare har varit Arbetsförmedlingen.
Projektnr: 2019/00123
Projektperiod: 1 mars 2019 – 31 december 2021
Deltagande kommuner: Umeå, Skellefteå och Lycksele.
`

func readSeed(b *testing.B, name string) []byte {
	b.Helper()
	data, err := os.ReadFile(filepath.Join("sample", name))
	if err != nil {
		b.Fatal(err)
	}
	return data
}

// BenchmarkParse parses each bundled seed document.
func BenchmarkParse(b *testing.B) {
	paths, err := filepath.Glob("sample/*.txt")
	if err != nil || len(paths) == 0 {
		b.Fatalf("no seeds: %v", err)
	}
	for _, p := range paths {
		data, err := os.ReadFile(p)
		if err != nil {
			b.Fatal(err)
		}
		b.Run(strings.SplitN(filepath.Base(p), "_", 2)[0], func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(len(data)))
			for b.Loop() {
				if _, err := Parse(p, data); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkParseSmallReport parses a typical ~1.2 KB Markdown final report.
func BenchmarkParseSmallReport(b *testing.B) {
	data := []byte(smallReport)
	b.ReportAllocs()
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		if _, err := Parse("small.md", data); err != nil {
			b.Fatal(err)
		}
	}
}

const seed002 = "002_b8b164406977b26c.txt"

// BenchmarkRecognize runs the method/target-group lexicon over the text of
// a long final report (seed 002, about 50 KB).
func BenchmarkRecognize(b *testing.B) {
	text := string(readSeed(b, seed002))
	b.ReportAllocs()
	b.SetBytes(int64(len(text)))
	for b.Loop() {
		Recognize(text)
	}
}

// BenchmarkFindMentions runs the municipality finder over the same text.
func BenchmarkFindMentions(b *testing.B) {
	text := string(readSeed(b, seed002))
	if _, err := loadGazetteer(); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.SetBytes(int64(len(text)))
	for b.Loop() {
		findMentions(text)
	}
}

// BenchmarkParsePeriod looks for a date range in the same text.
func BenchmarkParsePeriod(b *testing.B) {
	text := string(readSeed(b, seed002))
	b.ReportAllocs()
	b.SetBytes(int64(len(text)))
	for b.Loop() {
		parsePeriod(text)
	}
}

// BenchmarkParseCorpus parses the first 5,000 files of a corpus folder
// (PROJEKTSOK_BENCH_CORPUS, for example the corpus folder that
// "go run ./cmd/bench -keep" leaves) as the ingest does; one op is one
// file.
func BenchmarkParseCorpus(b *testing.B) {
	dir := os.Getenv("PROJEKTSOK_BENCH_CORPUS")
	if dir == "" {
		b.Skip("set PROJEKTSOK_BENCH_CORPUS to a folder of .md/.txt files")
	}
	var files []string
	var data [][]byte
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || len(files) == 5000 {
			return err
		}
		if Supported(p) {
			c, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			files, data = append(files, p), append(data, c)
		}
		return nil
	})
	if err != nil || len(files) == 0 {
		b.Fatalf("no files in %s: %v", dir, err)
	}
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		k := i % len(files)
		if _, err := Parse(files[k], data[k]); err != nil {
			b.Fatal(err)
		}
	}
}
