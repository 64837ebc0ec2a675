package search

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"projektsok/ingest"
	"projektsok/search/searchtest"
)

// A search that finds nothing shows the documents that hold every word
// but one (any one), each saying which it lacks; excluded words still
// exclude.
func TestZeroResultsRelaxed(t *testing.T) {
	eng := testEngine(t, searchtest.Fixture())
	tests := []struct {
		query   string
		lacking int
		absent  []string
		reason  string              // part of the reason
		hits    map[string][]string // id → the words it lacks
	}{
		// a word no document has: the hits lack just that one
		{"sökandelots xqzvyk", 1, []string{"xqzvyk"}, "”xqzvyk” finns inte i något dokument. Visar träffar utan det.",
			map[string][]string{"lots-vastervik": {"xqzvyk"}}},
		// two words that exist, never together: either one
		{"validering botkyrka", 1, nil, "Visar träffar som saknar ett av dem",
			map[string][]string{"umea-validering": {"botkyrka"}, "matchning-botkyrka": {"validering"}, "huddinge-unga": {"validering"}}},
		// an excluded word still excludes
		{"validering -umeå botkyrka", 1, nil, "saknar ett av dem",
			map[string][]string{"matchning-botkyrka": {"validering"}, "huddinge-unga": {"validering"}}},
		// three words: any two
		{"validering umeå botkyrka", 1, nil, "saknar ett av dem",
			map[string][]string{"umea-validering": {"botkyrka"}}},
		{"arbetsgivare umeå botkyrka", 1, nil, "saknar ett av dem",
			map[string][]string{"umea-validering": {"botkyrka"}, "matchning-botkyrka": {"umeå"}}},
		// an OR-group is one word; a stop word is none
		{"och validering OR coachning xqzvyk", 1, []string{"xqzvyk"}, "utan det",
			map[string][]string{"umea-validering": {"xqzvyk"}, "huddinge-unga": {"xqzvyk"}}},
		// four words, none holding three: any two, each lacking two
		{"validering umeå botkyrka xqzvyk", 2, []string{"xqzvyk"}, "”xqzvyk” finns inte i något dokument. Inget dokument innehåller alla orden. Visar träffar som saknar 2 av dem.",
			map[string][]string{"umea-validering": {"botkyrka", "xqzvyk"}}},
	}
	for _, tt := range tests {
		t.Run(tt.query, func(t *testing.T) {
			res, err := eng.Search(context.Background(), Request{Query: tt.query, Size: 10})
			if err != nil {
				t.Fatal(err)
			}
			if res.Relaxed == nil {
				t.Fatalf("no relaxed search; total %d", res.Total)
			}
			if r := res.Relaxed; r.Query != "" || r.Lacking != tt.lacking || !cmp.Equal(r.Absent, tt.absent) || !strings.Contains(r.Reason, tt.reason) {
				t.Errorf("relaxed = %+v, want lacking %d, absent %v (%q)", *r, tt.lacking, tt.absent, tt.reason)
			}
			got := map[string][]string{}
			for _, h := range res.Hits {
				got[h.ID] = h.Missing
			}
			if diff := cmp.Diff(tt.hits, got); diff != "" {
				t.Errorf("hits and the words they lack (-want +got):\n%s", diff)
			}
			if res.Total != uint64(len(tt.hits)) || res.Lacking != 0 {
				t.Errorf("total %d, lacking %d; want the relaxed search's %d and no hits added", res.Total, res.Lacking, len(tt.hits))
			}
			var facetN int
			for _, v := range res.Facets["doc_type"] {
				facetN += v.Count
			}
			if facetN != len(tt.hits) {
				t.Errorf("doc_type facet counts %d documents, want the %d shown", facetN, len(tt.hits))
			}
		})
	}
	// a search that finds something is never relaxed
	res, err := eng.Search(context.Background(), Request{Query: "validering umeå", Size: 10})
	if err != nil || res.Relaxed != nil || res.Total == 0 {
		t.Errorf("validering umeå: relaxed %+v, total %d, err %v", res.Relaxed, res.Total, err)
	}
	// one word that no document has: nothing near finds anything
	if res, err := eng.Search(context.Background(), Request{Query: "xqzvyk", Size: 10}); err != nil || res.Relaxed != nil || len(res.Hits) != 0 {
		t.Errorf("xqzvyk: relaxed %+v, %d hits, err %v", res.Relaxed, len(res.Hits), err)
	}
}

// A respelling that finds something comes before words left out.
func TestRelaxedSpellingFirst(t *testing.T) {
	eng := testEngine(t, searchtest.Fixture())
	res, err := eng.Search(context.Background(), Request{Query: "valdiering umeå", Size: 10})
	if err != nil {
		t.Fatal(err)
	}
	if res.Relaxed == nil || res.Relaxed.Query != "validering umeå" || res.Relaxed.Lacking != 0 {
		t.Fatalf("relaxed = %+v, want the respelling", res.Relaxed)
	}
	if diff := cmp.Diff([]string{"umea-validering"}, hitIDs(res)); diff != "" || res.Hits[0].Missing != nil {
		t.Errorf("hits (-want +got):\n%s\nmissing %v", diff, res.Hits[0].Missing)
	}
}

// Paging through a relaxed search pages through the same hits.
func TestRelaxedPages(t *testing.T) {
	eng := testEngine(t, searchtest.Fixture())
	all, err := eng.Search(context.Background(), Request{Query: "validering botkyrka", Size: 10})
	if err != nil {
		t.Fatal(err)
	}
	var paged []string
	for from := 0; from < 3; from++ {
		res, err := eng.Search(context.Background(), Request{Query: "validering botkyrka", From: from, Size: 1})
		if err != nil {
			t.Fatal(err)
		}
		if res.Relaxed == nil || len(res.Hits) != 1 || len(res.Hits[0].Missing) != 1 {
			t.Fatalf("from %d: relaxed %+v, hits %+v", from, res.Relaxed, res.Hits)
		}
		paged = append(paged, res.Hits[0].ID)
	}
	if diff := cmp.Diff(hitIDs(all), paged); diff != "" {
		t.Errorf("pages (-one page +pages of one):\n%s", diff)
	}
}

func TestRelaxSteps(t *testing.T) {
	tests := []struct {
		n    int
		want []int
	}{
		{0, nil}, {1, nil}, {2, []int{1}}, {3, []int{2}}, {4, []int{3, 2}}, {5, []int{4, 3}}, {6, []int{5, 4, 3}},
	}
	for _, tt := range tests {
		if got := relaxSteps(tt.n); !cmp.Equal(got, tt.want) {
			t.Errorf("relaxSteps(%d) = %v, want %v", tt.n, got, tt.want)
		}
	}
}

func TestRelaxReason(t *testing.T) {
	tests := []struct {
		lacking int
		absent  []string
		want    string
	}{
		{1, nil, "Inget dokument innehåller alla orden. Visar träffar som saknar ett av dem."},
		{2, nil, "Inget dokument innehåller alla orden. Visar träffar som saknar 2 av dem."},
		{1, []string{"xqzvyk"}, "”xqzvyk” finns inte i något dokument. Visar träffar utan det."},
		{2, []string{"xqzvyk", "qqq"}, "”xqzvyk” och ”qqq” finns inte i något dokument. Visar träffar utan dem."},
		{2, []string{"xqzvyk"}, "”xqzvyk” finns inte i något dokument. Inget dokument innehåller alla orden. Visar träffar som saknar 2 av dem."},
	}
	for _, tt := range tests {
		if got := relaxReason(tt.lacking, tt.absent); got != tt.want {
			t.Errorf("relaxReason(%d, %v) = %q, want %q", tt.lacking, tt.absent, got, tt.want)
		}
	}
}

// queryString writes a parsed query back in the query language.
func queryString(q Query) string {
	var parts []string
	for _, g := range q.Must {
		parts = append(parts, groupString(g))
	}
	for _, c := range q.Not {
		parts = append(parts, "-"+clauseString(c))
	}
	return strings.Join(parts, " ")
}

// The query language written back (groupString, clauseString) parses as
// the query it came from.
func TestQueryStringRoundTrip(t *testing.T) {
	for _, s := range []string{
		`sökandelots`, `"lokal samverkan" umeå`, `coachning OR vägledning -unga`, `valid* kommun~1 titel:lots`,
		`kommun:"Övre Norrland" år:2020`,
	} {
		q, err := ParseQuery(s)
		if err != nil {
			t.Fatal(err)
		}
		back, err := ParseQuery(queryString(q))
		if err != nil {
			t.Fatalf("%q → %q: %v", s, queryString(q), err)
		}
		if diff := cmp.Diff(q, back); diff != "" {
			t.Errorf("%q → %q parses differently (-want +got):\n%s", s, queryString(q), diff)
		}
	}
}

// The relaxed query: the required words in one disjunction with a minimum
// of all but lack, excluded words and filters outside it, the title
// coverage relaxed alike and the whole-query phrase left out.
func TestBuildRelaxedQuery(t *testing.T) {
	tests := []struct {
		query   string
		min     int
		want    []string // in the query's JSON
		wantNot []string // not in it
	}{
		{"validering umeå botkyrka", 0, []string{`"conjuncts":[{"disjuncts"`, `"terms":[["validering"],["umeå"],["botkyrka"]]`}, []string{`"min":2`}},
		{"validering umeå botkyrka", 2, []string{`"min":2}]`, `{"term":"botkyrka","field":"title","boost":6}],"min":2}`}, []string{`"terms":[["validering"],["umeå"],["botkyrka"]]`}},
		{"validering umeå -botkyrka", 1, []string{`"min":1}`, `"must_not"`}, nil},
		{"och validering umeå", 1, []string{`"min":1}`}, nil}, // the stop word is no word
		{"validering kommun:umeå botkyrka xqzvyk", 3, []string{`"min":3}`, `"field":"municipality"`}, nil},
		{"validering", 1, nil, []string{`"min":1`}}, // one word: nothing to relax
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%s/%d", tt.query, tt.min), func(t *testing.T) {
			q, err := ParseQuery(tt.query)
			if err != nil {
				t.Fatal(err)
			}
			for i := range q.Must {
				if q.Must[i][0].Field == "municipality" {
					q.Must[i][0].Values = []string{"Umeå"}
				}
			}
			q.Min = tt.min
			bq, _, err := buildQuery(Request{Filters: map[string][]string{"region": {"Övre Norrland"}}}, q, "")
			if err != nil {
				t.Fatal(err)
			}
			b, err := json.Marshal(bq)
			if err != nil {
				t.Fatal(err)
			}
			js := string(b)
			if !strings.Contains(js, `"field":"region"`) {
				t.Errorf("the filter is lost: %s", js)
			}
			for _, w := range tt.want {
				if !strings.Contains(js, w) {
					t.Errorf("lacks %s:\n%s", w, js)
				}
			}
			for _, w := range tt.wantNot {
				if strings.Contains(js, w) {
					t.Errorf("holds %s:\n%s", w, js)
				}
			}
		})
	}
}

func TestLacking(t *testing.T) {
	tests := []struct{ min, n, want int }{{0, 3, 0}, {2, 3, 1}, {1, 3, 2}, {3, 3, 0}, {5, 3, 0}, {1, 1, 0}}
	for _, tt := range tests {
		if got := lacking(Query{Min: tt.min}, tt.n); got != tt.want {
			t.Errorf("lacking(min %d, %d words) = %d, want %d", tt.min, tt.n, got, tt.want)
		}
	}
}

// A first page that the documents holding every word do not fill goes on
// with those that hold all but one, marked; total and facets stay those
// of the documents holding every word.
func TestFillShortPage(t *testing.T) {
	eng := testEngine(t, searchtest.Fixture())
	tests := []struct {
		name   string
		req    Request
		strict []string
		extra  map[string][]string // id → the words it lacks
	}{
		{"three words: any two", Request{Query: "arbetsmarknaden botkyrka unga", Size: 10}, []string{"huddinge-unga"},
			map[string][]string{"matchning-botkyrka": {"unga"}}},
		{"the stop word is no word", Request{Query: "arbetsmarknaden i botkyrka unga", Size: 10}, []string{"huddinge-unga"},
			map[string][]string{"matchning-botkyrka": {"unga"}}},
		{"excluded words still exclude", Request{Query: "arbetsmarknaden botkyrka unga -matchar", Size: 10}, []string{"huddinge-unga"}, nil},
		{"filters still filter", Request{Query: "arbetsmarknaden botkyrka unga", Size: 10, Filters: map[string][]string{"municipality": {"Huddinge"}}}, []string{"huddinge-unga"}, nil},
		{"a page the matches fill", Request{Query: "arbetsmarknaden botkyrka unga", Size: 1}, []string{"huddinge-unga"}, nil},
		{"only in relevance order", Request{Query: "arbetsmarknaden botkyrka unga", Size: 10, Sort: SortNewest}, []string{"huddinge-unga"}, nil},
		{"only on the first page", Request{Query: "arbetsmarknaden botkyrka unga", From: 1, Size: 10}, nil, nil},
		{"two words: not filled", Request{Query: "arbetsgivare umeå", Size: 10}, []string{"umea-validering"}, nil},
		{"one word: nothing to leave out", Request{Query: "sökandelots", Size: 10}, []string{"lots-vastervik"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := eng.Search(context.Background(), tt.req)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.strict, hitIDs(res)); diff != "" {
				t.Errorf("matching hits (-want +got):\n%s", diff)
			}
			extra := map[string][]string{}
			for _, h := range res.Hits[len(res.Matching()):] {
				extra[h.ID] = h.Missing
			}
			if tt.extra == nil {
				tt.extra = map[string][]string{}
			}
			if diff := cmp.Diff(tt.extra, extra); diff != "" || res.Lacking != len(tt.extra) {
				t.Errorf("added hits, lacking %d (-want +got):\n%s", res.Lacking, diff)
			}
			for _, h := range res.Matching() {
				if h.Missing != nil {
					t.Errorf("%s matches but lacks %v", h.ID, h.Missing)
				}
			}
			if res.Relaxed != nil || res.Total != uint64(len(tt.strict)+tt.req.From) {
				t.Errorf("total %d, relaxed %+v: want the matches' total", res.Total, res.Relaxed)
			}
			var facetN int
			for _, v := range res.Facets["doc_type"] {
				facetN += v.Count
			}
			if facetN != int(res.Total) {
				t.Errorf("doc_type facet counts %d documents, want the %d matching", facetN, res.Total)
			}
		})
	}
}

// A Swedish word spelled right is never respelled into another word, even
// when no document holds it: the search shows the documents that lack it
// (relaxed) instead. A typo still gets its respelling.
func TestRespellingKeepsRightWords(t *testing.T) {
	eng := testEngine(t, []ingest.Record{
		projectDoc("halsa", "Psykisk hälsa och sökandelots i Botkyrka."),
		projectDoc("lots", "Sökandelots i Västervik hjälper deltagare."),
	})
	tests := []struct {
		query      string
		suggestion string              // and the respelled search shown, if relaxed
		lacking    int                 // else the documents lacking words
		hits       map[string][]string // id → the words it lacks
	}{
		{"psykisk ohälsa sökandelots", "", 1, map[string][]string{"halsa": {"ohälsa"}}},
		{"psykisk ohalsa sokandelots", "", 1, map[string][]string{"halsa": {"ohalsa"}}}, // ohälsa without å/ä/ö
		// alone it finds nothing, and nothing near: the nearest word is
		// offered, not shown (TestEmptySaysWhy)
		{"ohälsa", "hälsa", 0, map[string][]string{}},
		{"psykisk hälsa sökandelotz", "psykisk hälsa sökandelots", 0, map[string][]string{"halsa": nil}},
		{"psykisk halsa sokandelotz", "psykisk halsa sökandelots", 0, map[string][]string{"halsa": nil}},
	}
	for _, tt := range tests {
		t.Run(tt.query, func(t *testing.T) {
			res, err := eng.Search(context.Background(), Request{Query: tt.query, Size: 10})
			if err != nil {
				t.Fatal(err)
			}
			if res.Suggestion != tt.suggestion {
				t.Errorf("suggestion %q, want %q", res.Suggestion, tt.suggestion)
			}
			switch r := res.Relaxed; {
			case len(tt.hits) == 0:
				if r != nil {
					t.Errorf("relaxed %+v, want none", *r)
				}
			case r == nil:
				t.Errorf("not relaxed, total %d", res.Total)
			case r.Query != tt.suggestion || r.Lacking != tt.lacking:
				t.Errorf("relaxed %+v, want the query %q or %d lacking", *r, tt.suggestion, tt.lacking)
			}
			got := map[string][]string{}
			for _, h := range res.Hits {
				got[h.ID] = h.Missing
			}
			if diff := cmp.Diff(tt.hits, got); diff != "" {
				t.Errorf("hits and the words they lack (-want +got):\n%s", diff)
			}
		})
	}
}

// A search that finds nothing, when nothing near it finds anything either,
// says why: the words no document holds, or that the filters left nothing
// (and how many the words find without them). A right Swedish word no
// document holds is not respelled on its own, but the nearest word that
// finds something is offered.
func TestEmptySaysWhy(t *testing.T) {
	eng := testEngine(t, append(searchtest.Fixture(),
		projectDoc("halsa", "Psykisk hälsa och stöd till deltagare.")))
	botkyrka := map[string][]string{"municipality": {"Botkyrka"}}
	tests := []struct {
		name       string
		req        Request
		want       *Empty // nil: the search found something, or was relaxed
		suggestion string
	}{
		{"a word no document holds", Request{Query: "xqzvyk"},
			&Empty{Absent: []string{"xqzvyk"}, Reason: "Inget dokument innehåller ”xqzvyk”."}, ""},
		{"a right word no document holds, the nearest offered", Request{Query: "ohälsa"},
			&Empty{Absent: []string{"ohälsa"}, Reason: "Inget dokument innehåller ”ohälsa”."}, "hälsa"},
		{"the filters left nothing", Request{Query: "validering", Filters: botkyrka},
			&Empty{Unfiltered: 1, Reason: "Inget dokument med de valda filtren motsvarar sökningen. Utan filtren finns 1 träff."}, ""},
		{"a word absent and a filter", Request{Query: "xqzvyk", Filters: botkyrka},
			&Empty{Absent: []string{"xqzvyk"}, Reason: "Inget dokument innehåller ”xqzvyk”."}, ""},
		{"relaxed instead", Request{Query: "sökandelots xqzvyk"}, nil, ""},
		{"found", Request{Query: "validering"}, nil, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.req.Size = 10
			res, err := eng.Search(context.Background(), tt.req)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, res.Empty); diff != "" {
				t.Errorf("empty (-want +got):\n%s", diff)
			}
			if tt.want != nil && (res.Total != 0 || len(res.Hits) != 0 || res.Relaxed != nil) {
				t.Errorf("total %d, %d hits, relaxed %+v: want nothing shown", res.Total, len(res.Hits), res.Relaxed)
			}
			if res.Suggestion != tt.suggestion {
				t.Errorf("suggestion %q, want %q", res.Suggestion, tt.suggestion)
			}
		})
	}
}
