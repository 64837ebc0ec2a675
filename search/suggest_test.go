package search

import (
	"context"
	"errors"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"

	"projektsok/ingest"
	"projektsok/search/searchtest"
)

func TestSuggest(t *testing.T) {
	eng := testEngine(t, searchtest.Fixture())
	tests := []struct {
		typed     string
		wantWords []string
		wantTitle string
	}{
		// base forms, not every inflection; compound parts are words too
		{"sökan", []string{"sökande", "sökandelots"}, "Sökandelotsar i Västervik"},
		{"metoden sökan", []string{"metoden sökande", "metoden sökandelots"}, ""},
		{"valid", []string{"validering"}, "Validering i Umeå"},
		{"s", nil, ""},
		{"", nil, ""},
	}
	for _, tt := range tests {
		t.Run(tt.typed, func(t *testing.T) {
			got, err := eng.Suggest(context.Background(), tt.typed)
			if err != nil {
				t.Fatal(err)
			}
			var words []string
			title := ""
			for _, s := range got {
				if s.Kind == "word" {
					words = append(words, s.Text)
				} else if title == "" {
					title = s.Text
				}
			}
			if diff := cmp.Diff(tt.wantWords, words); diff != "" {
				t.Errorf("words (-want +got):\n%s", diff)
			}
			if title != tt.wantTitle {
				t.Errorf("first title = %q, want %q", title, tt.wantTitle)
			}
		})
	}
}

func TestDidYouMean(t *testing.T) {
	eng := testEngine(t, searchtest.Fixture())
	tests := []struct{ q, want string }{
		{"valdiering", "validering"},
		{`"arbete i overtornea"`, `"arbete i övertorneå"`}, // phrases match as typed; offer å/ä/ö
		{"sökandelotsar botkyrak", ""},                     // respelled query still finds nothing
		{"validering", ""},                                 // found: nothing to suggest
		{"xqzvwk", ""},
	}
	for _, tt := range tests {
		t.Run(tt.q, func(t *testing.T) {
			res, err := eng.Search(context.Background(), Request{Query: tt.q, Size: 10})
			if err != nil {
				t.Fatal(err)
			}
			if res.Suggestion != tt.want {
				t.Errorf("suggestion = %q, want %q", res.Suggestion, tt.want)
			}
		})
	}
}

// TestDidYouMeanOffersWordsPeopleWrite: a respelling is a word of the
// documents as written, never the analyzer's base form.
func TestDidYouMeanOffersWordsPeopleWrite(t *testing.T) {
	eng := testEngine(t, []ingest.Record{
		projectDoc("samverkan", "Samverkan kring integrationen av nyanlända. Samverkan mellan kommunerna och integrationen på arbetsplatsen."),
		projectDoc("integration", "Integrationen går bättre med samverkan och språkstöd."),
	})
	for _, tt := range []struct{ q, want string }{
		{"samverakn", "samverkan"},
		{"integrationenn", "integrationen"},
	} {
		res, err := eng.Search(context.Background(), Request{Query: tt.q, Size: 10})
		if err != nil {
			t.Fatal(err)
		}
		if res.Suggestion != tt.want {
			t.Errorf("%s: suggestion %q, want %q", tt.q, res.Suggestion, tt.want)
		}
	}
}

func TestFacetAll(t *testing.T) {
	eng := testEngine(t, searchtest.Fixture())
	tests := []struct {
		name, key, prefix string
		req               Request
		want              []FacetValue
	}{
		{"all municipalities", "municipality", "", Request{},
			[]FacetValue{{"Botkyrka", 2}, {"Huddinge", 1}, {"Hultsfred", 1}, {"Umeå", 1}, {"Västervik", 1}, {"Övertorneå", 1}}},
		{"prefix ignores case and diacritics", "municipality", "o", Request{}, []FacetValue{{"Övertorneå", 1}}},
		{"prefix matches later words", "owner", "kommun", Request{}, []FacetValue{
			{"Botkyrka kommun", 1}, {"Huddinge kommun", 1}, {"Umeå kommun", 1}, {"Västerviks kommun", 1}, {"Övertorneå kommun", 1}}},
		{"no match", "owner", "zz", Request{}, nil},
		{"prefix on a word", "region", "norr", Request{}, []FacetValue{{"Övre Norrland", 2}}},
		{"own filter left out", "municipality", "", Request{Filters: map[string][]string{"municipality": {"Umeå"}, "region": {"Stockholm"}}},
			[]FacetValue{{"Botkyrka", 2}, {"Huddinge", 1}}},
		{"with a query", "region", "", Request{Query: "arbetsmarknaden"}, []FacetValue{{"Stockholm", 2}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := eng.FacetAll(context.Background(), tt.key, tt.prefix, tt.req)
			if err != nil {
				t.Fatal(err)
			}
			want := tt.want
			if want == nil {
				want = []FacetValue{}
			}
			if diff := cmp.Diff(want, got.Values); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
	if _, err := eng.FacetAll(context.Background(), "nope", "", Request{}); !errors.Is(err, ErrNotFound) {
		t.Errorf("unknown facet: %v, want ErrNotFound", err)
	}
}

// TestRanking checks the order a person expects: title above body, the
// form typed above other inflections, inflections above compound parts,
// and all of these above a spelling without å/ä/ö.
func TestRanking(t *testing.T) {
	doc := func(id, title, text string) ingest.Record {
		return ingest.Record{ID: id, DocType: ingest.TypeProject, Title: title,
			Sections: []ingest.Section{{Heading: "Bakgrund", Text: text}}}
	}
	eng := testEngine(t, []ingest.Record{
		doc("inflected", "Projekt A", "Här arbetade sökandelotsen med deltagare i kommunen varje vecka."),
		doc("exact", "Projekt B", "Här arbetade en sökandelots med deltagare i kommunen varje vecka."),
		doc("title", "Sökandelots i kommunen", "Här arbetade vi med deltagare i kommunen varje vecka."),
		doc("compound", "Projekt D", "Här arbetade sökandelotsmetoden med deltagare i kommunen varje vecka."),
	})
	res, err := eng.Search(context.Background(), Request{Query: "sökandelots", Size: 10})
	if err != nil {
		t.Fatal(err)
	}
	got := hitIDs(res)
	want := []string{"title", "exact", "inflected", "compound"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("ranking (-want +got):\n%s", diff)
	}
}

// TestRankingFolded: typed without å/ä/ö, a query finds the words with
// them, and a document spelt exactly as typed ranks first.
func TestRankingFolded(t *testing.T) {
	eng := testEngine(t, []ingest.Record{
		projectDoc("diacritics", "En sökandelots i Övertorneå stöttade deltagare."),
		projectDoc("as-typed", "En sokandelots i Overtornea stöttade deltagare."),
		projectDoc("other", "En coach i Haparanda stöttade deltagare."),
	})
	for _, q := range []string{"sokandelots", "overtornea", "sokandelots overtornea"} {
		t.Run(q, func(t *testing.T) {
			res, err := eng.Search(context.Background(), Request{Query: q, Size: 10})
			if err != nil {
				t.Fatal(err)
			}
			got := hitIDs(res)
			if diff := cmp.Diff([]string{"as-typed", "diacritics"}, got); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

// TestFoldedInflected: an inflected form typed without å/ä/ö finds every
// form of its base, also when the base has none (fötterna typed as
// fotterna finds fot, foten and plattfot), and nothing else — as typed,
// not through the help for queries that find nothing.
func TestFoldedInflected(t *testing.T) {
	eng := testEngine(t, []ingest.Record{
		projectDoc("plural", "Fötterna värker."),
		projectDoc("singular", "Foten läkte."),
		projectDoc("compound", "Han har plattfot."),
		projectDoc("other", "En platta lades."),
	})
	for _, q := range []string{"fotterna", "fotter"} {
		t.Run(q, func(t *testing.T) {
			res, err := eng.Search(context.Background(), Request{Query: q, Size: 10})
			if err != nil {
				t.Fatal(err)
			}
			got := hitIDs(res)
			slices.Sort(got)
			if res.Relaxed != nil {
				t.Errorf("relaxed: %+v", res.Relaxed)
			}
			if diff := cmp.Diff([]string{"compound", "plural", "singular"}, got); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

// projectDoc is a project titled "Projekt ID" whose one section is text.
func projectDoc(id, text string) ingest.Record {
	return ingest.Record{ID: id, DocType: ingest.TypeProject, Title: "Projekt " + id,
		Sections: []ingest.Section{{Heading: "Bakgrund", Text: text}}}
}
