package search

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"projektsok/index"
	"projektsok/ingest"
	"projektsok/search/searchtest"
)

// Tests that pin what users see: the order of results on small judged
// sets, which passages become snippets, the bounds of range filters, the
// order of the year facet and the edge cases of the query syntax. Each
// corpus is written so that one rule decides the outcome.

// doc is a project record with a title, a summary and a body.
func doc(id, title, summary, body string) ingest.Record {
	return ingest.Record{ID: id, Source: id + ".txt", DocType: ingest.TypeProject, Title: title,
		Sections: []ingest.Section{{Heading: "Sammanfattning", Text: summary}, {Heading: "Genomförande", Text: body}}}
}

// order runs a query and returns the ids of the hits in rank order.
func order(t *testing.T, eng *Engine, req Request) []string {
	t.Helper()
	if req.Size == 0 {
		req.Size = 20
	}
	res, err := eng.Search(context.Background(), req)
	if err != nil {
		t.Fatalf("Search(%+v): %v", req, err)
	}
	out := []string{}
	for _, h := range res.Hits {
		out = append(out, h.ID)
	}
	return out
}

// filler is neutral text of the same length for every document of a
// judged set, so that field lengths do not decide the order. Titles of
// one set differ (a place name) but have the same length: documents with
// the same title are versions of one another and take one place in the
// list (group.go).
const filler = "Deltagarna träffade handledare varje vecka och planerade nästa steg tillsammans med personal från kommunen."

// TestRankingJudged: on small judged sets the documents come in the order
// a user expects. Each set isolates one ranking rule.
func TestRankingJudged(t *testing.T) {
	tests := []struct {
		name  string
		recs  []ingest.Record
		query string
		want  []string
	}{
		{
			// the word in the title ranks above the same word in the
			// summary, which ranks above the body, even in a long title
			name: "title above summary above body",
			recs: []ingest.Record{
				doc("body", "Stöd för vuxna inom vård och omsorg i Gävleborgs län", filler, "Lärlingsmodell gav resultat. "+filler),
				doc("title", "Lärlingsmodell för vuxna inom vård och omsorg i Gävleborgs län", filler, filler),
				doc("summary", "Stöd för vuxna inom vård och omsorg i Västernorrlands län", "Lärlingsmodell gav resultat. "+filler, filler),
				doc("none", "Stöd till äldre", filler, filler),
			},
			query: "lärlingsmodell",
			want:  []string{"title", "summary", "body"},
		},
		{
			// among body matches, the report that uses the word
			// throughout ranks above one that mentions it once
			name: "more mentions above one",
			recs: []ingest.Record{
				doc("once", "Stöd i Gävle", filler, "Lärlingsmodell prövades. "+filler+" Deltagarna fick stöd av handledare."),
				doc("often", "Stöd i Borås", filler, "Lärlingsmodell prövades. "+filler+" Lärlingsmodell gav fler jobb."),
			},
			query: "lärlingsmodell",
			want:  []string{"often", "once"},
		},
		{
			// a body match repeated three times still ranks below one
			// title match: the title boost outweighs term frequency
			name: "one title match above a repeated body match",
			recs: []ingest.Record{
				doc("body3", "Stöd till unga vuxna i Gävle", filler,
					"Vi prövade lärlingsmodell. Varje lärlingsmodell följdes upp, och lärlingsmodell blev metoden. "+filler),
				doc("title1", "Lärlingsmodell i Gävle för vuxna", filler, "Vi prövade handledning. "+filler),
			},
			query: "lärlingsmodell",
			want:  []string{"title1", "body3"},
		},
		{
			// the form typed ranks above another inflection of the word
			name: "form typed above other inflections",
			recs: []ingest.Record{
				doc("inflected", "Stöd i Skövde", "Sökandelotsar följde deltagarna. "+filler, filler),
				doc("exact", "Stöd i Kalmar", "Sökandelotsen följde deltagarna. "+filler, filler),
			},
			query: "sökandelotsen",
			want:  []string{"exact", "inflected"},
		},
		{
			// the word itself ranks above a compound that contains it
			name: "word above compound part",
			recs: []ingest.Record{
				doc("compound", "Stöd i Borås", "Projektet byggde en arbetsmarknadsutbildning. "+filler, filler),
				doc("word", "Stöd i Kalmar", "Projektet byggde en utbildning i grupp. "+filler, filler),
			},
			query: "utbildning",
			want:  []string{"word", "compound"},
		},
		{
			// the words as typed, next to each other, rank above the same
			// words apart (the same words, the same lengths)
			name: "phrase above scattered words",
			recs: []ingest.Record{
				doc("apart", "Arbete i Luleå", "Samverkan mellan skolan och socialtjänsten gav lokal anda. "+filler, filler),
				doc("phrase", "Arbete i Kalmar", "Skolan och socialtjänsten gav lokal samverkan mellan anda. "+filler, filler),
			},
			query: "lokal samverkan",
			want:  []string{"phrase", "apart"},
		},
		{
			// typed without å/ä/ö, the spelling typed ranks above the
			// spelling with them, and both are found
			name: "spelling typed above folded match",
			recs: []ingest.Record{
				doc("umeå", "Validering i Umeå", "Validering av kompetens i Umeå. "+filler, filler),
				doc("umea", "Validering i Umea", "Validering av kompetens i Umea. "+filler, filler),
			},
			query: "umea",
			want:  []string{"umea", "umeå"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			eng := testEngine(t, tt.recs)
			if diff := cmp.Diff(tt.want, order(t, eng, Request{Query: tt.query})); diff != "" {
				t.Errorf("order for %q (-want +got):\n%s", tt.query, diff)
			}
		})
	}
}

// TestSnippetChoosesBestPassage: with room for one fragment, the passage
// where the most distinct query words meet wins over earlier passages
// with one of them; with room for two, the two best come in text order.
func TestSnippetChoosesBestPassage(t *testing.T) {
	gap := strings.Repeat("Här beskrivs något helt annat om lokaler och scheman. ", 6) // > snippetBefore+snippetAfter
	text := "Vi började med validering av yrkeskunskaper. " + gap +
		"Validering blev ett eget spår. " + gap +
		"Här möttes validering och praktik: validering på arbetsplatsen gav praktik med lön. " + gap +
		"Praktik nämns också här. " + gap
	r := &ingest.Record{ID: "x", Title: "Validering", Sections: []ingest.Section{{Heading: "Sammanfattning", Text: text}}}
	m := newMatcher()
	for _, w := range []string{"validering", "praktik"} {
		terms, err := index.QueryTerms(index.AnalyzerText, w)
		if err != nil {
			t.Fatal(err)
		}
		for _, term := range terms {
			m.Exact[term] = true
		}
	}
	one := Snippets(r, m, 1)
	if len(one) != 1 || !strings.Contains(one[0], "<mark>validering</mark> på arbetsplatsen gav <mark>praktik</mark>") {
		t.Fatalf("best passage not chosen: %q", one)
	}
	two := Snippets(r, m, 2)
	if len(two) != 2 {
		t.Fatalf("want 2 fragments, got %q", two)
	}
	// the second best has two marks of one word (spår/"möttes" passage is
	// best, then the first sentence and "eget spår" tie on one distinct
	// word; the first in text order wins the tie)
	if !strings.HasPrefix(two[0], "Vi började med <mark>validering</mark>") || !strings.Contains(two[1], "<mark>praktik</mark> med lön") {
		t.Errorf("two fragments, in text order: %q", two)
	}
	if !strings.HasPrefix(two[1], "… ") || !strings.HasSuffix(two[1], " …") {
		t.Errorf("a fragment from the middle is marked as cut on both sides: %q", two[1])
	}
	all := Snippets(r, m, 10)
	if len(all) != 4 {
		t.Errorf("four passages hold matches, got %d: %q", len(all), all)
	}
}

// budgets is a corpus around the 1 000 000 kr bound.
func budgets() []ingest.Record {
	rec := func(id string, budget int64, start, end string) ingest.Record {
		r := doc(id, "Projekt "+id, "Kompetens för arbete.", "")
		r.TotalBudgetSEK, r.PeriodStart, r.PeriodEnd = budget, start, end
		r.Municipalities = []string{"Gävle"}
		return r
	}
	return []ingest.Record{
		rec("under", 999_999, "2015-01-01", "2015-12-31"),
		rec("exact", 1_000_000, "2016-01-01", "2016-12-31"),
		rec("over", 1_000_001, "2017-01-01", "2017-12-31"),
		rec("unknown", 0, "", ""),
	}
}

// TestRangeBounds: both ends of the budget and period filters are
// inclusive, and each bound works alone — for the hits and for the facet
// counts, which are computed separately (facets.go).
func TestRangeBounds(t *testing.T) {
	eng := testEngine(t, budgets())
	tests := []struct {
		name string
		v    url.Values
		want []string
	}{
		{"budget_max alone keeps exactly 1 000 000", url.Values{"budget_max": {"1 000 000"}}, []string{"exact", "under"}},
		{"budget_min alone keeps exactly 1 000 000", url.Values{"budget_min": {"1000000"}}, []string{"exact", "over"}},
		{"both bounds equal", url.Values{"budget_min": {"1000000"}, "budget_max": {"1000000"}}, []string{"exact"}},
		{"budget_max below every budget", url.Values{"budget_max": {"999998"}}, []string{}},
		{"budget_min above every budget", url.Values{"budget_min": {"1000002"}}, []string{}},
		{"active_from on the last day", url.Values{"active_from": {"2016-12-31"}}, []string{"exact", "over"}},
		{"active_from the day after", url.Values{"active_from": {"2017-01-01"}}, []string{"over"}},
		{"active_to on the first day", url.Values{"active_to": {"2016-01-01"}}, []string{"exact", "under"}},
		{"active_to the day before", url.Values{"active_to": {"2015-12-31"}}, []string{"under"}},
		{"a year alone: its first and last day", url.Values{"active_from": {"2016"}, "active_to": {"2016"}}, []string{"exact"}},
		{"one day", url.Values{"active_from": {"2016-12-31"}, "active_to": {"2016-12-31"}}, []string{"exact"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req, err := ParseRequest(tt.v)
			if err != nil {
				t.Fatal(err)
			}
			req.Size = 10
			res, err := eng.Search(context.Background(), req)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, ids(res)); diff != "" {
				t.Errorf("hits (-want +got):\n%s", diff)
			}
			// the municipality facet counts the same documents
			want := []FacetValue{}
			if len(tt.want) > 0 {
				want = []FacetValue{{"Gävle", len(tt.want)}}
			}
			if diff := cmp.Diff(want, res.Facets["municipality"]); diff != "" {
				t.Errorf("municipality facet under the filter (-want +got):\n%s", diff)
			}
		})
	}
}

// TestBudgetFacetBuckets: a budget on a bucket's bound counts in the
// bucket it opens ([min, max)), and the counts of the facet ignore the
// budget filter itself.
func TestBudgetFacetBuckets(t *testing.T) {
	eng := testEngine(t, budgets())
	res, err := eng.Search(context.Background(), Request{Size: 0, BudgetMax: 1_000_000})
	if err != nil {
		t.Fatal(err)
	}
	want := []FacetValue{{"500 000 – 1 miljon kr", 1}, {"1–5 miljoner kr", 2}}
	if diff := cmp.Diff(want, res.Facets["budget"]); diff != "" {
		t.Errorf("budget facet (-want +got):\n%s", diff)
	}
	for _, tt := range []struct {
		v    float64
		want string
	}{{499_999, "under 500 000 kr"}, {500_000, "500 000 – 1 miljon kr"}, {1e6, "1–5 miljoner kr"}, {5e6, "5–10 miljoner kr"}, {50e6, "över 50 miljoner kr"}, {0, ""}} {
		got := ""
		if i := budgetBucket(tt.v); i >= 0 {
			got = BudgetBuckets[i].Name
		}
		if got != tt.want {
			t.Errorf("budgetBucket(%.0f) = %q, want %q", tt.v, got, tt.want)
		}
	}
}

// TestYearFacetOrder: the period facet lists years in calendar order,
// not by count, with several documents per year.
func TestYearFacetOrder(t *testing.T) {
	var recs []ingest.Record
	add := func(id, start, end string) {
		r := doc(id, "Projekt "+id, "Arbete.", "")
		r.PeriodStart, r.PeriodEnd = start, end
		recs = append(recs, r)
	}
	add("a", "2019-01-01", "2019-06-30")
	add("b", "2019-03-01", "2019-12-31")
	add("c", "2019-05-01", "2019-05-31")
	add("d", "2017-02-01", "2018-01-31")
	add("e", "2018-02-01", "2018-03-31")
	add("f", "2021-01-01", "2021-12-31")
	eng := testEngine(t, recs)
	res, err := eng.Search(context.Background(), Request{Size: 0})
	if err != nil {
		t.Fatal(err)
	}
	want := []FacetValue{{"2017", 1}, {"2018", 2}, {"2019", 3}, {"2021", 1}}
	if diff := cmp.Diff(want, res.Facets["period"]); diff != "" {
		t.Errorf("period facet (-want +got):\n%s", diff)
	}
	// under a year filter the years outside it stay listed (multi-select)
	res, err = eng.Search(context.Background(), Request{Size: 10, ActiveFrom: "2019-01-01", ActiveTo: "2019-12-31"})
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(want, res.Facets["period"]); diff != "" {
		t.Errorf("period facet under its own filter (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{"a", "b", "c"}, ids(res)); diff != "" {
		t.Errorf("hits in 2019 (-want +got):\n%s", diff)
	}
}

// TestQuerySyntaxEdges: field names in any case, OR next to an excluded
// word, and impossible dates.
func TestQuerySyntaxEdges(t *testing.T) {
	eng := testEngine(t, searchtest.Fixture())
	for _, q := range []string{"Kommun:Västervik", "KOMMUN:västervik", "kommun:Västervik", "Municipality:VÄSTERVIK", "Titel:Sökandelotsar"} {
		t.Run(q, func(t *testing.T) {
			if diff := cmp.Diff([]string{"lots-vastervik"}, order(t, eng, Request{Query: q})); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
	for _, tt := range []struct{ q, msg string }{
		{"-unga OR validering", "uteslutna"},
		{"arbete -unga OR validering", "uteslutna"},
		{"validering OR -unga", "uteslutna"},
		{"OR validering", "mellan två sökord"},
		{"validering OR", "mellan två sökord"},
		{"validering OR OR coachning", "mellan två sökord"},
	} {
		t.Run(tt.q, func(t *testing.T) {
			_, err := eng.Search(context.Background(), Request{Query: tt.q, Size: 10})
			if !errors.Is(err, ErrInvalid) || !strings.Contains(err.Error(), tt.msg) {
				t.Errorf("err = %v, want a 400 saying %q", err, tt.msg)
			}
		})
	}
	// a quoted word in a field stays in that field
	titled := testEngine(t, []ingest.Record{
		doc("in-title", "Validering i Umeå", "Stöd till vuxna.", filler),
		doc("in-body", "Stöd i Umeå", "Stöd till vuxna.", "Validering av kunskaper. "+filler),
	})
	for q, want := range map[string][]string{
		`title:"validering"`: {"in-title"},
		`titel:validering`:   {"in-title"},
		`"validering"`:       {"in-title", "in-body"},
	} {
		if diff := cmp.Diff(want, order(t, titled, Request{Query: q})); diff != "" {
			t.Errorf("%s (-want +got):\n%s", q, diff)
		}
	}
	// an excluded word before an OR group does not join it
	if diff := cmp.Diff([]string{"umea-validering"}, order(t, eng, Request{Query: "-botkyrka validering OR coachning"})); diff != "" {
		t.Errorf("-botkyrka validering OR coachning (-want +got):\n%s", diff)
	}
}

// TestImpossibleDates: a date that does not exist is a 400 naming the
// parameter and the date; real edge dates are accepted.
func TestImpossibleDates(t *testing.T) {
	for _, bad := range []string{"2020-01-32", "2021-02-29", "2020-04-31", "2020-13-01", "2020-00-10", "2020-01-00"} {
		_, err := ParseRequest(url.Values{"active_from": {bad}})
		if !errors.Is(err, ErrInvalid) || !strings.Contains(err.Error(), "active_from") || !strings.Contains(err.Error(), bad) {
			t.Errorf("active_from=%s: err = %v, want a 400 naming the parameter and the date", bad, err)
		}
	}
	for _, good := range []string{"2020-02-29", "2020-12-31", "2021-01-31", "2020-04-30"} {
		req, err := ParseRequest(url.Values{"active_to": {good}})
		if err != nil || req.ActiveTo != good {
			t.Errorf("active_to=%s: %v %q", good, err, req.ActiveTo)
		}
	}
}

// TestSyntaxBoundaries: each limit of the query language and of a request
// holds exactly at its bound and fails one past it.
func TestSyntaxBoundaries(t *testing.T) {
	words := func(n int) string { return strings.TrimSpace(strings.Repeat("ord ", n)) }
	for _, tt := range []struct {
		q  string
		ok bool
	}{
		{"abc~", true}, {"ab~", false}, {"åäö~", true}, {"åä~", false},
		{"ab*", true}, {"a*", false}, {"åä*", true}, {"å*", false},
		{"ord~0", true}, {"ord~2", true}, {"ord~3", false}, {"ord~-1", false},
		{words(MaxClauses), true}, {words(MaxClauses + 1), false},
		{words(MaxClauses-1) + " -x", true}, {words(MaxClauses) + " -x", false},
		{"a OR b -c", true}, {"-c a OR b", true},
	} {
		_, err := ParseQuery(tt.q)
		if (err == nil) != tt.ok {
			t.Errorf("ParseQuery(%.40q) = %v, want ok %v", tt.q, err, tt.ok)
		}
	}
	if q, _ := ParseQuery("ord~0"); len(q.Must) != 1 || q.Must[0][0].Fuzzy != 0 || q.Must[0][0].Text != "ord" {
		t.Errorf("ord~0 = %+v, want the exact word", q)
	}
	vals := func(n int) []string {
		out := make([]string, n)
		for i := range out {
			out[i] = fmt.Sprintf("Kommun %d", i)
		}
		return out
	}
	for _, tt := range []struct {
		name string
		v    url.Values
		ok   bool
	}{
		{"q at its length", url.Values{"q": {longString(MaxQueryLen)}}, true},
		{"q one byte more", url.Values{"q": {longString(MaxQueryLen + 1)}}, false},
		{"50 values", url.Values{"municipality": vals(MaxFilterVals)}, true},
		{"51 values", url.Values{"municipality": vals(MaxFilterVals + 1)}, false},
		{"value at its length", url.Values{"owner": {longString(MaxValueLen)}}, true},
		{"value one byte more", url.Values{"owner": {longString(MaxValueLen + 1)}}, false},
		{"from + size at the window", url.Values{"from": {"9990"}, "size": {"10"}}, true},
		{"one past the window", url.Values{"from": {"9991"}, "size": {"10"}}, false},
		{"size 100", url.Values{"size": {"100"}}, true},
		{"from 10000, size 0", url.Values{"from": {"10000"}, "size": {"0"}}, true},
		{"budget at its limit", url.Values{"budget_max": {"10000000000000"}}, true},
		{"budget past it", url.Values{"budget_max": {"10000000000001"}}, false},
		{"equal budgets", url.Values{"budget_min": {"5"}, "budget_max": {"5"}}, true},
		{"min above max", url.Values{"budget_min": {"6"}, "budget_max": {"5"}}, false},
		{"equal dates", url.Values{"active_from": {"2020-05-05"}, "active_to": {"2020-05-05"}}, true},
		{"from a day after to", url.Values{"active_from": {"2020-05-06"}, "active_to": {"2020-05-05"}}, false},
		{"budget zero", url.Values{"budget_min": {"0"}}, true},
	} {
		req, err := ParseRequest(tt.v)
		if (err == nil) != tt.ok {
			t.Errorf("%s: %v, want ok %v", tt.name, err, tt.ok)
		}
		if err == nil && tt.name == "50 values" && len(req.Filters["municipality"]) != MaxFilterVals {
			t.Errorf("50 values kept %d", len(req.Filters["municipality"]))
		}
	}
}
