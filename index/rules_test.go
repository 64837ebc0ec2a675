package index

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"projektsok/ingest"
)

// Tests that pin each Swedish rule with words on both sides of it,
// through what the analyzers emit (the terms a search can find), not
// through the word list or the splitter, which may change.

// termSet is the set of terms AnalyzerText emits for a word.
func termSet(t *testing.T, analyzer, word string) map[string]bool {
	t.Helper()
	toks, err := Analyze(analyzer, word)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]bool{}
	for _, tk := range toks {
		out[tk.Term] = true
	}
	return out
}

func TestCompoundRules(t *testing.T) {
	tests := []struct {
		rule, word  string
		has, hasNot []string
	}{
		// a part ending in -o stands for a word ending in -a ...
		{"o for a", "kvinnoprojekt", []string{"kvinna", "projekt"}, []string{"kvinno"}},
		{"o for a", "kvinnofrid", []string{"kvinna", "frid"}, nil},
		// ... but a word that ends in -o keeps it
		{"o kept", "radioprogram", []string{"radio", "program"}, []string{"radia"}},
		{"o kept", "fotoprojekt", []string{"foto", "projekt"}, []string{"fota"}},
		// a linking -s- joins parts
		{"linking s", "arbetsmarknadspolitiken", []string{"arbete", "arbetsmarknad", "marknad", "politik"}, []string{"arbets", "marknads"}},
		{"linking s", "kunskapsbank", []string{"kunskap", "bank"}, nil},
		{"linking s", "statsråd", []string{"stat", "råd"}, []string{"stats"}},
		// a part may have lost a final -a or -e
		{"lost a", "skolverket", []string{"skola", "verk"}, []string{"skol"}},
		{"lost e", "arbetsgivaravgifter", []string{"arbetsgivare", "avgift"}, []string{"arbetsgivar"}},
		// listed three-letter words are parts ...
		{"short part", "lagstiftning", []string{"lag"}, nil},
		{"short part", "tidplan", []string{"tid", "plan"}, nil},
		{"short part", "målgruppen", []string{"mål", "grupp"}, nil},
		// ... other three-letter words are not
		{"short word not a part", "armband", nil, []string{"arm"}},
		// a head of four letters is a part (issue 15: the head finds
		// every method of its family), a three-letter prefix is not
		{"short head", "sökandelots", []string{"lots", "sökande"}, []string{"sök"}},
		// parts never split off (data/bad_parts.txt), while the
		// same words split real compounds
		{"never split", "förslag", nil, []string{"förs", "lag"}},
		{"never split", "genomslag", nil, []string{"genom", "slag", "lag"}},
		{"never split", "inomhus", nil, []string{"inom", "hus"}},
		{"never split", "utbildning", nil, []string{"ning", "utbild"}},
		{"never split", "deltagare", nil, []string{"delta", "gare"}},
		// a frequent word is not split into a rarer word and a fragment
		{"kommun is not in kommunikation", "kommunikation", nil, []string{"kommun"}},
		{"kommun is not in kommunist", "kommunist", nil, []string{"kommun"}},
		{"real compound", "kommunledningen", []string{"kommun", "ledning"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.rule+"/"+tt.word, func(t *testing.T) {
			got := termSet(t, AnalyzerText, tt.word)
			for _, w := range tt.has {
				if !got[w] {
					t.Errorf("%s: %q lacks the term %q: %v", tt.rule, tt.word, w, got)
				}
			}
			for _, w := range tt.hasNot {
				if got[w] {
					t.Errorf("%s: %q has the term %q: %v", tt.rule, tt.word, w, got)
				}
			}
		})
	}
}

// TestQueryWordsNotSplit: a query word is never split (the index holds the
// parts of every compound already); its terms are its base form only.
func TestQueryWordsNotSplit(t *testing.T) {
	for word, want := range map[string][]string{
		"kvinnoprojekt":           {"kvinnoprojekt"},
		"arbetsmarknadspolitiken": {"arbetsmarknadspolitik"},
		"och":                     nil, // a stop word yields nothing
	} {
		got, err := QueryTerms(AnalyzerText, word)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("QueryTerms(%q) (-want +got):\n%s", word, diff)
		}
	}
	// the folded query analyzer does not split either, and folds
	got, err := QueryTerms(AnalyzerFolded, "Kvinnoprojekten")
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || strings.ContainsAny(got[0], "åäö") || !strings.HasPrefix(got[0], "kvinnoprojekt") {
		t.Errorf("QueryTerms(folded, Kvinnoprojekten) = %v", got)
	}
}

// TestFoldedTermsRules: the look-up behind words typed without å/ä/ö
// returns only terms with a diacritic (the typed spelling is searched as
// typed), from the fields asked for, sorted, fails beyond its limit and
// follows writes.
func TestFoldedTermsRules(t *testing.T) {
	x, err := NewMemory()
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	recs := []ingest.Record{
		{ID: "a", Source: "a.txt", DocType: ingest.TypeProject, Title: "Samhälle och samhalle",
			Sections: []ingest.Section{{Heading: "Bakgrund", Text: "Ett nytt sämhalle, ett samhällë och ett samhalle."}}},
		{ID: "b", Source: "b.txt", DocType: ingest.TypeProject, Title: "Annat",
			Sections: []ingest.Section{{Heading: "Bakgrund", Text: "Orden i kroppen: säm."}}},
	}
	if _, err := x.Put(context.Background(), recs); err != nil {
		t.Fatal(err)
	}
	forms := []string{"samhalle"}
	got, err := x.FoldedTerms(context.Background(), forms, false, []string{FieldTitle, FieldSummary, FieldBody}, 10)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"samhälle", "samhällë", "sämhalle"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("FoldedTerms (-want +got):\n%s", diff)
	}
	// only the fields asked for
	got, err = x.FoldedTerms(context.Background(), forms, false, []string{FieldTitle}, 10)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{"samhälle"}, got); diff != "" {
		t.Errorf("title only (-want +got):\n%s", diff)
	}
	// the limit: exactly max terms are fine, one more is an error
	if got, err := x.FoldedTerms(context.Background(), forms, false, []string{FieldTitle, FieldSummary, FieldBody}, 3); err != nil || len(got) != 3 {
		t.Errorf("max 3 of 3 terms: %v %v", got, err)
	}
	if _, err := x.FoldedTerms(context.Background(), forms, false, []string{FieldTitle, FieldSummary, FieldBody}, 2); !errors.Is(err, ErrTooManyTerms) {
		t.Errorf("max 2 of 3 terms: err = %v, want ErrTooManyTerms", err)
	}
	// asking again gives the same error
	if _, err := x.FoldedTerms(context.Background(), forms, false, []string{FieldTitle, FieldSummary, FieldBody}, 2); !errors.Is(err, ErrTooManyTerms) {
		t.Errorf("max 2 again: err = %v", err)
	}
	// after a write the answer follows the new terms
	recs[1].Sections[0].Text = "Nu finns samhällé här."
	if _, err := x.Put(context.Background(), recs[1:]); err != nil {
		t.Fatal(err)
	}
	got, err = x.FoldedTerms(context.Background(), forms, false, []string{FieldTitle, FieldSummary, FieldBody}, 10)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{"samhälle", "samhällé", "samhällë", "sämhalle"}, got); diff != "" {
		t.Errorf("after a write (-want +got):\n%s", diff)
	}
}

// TestFoldedAnalysis: the folded analyzers give a word typed without
// å/ä/ö the terms of the word with them, and keep words without any.
func TestFoldedAnalysis(t *testing.T) {
	for _, tt := range []struct{ with, without string }{
		{"sökandelotsen", "sokandelotsen"},
		{"Övertorneå", "Overtornea"},
		{"försörjningsstödet", "forsorjningsstodet"},
	} {
		a, b := termSet(t, AnalyzerFoldedQuery, tt.with), termSet(t, AnalyzerFoldedQuery, tt.without)
		if diff := cmp.Diff(a, b); diff != "" {
			t.Errorf("%s vs %s (-with +without):\n%s", tt.with, tt.without, diff)
		}
		for term := range a {
			if strings.ContainsAny(term, "åäöÅÄÖ") {
				t.Errorf("folded term %q keeps a diacritic", term)
			}
		}
	}
	// AnalyzerFoldedOnly keeps only the terms folding changed
	only := termSet(t, AnalyzerFoldedOnly, "samverkan i Umeå")
	if diff := cmp.Diff(map[string]bool{"umea": true}, only); diff != "" {
		t.Errorf("folded-only terms (-want +got):\n%s", diff)
	}
	// and AnalyzerText keeps the spelling
	if got := termSet(t, AnalyzerText, "Umeå"); !got["umeå"] || got["umea"] {
		t.Errorf("text terms of Umeå: %v", got)
	}
}

// TestFoldPatternLength: a word of MaxFoldedRunes letters gets a pattern,
// one letter more does not (its spellings are not looked up).
func TestFoldPatternLength(t *testing.T) {
	at := strings.Repeat("o", MaxFoldedRunes)
	if _, ok := FoldPattern([]string{at}, false); !ok {
		t.Errorf("no pattern for a word of %d letters", MaxFoldedRunes)
	}
	if _, ok := FoldPattern([]string{at + "o"}, false); ok {
		t.Errorf("a pattern for a word of %d letters", MaxFoldedRunes+1)
	}
	if _, ok := FoldPattern([]string{"arbete", at + "o"}, false); ok {
		t.Error("a pattern although one form is too long")
	}
}
