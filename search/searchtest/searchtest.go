// Package searchtest holds the test corpora and index set-up that the
// tests of package search and of its HTTP adapter, search/web, share.
package searchtest

import (
	"context"
	"encoding/csv"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"projektsok/index"
	"projektsok/ingest"
)

// Fixture is a small corpus written for these tests: each record states
// the facts that the tests of search and search/web rely on.
func Fixture() []ingest.Record {
	sec := func(summary, body string) []ingest.Section {
		return []ingest.Section{{Heading: "Sammanfattning", Text: summary}, {Heading: "Bakgrund", Text: body}}
	}
	return []ingest.Record{
		{ID: "lots-vastervik", Source: "a.txt", DocType: ingest.TypeReport, Title: "Sökandelotsar i Västervik",
			Owner: "Västerviks kommun", Region: "Småland och öarna", County: "Kalmar län",
			Municipalities: []string{"Västervik", "Hultsfred"}, PeriodStart: "2020-08-15", PeriodEnd: "2022-12-31",
			TotalBudgetSEK: 4_000_000, Methods: []string{"Sökandelots"},
			Sections: sec("Sökandelotsen arbetade med 29 deltagare.", "Metoden sökandelots utvecklades ur SIUS. <script>alert(1)</script>")},
		{ID: "matchning-botkyrka", Source: "b.txt", DocType: ingest.TypeProject, Title: "Matchning mot arbete",
			Owner: "Botkyrka kommun", Region: "Stockholm", County: "Stockholms län", Phase: "Genomförande",
			Municipalities: []string{"Botkyrka"}, PeriodStart: "2015-01-01", PeriodEnd: "2016-06-30",
			TotalBudgetSEK: 900_000, Methods: []string{"Matchning"},
			Sections: sec("Projektet matchar arbetssökande mot arbetsgivare.", "Arbetsmarknaden i Botkyrka.")},
		{ID: "huddinge-unga", Source: "c.txt", DocType: ingest.TypeProject, Title: "Unga till arbete",
			Owner: "Huddinge kommun", Region: "Stockholm", County: "Stockholms län", Phase: "Avslutat",
			Municipalities: []string{"Huddinge", "Botkyrka"}, PeriodStart: "2018-03-01", PeriodEnd: "2019-12-31",
			TotalBudgetSEK: 12_000_000,
			Sections:       sec("Unga arbetslösa i Huddinge och Botkyrka får coachning.", "Arbetsmarknaden för unga.")},
		{ID: "umea-validering", Source: "d.txt", DocType: ingest.TypeProject, Title: "Validering i Umeå",
			Owner: "Umeå kommun", Region: "Övre Norrland", County: "Västerbottens län", Phase: "Genomförande",
			Municipalities: []string{"Umeå"}, PeriodStart: "2014-01-02", PeriodEnd: "2014-12-31",
			TotalBudgetSEK: 450_000, Methods: []string{"Validering"},
			Sections: sec("Validering av kompetens för nyanlända.", "Kommunikation med arbetsgivare i Umeå.")},
		{ID: "overtornea", Source: "e.txt", DocType: ingest.TypeProject, Title: "Samverkan i Övertorneå",
			Owner: "Övertorneå kommun", Region: "Övre Norrland", County: "Norrbottens län",
			Municipalities: []string{"Övertorneå"},
			Sections:       sec("Försörjningsstöd och arbete i Övertorneå.", "")},
	}
}

// SimilarFixture is a small corpus where the most similar document is known:
// three pairs that share text and structure, and two unrelated documents.
func SimilarFixture() []ingest.Record {
	sec := func(summary, body string) []ingest.Section {
		return []ingest.Section{{Heading: "Sammanfattning", Text: summary}, {Heading: "Genomförande", Text: body}}
	}
	return []ingest.Record{
		{ID: "lots-vastervik", DocType: ingest.TypeReport, Title: "Sökandelotsar i Västervik",
			Owner: "Västerviks kommun", ProgrammeArea: "Programområde 2", County: "Kalmar län",
			Municipalities: []string{"Västervik"}, Methods: []string{"Sökandelots"},
			TargetGroups: []string{"Långtidsarbetslösa"},
			Sections: sec("Sökandelotsar stöttade långtidsarbetslösa med försörjningsstöd på vägen till arbete.",
				"Varje sökandelots hade täta arbetsgivarkontakter och ordnade praktikplatser. Sökandelotsarna "+
					"följde deltagarna hela vägen till anställning och gav stöd även efter anställningen.")},
		{ID: "lots-vastervik-2", DocType: ingest.TypeProject, Title: "Sökandelots – fortsättning",
			Owner: "Västerviks kommun", ProgrammeArea: "Programområde 2", County: "Kalmar län",
			Municipalities: []string{"Västervik", "Hultsfred"}, Methods: []string{"Sökandelots"},
			TargetGroups: []string{"Långtidsarbetslösa"},
			Sections: sec("Fortsättningen sprider metoden sökandelots till Hultsfred.",
				"Sökandelotsen bygger arbetsgivarkontakter och praktikplatser för personer med försörjningsstöd.")},
		{ID: "validering-umea", DocType: ingest.TypeProject, Title: "Validering av yrkeskompetens i Umeå",
			Owner: "Umeå kommun", ProgrammeArea: "Programområde 1", County: "Västerbottens län",
			Municipalities: []string{"Umeå"}, Methods: []string{"Validering", "OCN"},
			TargetGroups: []string{"Nyanlända"},
			Sections: sec("Nyanlända får sin yrkeskompetens validerad med OCN-metoden.",
				"Valideringen dokumenterar kunskaper från hemlandet. Handledare på arbetsplatsen bedömer "+
					"yrkeskunskaperna och deltagarna får intyg.")},
		{ID: "validering-skelleftea", DocType: ingest.TypeProject, Title: "Validering inom vård och omsorg",
			Owner: "Skellefteå kommun", ProgrammeArea: "Programområde 1", County: "Västerbottens län",
			Municipalities: []string{"Skellefteå"}, Methods: []string{"Validering"},
			TargetGroups: []string{"Nyanlända"},
			Sections: sec("Nyanlända undersköterskor får sin yrkeskompetens validerad.",
				"Handledare bedömer yrkeskunskaperna på arbetsplatsen och valideringen ger ett intyg.")},
		{ID: "unga-botkyrka", DocType: ingest.TypeProject, Title: "Unga vuxna i arbete",
			Owner: "Botkyrka kommun", ProgrammeArea: "Programområde 2", County: "Stockholms län",
			Municipalities: []string{"Botkyrka", "Huddinge"}, Methods: []string{"Motiverande samtal (MI)"},
			TargetGroups: []string{"Unga"},
			Sections: sec("Unga som varken arbetar eller studerar får studie- och yrkesvägledning.",
				"Coacherna använder motiverande samtal och möter ungdomarna i fritidsgårdar.")},
		{ID: "unga-huddinge", DocType: ingest.TypeProject, Title: "Ungdomar mot studier",
			Owner: "Huddinge kommun", ProgrammeArea: "Programområde 2", County: "Stockholms län",
			Municipalities: []string{"Huddinge", "Botkyrka"}, TargetGroups: []string{"Unga"},
			Sections: sec("Ungdomar som varken arbetar eller studerar får vägledning tillbaka till studier.",
				"Vi möter ungdomarna i fritidsgårdar och skolor.")},
		{ID: "kultur-gotland", DocType: ingest.TypeProject, Title: "Kulturarv och besöksnäring på Gotland",
			Owner: "Region Gotland", ProgrammeArea: "Programområde 3", County: "Gotlands län",
			Municipalities: []string{"Gotland"},
			Sections: sec("Museer och hembygdsföreningar utvecklar guidade turer.",
				"Besöksnäringen på ön ska locka turister även vintertid.")},
		{ID: "digital-lulea", DocType: ingest.TypeProject, Title: "Digital kompetens i industrin",
			Owner: "Luleå tekniska universitet", ProgrammeArea: "Programområde 1", County: "Norrbottens län",
			Municipalities: []string{"Luleå"},
			Sections: sec("Anställda i processindustrin lär sig automation och digitala verktyg.",
				"Kurserna hålls på distans och i företagens lokaler.")},
	}
}

// Index returns an in-memory index holding recs, closed when the test ends.
func Index(t testing.TB, recs []ingest.Record) *index.Index {
	t.Helper()
	idx, err := index.NewMemory()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { idx.Close() })
	if _, err := idx.Put(context.Background(), recs); err != nil {
		t.Fatal(err)
	}
	return idx
}

// BenchQueries are typical searches: frequent words, a compound, a phrase,
// a word typed without diacritics, a prefix, and the empty query (all
// documents: the largest facet work).
var BenchQueries = map[string][]string{
	"word":   {"arbetsmarknad", "utbildning", "integration", "kommun", "projekt"},
	"words":  {"lokal samverkan", "unga vuxna", "psykisk ohälsa"},
	"phrase": {`"lokal samverkan"`},
	"folded": {"jamstalldhet", "sokandelots"},
	"prefix": {"kompetens*"},
	"all":    {""},
}

// BenchRecords generates n ESF-like records from the words of the bundled
// sample documents, with facet values spread like the real project bank's:
// a few hundred owners, two to four municipalities of one county each.
// root is the repository's top folder, relative to the calling test.
func BenchRecords(root string, n int) ([]ingest.Record, error) {
	words, err := sampleWords(root)
	if err != nil {
		return nil, err
	}
	f, err := os.Open(filepath.Join(root, "ingest/data/municipalities.csv"))
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
func sampleWords(root string) ([]string, error) {
	dir := filepath.Join(root, "ingest/sample")
	ents, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	var words []string
	for _, e := range ents {
		b, err := os.ReadFile(filepath.Join(dir, e.Name()))
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
		return nil, fmt.Errorf("no words in %s", dir)
	}
	return words, nil
}
