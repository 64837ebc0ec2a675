package search

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"projektsok/index"
	"projektsok/ingest"
	"projektsok/search/searchtest"
)

func testEngine(t testing.TB, recs []ingest.Record) *Engine {
	t.Helper()
	return NewEngine(searchtest.Index(t, recs))
}

// ids are the ids of a response's hits, sorted.
func ids(res *Response) []string {
	out := append([]string{}, hitIDs(res)...)
	sort.Strings(out)
	return out
}

// hitIDs are the ids of a response's hits that match the query, in rank
// order (nil for none): not those added lacking a word (Response.Lacking).
func hitIDs(res *Response) []string {
	var out []string
	for _, h := range res.Matching() {
		out = append(out, h.ID)
	}
	return out
}

func TestSearchMatches(t *testing.T) {
	eng := testEngine(t, searchtest.Fixture())
	tests := []struct {
		name string
		req  Request
		want []string
	}{
		{"empty query finds all", Request{}, []string{"huddinge-unga", "lots-vastervik", "matchning-botkyrka", "overtornea", "umea-validering"}},
		{"word in title and body", Request{Query: "sökandelots"}, []string{"lots-vastervik"}},
		{"without diacritics", Request{Query: "overtornea"}, []string{"overtornea"}},
		{"all words required", Request{Query: "unga botkyrka"}, []string{"huddinge-unga"}},
		{"OR", Request{Query: "validering OR coachning"}, []string{"huddinge-unga", "umea-validering"}},
		{"exclude", Request{Query: "arbetsmarknaden -unga"}, []string{"matchning-botkyrka"}},
		{"phrase", Request{Query: `"arbetslösa i huddinge"`}, []string{"huddinge-unga"}},
		{"phrase order matters", Request{Query: `"huddinge arbetslösa"`}, []string{}},
		{"field query", Request{Query: "kommun:botkyrka"}, []string{"huddinge-unga", "matchning-botkyrka"}},
		{"title field", Request{Query: "title:arbete"}, []string{"huddinge-unga", "matchning-botkyrka"}},
		{"field value without å/ä/ö", Request{Query: "kommun:overtornea"}, []string{"overtornea"}},
		{"field value as whole words of a value", Request{Query: "projektägare:botkyrka"}, []string{"matchning-botkyrka"}},
		{"field value in quotes", Request{Query: `region:"övre norrland" validering`}, []string{"umea-validering"}},
		{"field value not a word prefix", Request{Query: "kommun:botk"}, []string{}},
		{"excluded field value", Request{Query: "arbete -kommun:huddinge"}, []string{"matchning-botkyrka", "overtornea", "umea-validering"}},
		{"prefix", Request{Query: "valider*"}, []string{"umea-validering"}},
		{"only stop words finds nothing", Request{Query: "och att"}, []string{}},
		{"filters: values of one field OR-ed", Request{Filters: map[string][]string{"municipality": {"Umeå", "Västervik"}}}, []string{"lots-vastervik", "umea-validering"}},
		{"filters: fields AND-ed", Request{Filters: map[string][]string{"municipality": {"Botkyrka", "Umeå"}, "region": {"Stockholm"}}}, []string{"huddinge-unga", "matchning-botkyrka"}},
		{"period overlap", Request{ActiveFrom: "2016-01-01", ActiveTo: "2018-12-31"}, []string{"huddinge-unga", "matchning-botkyrka"}},
		{"budget range", Request{BudgetMin: 500_000, BudgetMax: 5_000_000}, []string{"lots-vastervik", "matchning-botkyrka"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.req.Size = 10
			res, err := eng.Search(context.Background(), tt.req)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, ids(res)); diff != "" {
				t.Errorf("hits (-want +got):\n%s", diff)
			}
			if int(res.Total) != len(tt.want) {
				t.Errorf("total = %d, want %d", res.Total, len(tt.want))
			}
		})
	}
}

func TestSearchKommunDoesNotMatchKommunikation(t *testing.T) {
	eng := testEngine(t, searchtest.Fixture())
	res, err := eng.Search(context.Background(), Request{Query: "kommunikation", Size: 10})
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{"umea-validering"}, ids(res)); diff != "" {
		t.Errorf("kommunikation (-want +got):\n%s", diff)
	}
}

// TestFacetCountsMultiSelect checks every facet count against a brute-force
// count over the fixture: a facet's counts apply every filter but its own.
func TestFacetCountsMultiSelect(t *testing.T) {
	recs := searchtest.Fixture()
	eng := testEngine(t, recs)
	req := Request{Size: 10, Filters: map[string][]string{
		"municipality": {"Botkyrka", "Huddinge"},
		"region":       {"Stockholm"},
		"phase":        {"Genomförande"},
	}}
	res, err := eng.Search(context.Background(), req)
	if err != nil {
		t.Fatal(err)
	}
	matches := func(r *ingest.Record, skip string) bool {
		vals := index.FacetValues(r)
		for field, want := range req.Filters {
			if field == skip {
				continue
			}
			ok := false
			for _, w := range want {
				for _, v := range vals[field] {
					ok = ok || v == w
				}
			}
			if !ok {
				return false
			}
		}
		return true
	}
	for _, key := range []string{"municipality", "region", "phase", "owner", "doc_type", "county"} {
		counts := map[string]int{}
		for i := range recs {
			if matches(&recs[i], key) {
				for _, v := range index.FacetValues(&recs[i])[key] {
					counts[v]++
				}
			}
		}
		want := []FacetValue{}
		for v, n := range counts {
			want = append(want, FacetValue{v, n})
		}
		for _, s := range req.Filters[key] {
			if counts[s] == 0 {
				want = append(want, FacetValue{s, 0})
			}
		}
		sortFacet(want)
		got := append([]FacetValue{}, res.Facets[key]...)
		sortFacet(got)
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("facet %s (-brute force +got):\n%s", key, diff)
		}
	}
	if res.Total != 1 {
		t.Errorf("total = %d, want 1 (matchning-botkyrka)", res.Total)
	}
}

func TestFacetsSortedByCountThenName(t *testing.T) {
	eng := testEngine(t, searchtest.Fixture())
	res, err := eng.Search(context.Background(), Request{Size: 0})
	if err != nil {
		t.Fatal(err)
	}
	want := []FacetValue{{"Botkyrka", 2}, {"Huddinge", 1}, {"Hultsfred", 1}, {"Umeå", 1}, {"Västervik", 1}, {"Övertorneå", 1}}
	if diff := cmp.Diff(want, res.Facets["municipality"]); diff != "" {
		t.Errorf("municipality facet (-want +got):\n%s", diff)
	}
	for _, key := range []string{"region", "owner", "programme_area", "municipality", "phase", "doc_type", "period", "budget"} {
		if _, ok := res.Facets[key]; !ok {
			t.Errorf("facet %s missing", key)
		}
	}
	wantYears := []FacetValue{{"2014", 1}, {"2015", 1}, {"2016", 1}, {"2018", 1}, {"2019", 1}, {"2020", 1}, {"2021", 1}, {"2022", 1}}
	if diff := cmp.Diff(wantYears, res.Facets["period"]); diff != "" {
		t.Errorf("period facet (-want +got):\n%s", diff)
	}
}

func TestSortOrders(t *testing.T) {
	eng := testEngine(t, searchtest.Fixture())
	order := func(s string) []string {
		res, err := eng.Search(context.Background(), Request{Size: 10, Sort: s})
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, h := range res.Hits {
			out = append(out, h.ID)
		}
		return out
	}
	tests := map[string][]string{
		SortNewest: {"lots-vastervik", "huddinge-unga", "matchning-botkyrka", "umea-validering", "overtornea"},
		SortOldest: {"umea-validering", "matchning-botkyrka", "huddinge-unga", "lots-vastervik", "overtornea"},
		SortBudget: {"huddinge-unga", "lots-vastervik", "matchning-botkyrka", "umea-validering", "overtornea"},
	}
	for s, want := range tests {
		t.Run(s, func(t *testing.T) {
			if diff := cmp.Diff(want, order(s)); diff != "" {
				t.Errorf("order (-want +got):\n%s", diff)
			}
		})
	}
}

func TestSnippetsMarkAndEscape(t *testing.T) {
	eng := testEngine(t, searchtest.Fixture())
	res, err := eng.Search(context.Background(), Request{Query: "sökandelots", Size: 1})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Hits) != 1 {
		t.Fatalf("hits = %d", len(res.Hits))
	}
	all := strings.Join(res.Hits[0].Snippets, "\n")
	if !strings.Contains(all, "<mark>sökandelots</mark>") {
		t.Errorf("snippets lack the marked word: %q", all)
	}
	if strings.Contains(all, "<script>") || !strings.Contains(all, "&lt;script&gt;") {
		t.Errorf("document text is not escaped: %q", all)
	}
	if n := len(res.Hits[0].Snippets); n < 1 || n > 3 {
		t.Errorf("got %d snippets, want 1..3", n)
	}
}

func TestSearchUserErrors(t *testing.T) {
	eng := testEngine(t, searchtest.Fixture())
	for _, q := range []string{`"unclosed`, "title:", "a*b", "x~3", "*"} {
		t.Run(q, func(t *testing.T) {
			_, err := eng.Search(context.Background(), Request{Query: q, Size: 10})
			if !errors.Is(err, ErrInvalid) {
				t.Errorf("Search(%q) error = %v, want ErrInvalid", q, err)
			}
		})
	}
}

func ExampleParseQuery() {
	q, _ := ParseQuery(`sökandelots "lokal samverkan" -Kalmar coachning OR vägledning kommun:Västervik`)
	for _, g := range q.Must {
		fmt.Println(g)
	}
	fmt.Println("not:", q.Not)
	// Output:
	// [{ sökandelots false false false 0 [] [] []}]
	// [{ lokal samverkan true false false 0 [] [] []}]
	// [{ coachning false false false 0 [] [] []} { vägledning false false false 0 [] [] []}]
	// [{municipality Västervik false false false 0 [] [] []}]
	// not: [{ Kalmar false true false 0 [] [] []}]
}

// TestRangeFacetsMultiSelect: the period and budget facets ignore their
// own filters (so other years and ranges stay visible) but apply the rest.
func TestRangeFacetsMultiSelect(t *testing.T) {
	eng := testEngine(t, searchtest.Fixture())
	res, err := eng.Search(context.Background(), Request{Size: 10,
		ActiveFrom: "2015-01-01", ActiveTo: "2015-12-31", BudgetMin: 1_000_000,
		Filters: map[string][]string{"region": {"Stockholm"}}})
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{}, ids(res)); diff != "" {
		t.Errorf("hits (-want +got):\n%s", diff)
	}
	// Stockholm documents with budget ≥ 1 M: huddinge-unga (2018–2019).
	wantPeriod := []FacetValue{{"2018", 1}, {"2019", 1}}
	if diff := cmp.Diff(wantPeriod, res.Facets["period"]); diff != "" {
		t.Errorf("period facet (-want +got):\n%s", diff)
	}
	// Stockholm documents active in 2015: matchning-botkyrka (900 000 kr).
	wantBudget := []FacetValue{{"500 000 – 1 miljon kr", 1}}
	if diff := cmp.Diff(wantBudget, res.Facets["budget"]); diff != "" {
		t.Errorf("budget facet (-want +got):\n%s", diff)
	}
}

// TestTypedWithoutDiacritics: words, prefixes and phrases typed
// without å/ä/ö find the spellings with them (looked up in the text
// fields' dictionaries), including words whose folded base differs from
// the folded base of the form typed, and an excluded word excludes them.
func TestTypedWithoutDiacritics(t *testing.T) {
	eng := testEngine(t, []ingest.Record{
		projectDoc("samhalle", "Arbetet gav samhället nya möjligheter."),
		projectDoc("tornea", "Deltagarna bodde i Övertorneå."),
		projectDoc("lots", "En sökandelotsen i kommunen stöttade deltagarna."),
		projectDoc("other", "En coach i Haparanda stöttade deltagarna."),
	})
	for _, tt := range []struct {
		q    string
		want []string
	}{
		{"samhallet", []string{"samhalle"}},
		{"overtornea", []string{"tornea"}},
		{"sokandelots", []string{"lots"}},
		{"sokandel*", []string{"lots"}},
		{`"sokandelotsen"`, []string{"lots"}},
		{`"bodde i overtornea"`, []string{"tornea"}},
		{`"stottade deltagarna"`, []string{"lots", "other"}},
		{`"deltagarna stottade"`, []string{}}, // the words in the other order
		{"deltagarna -overtornea", []string{"lots", "other"}},
		{"sokandelots~1", []string{"lots"}},
	} {
		t.Run(tt.q, func(t *testing.T) {
			res, err := eng.Search(context.Background(), Request{Query: tt.q, Size: 10})
			if err != nil {
				t.Fatal(err)
			}
			got := ids(res)
			sort.Strings(got)
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
			if tt.q == "overtornea" && (len(res.Hits) == 0 || !strings.Contains(strings.Join(res.Hits[0].Snippets, " "), "<mark>Övertorneå</mark>")) {
				t.Errorf("snippet does not mark the word found: %v", res.Hits)
			}
		})
	}
}

// TestFoldedPrefixTooBroad: a prefix typed without å/ä/ö whose spellings
// with them are too many is a clear 400, not a server error.
func TestFoldedPrefixTooBroad(t *testing.T) {
	var recs []ingest.Record
	for i := 0; i < 30; i++ {
		recs = append(recs, projectDoc(fmt.Sprintf("d%d", i), fmt.Sprintf("Ordet sö%sx finns här.", strings.Repeat("å", i+1))))
	}
	eng := testEngine(t, recs)
	eng.MaxTerms = 30 // at most 5 spellings per prefix (MaxTerms / 6)
	_, err := eng.Search(context.Background(), Request{Query: "so*", Size: 10})
	if !errors.Is(err, ErrInvalid) {
		t.Fatalf("err = %v, want ErrInvalid", err)
	}
	if _, err := eng.Search(context.Background(), Request{Query: "soaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaax*", Size: 10}); err != nil {
		t.Errorf("a narrow prefix: %v", err)
	}
}
