package index

import (
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

// The relevance test set: queries with the documents they must and must not
// find, at the analyzer level (a document is found when it holds all the
// query's terms, which is what a term or match-all-terms query in bleve
// finds). It runs on documents written here and on the bundled sample.

var writtenDocs = map[string]string{
	"lots":      "Sökandelotsen träffar deltagarna varje vecka. Sökandelotsmetoden har spridits till fler orter.",
	"marknad":   "Arbetsmarknadsenheterna i länet samverkar med Arbetsförmedlingen om arbetsmarknadspolitiken.",
	"komm":      "Kommunikationen med kommunisterna var svår, sade kommunikatören.",
	"kommun":    "Projektet drivs av Övertorneå kommun och grannkommunerna i Tornedalen.",
	"armé":      "Armén övade i Boden. Larmet gick och det var varmt.",
	"projektil": "En projektil och en projektor på museet.",
	"fors":      "Försörjningsstödet minskade när fler fick egen försörjning.",
	"skola":     "Eleverna på gymnasiet och skolorna i kommunen.",
	"hogskola":  "Högskolan erbjuder lärarutbildningar.",
	"deltagare": "Deltagarna fick stöd av handledare.",
	"deltag":    "Deltagandet i valet ökade.",
	"stat":      "Statliga myndigheter och statsrådet.",
	"lag":       "Förslagen om ändrad lagstiftning remitterades.",
	"barn":      "Barnen lekte i baren.",
}

var writtenCases = []struct {
	query    string
	folded   bool // also as a word typed without å/ä/ö is searched (foldedMatches)
	want     []string
	mustNot  []string
	textOnly bool
}{
	{query: "sökandelots", want: []string{"lots"}, mustNot: []string{"marknad", "deltagare"}},
	{query: "Sökandelotsar", want: []string{"lots"}},
	{query: "sokandelots", folded: true, want: []string{"lots"}},
	{query: "metod", want: []string{"lots"}},
	{query: "arbetsmarknad", want: []string{"marknad"}, mustNot: []string{"kommun", "lots"}},
	{query: "arbetsmarknaden", want: []string{"marknad"}},
	{query: "arbetsmarknadspolitik", want: []string{"marknad"}},
	{query: "politik", want: []string{"marknad"}},
	{query: "enhet", want: []string{"marknad"}},
	{query: "kommun", want: []string{"kommun", "skola"}, mustNot: []string{"komm"}},
	{query: "kommuner", want: []string{"kommun", "skola"}, mustNot: []string{"komm"}},
	{query: "kommunikation", want: []string{"komm"}, mustNot: []string{"kommun"}},
	{query: "projekt", want: []string{"kommun"}, mustNot: []string{"projektil"}},
	{query: "projektet", want: []string{"kommun"}, mustNot: []string{"projektil"}},
	{query: "Overtornea", folded: true, want: []string{"kommun"}},
	{query: "Övertorneå", folded: true, want: []string{"kommun"}},
	{query: "arm", mustNot: []string{"armé"}},
	{query: "larm", want: []string{"armé"}},
	{query: "försörjning", want: []string{"fors"}},
	{query: "forsorjning", folded: true, want: []string{"fors"}},
	{query: "forsorjning", mustNot: []string{"fors"}},
	{query: "försörjningsstöd", want: []string{"fors"}},
	{query: "skola", want: []string{"skola", "hogskola"}},
	{query: "skolan", want: []string{"skola", "hogskola"}},
	{query: "utbildning", want: []string{"hogskola"}},
	{query: "deltagare", want: []string{"deltagare"}, mustNot: []string{"deltag"}},
	{query: "deltagande", want: []string{"deltag"}, mustNot: []string{"deltagare"}},
	{query: "stat", want: []string{"stat"}},
	{query: "statlig", want: []string{"stat"}},
	{query: "lag", want: []string{"lag"}},
	{query: "slag", mustNot: []string{"lag"}},
	{query: "barn", want: []string{"barn"}},
	{query: "bar", want: []string{"barn"}},
	{query: "handledare", want: []string{"deltagare"}},
}

func TestRelevanceWritten(t *testing.T) {
	for _, c := range writtenCases {
		match := func(query, doc string) bool { return matches(t, AnalyzerText, query, doc) }
		if c.folded {
			match = func(query, doc string) bool { return foldedMatches(t, query, doc) }
		}
		t.Run(c.query, func(t *testing.T) {
			for _, id := range c.want {
				if !match(c.query, writtenDocs[id]) {
					t.Errorf("%q (folded %v) does not find %q: %q", c.query, c.folded, id, writtenDocs[id])
				}
			}
			for _, id := range c.mustNot {
				if match(c.query, writtenDocs[id]) {
					t.Errorf("%q (folded %v) finds %q: %q", c.query, c.folded, id, writtenDocs[id])
				}
			}
		})
	}
}

// Sample documents: 001 pre-study Övre Norrland, 002 final report Kalmar
// län, 003 "Improve" Skellefteå/Lycksele/Umeå, 004 Inclusive Europe
// Stockholm.
var sampleCases = []struct {
	query  string
	folded bool
	want   []string // exactly these sample documents
}{
	{query: "sökandelots", want: []string{"002"}},
	{query: "sökandelotsarna", want: []string{"002"}},
	{query: "sokandelots", folded: true, want: []string{"002"}},
	{query: "kommunförbund", want: []string{"002"}},
	{query: "Kommunförbundet", want: []string{"002"}},
	{query: "kommunforbundet", folded: true, want: []string{"002"}},
	{query: "kompetensplattform", want: []string{"001"}},
	{query: "kompetensplattformarna", want: []string{"001"}},
	{query: "socialfond", want: []string{"001", "002", "004"}},
	{query: "Socialfonden", want: []string{"001", "002", "004"}},
	{query: "kommunikation", want: []string{"002"}},
	{query: "Hultsfred", want: []string{"002"}},
	{query: "Övertorneå", want: []string{"001", "003"}},
	{query: "overtornea", folded: true, want: []string{"001", "003"}},
	{query: "skelleftea", folded: true, want: []string{"001", "003"}},
	{query: "projektledare", want: []string{"002", "003"}},
	{query: "projekt", want: []string{"001", "002", "003", "004"}},
	{query: "arbetsmarknad", want: []string{"001", "002", "003"}},
	{query: "arbetsmarknadsenhet", want: []string{"001", "002", "003"}},
}

func TestRelevanceSample(t *testing.T) {
	files, err := filepath.Glob("../ingest/sample/*.txt")
	if err != nil || len(files) != 4 {
		t.Fatalf("want 4 sample files, got %v (%v)", files, err)
	}
	docs := map[string]map[string]bool{} // id -> terms
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		docs[filepath.Base(f)[:3]] = terms(t, AnalyzerText, string(data))
	}
	for _, c := range sampleCases {
		an := AnalyzerText
		t.Run(c.query, func(t *testing.T) {
			q, err := QueryTerms(an, c.query)
			if err != nil || len(q) == 0 {
				t.Fatalf("QueryTerms(%q) = %v, %v", c.query, q, err)
			}
			var got []string
			for id, set := range docs {
				all := true
				for _, term := range q {
					all = all && set[term]
				}
				if all || c.folded && foldedFinds(c.query, set) {
					got = append(got, id)
				}
			}
			sort.Strings(got)
			if strings.Join(got, " ") != strings.Join(c.want, " ") {
				t.Errorf("%s: %q (terms %v) finds %v, want %v", an, c.query, q, got, c.want)
			}
		})
	}
}
