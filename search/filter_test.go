package search

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/blevesearch/bleve/v2"
	"github.com/google/go-cmp/cmp"

	"projektsok/ingest"
	"projektsok/search/searchtest"
)

// passes is what a filter means, said in Go over the record itself (the
// test's oracle, independent of the bleve queries): values of one field
// OR-ed, fields AND-ed.
func passes(r ingest.Record, req Request) bool {
	anyOf := func(have []string, want []string) bool {
		for _, w := range want {
			if slices.Contains(have, w) {
				return true
			}
		}
		return false
	}
	for field, vals := range req.Filters {
		var have []string
		switch field {
		case "municipality":
			have = r.Municipalities
		case "region":
			have = []string{r.Region}
		case "doc_type":
			have = []string{r.DocType}
		case "phase":
			have = []string{r.Phase}
		default:
			panic("passes: no oracle for filter " + field)
		}
		if !anyOf(have, vals) {
			return false
		}
	}
	if req.ActiveFrom != "" && (r.PeriodEnd == "" || r.PeriodEnd < req.ActiveFrom) {
		return false
	}
	if req.ActiveTo != "" && (r.PeriodStart == "" || r.PeriodStart > req.ActiveTo) {
		return false
	}
	if req.BudgetMin > 0 && r.TotalBudgetSEK < req.BudgetMin {
		return false
	}
	return true
}

type scored struct {
	ID    string
	Score float64
}

// TestFiltersDoNotRank: a filter only restricts. For every query and
// filter, the filtered hits in relevance order, with their scores, are the
// unfiltered hits with the documents that fail the filter taken out. A
// filter that scored (a required term query weighs by the field's length)
// would re-order them: a project of one municipality above one of four.
func TestFiltersDoNotRank(t *testing.T) {
	recs, err := searchtest.BenchRecords("..", 400)
	if err != nil {
		t.Fatal(err)
	}
	recs = append(searchtest.Fixture(), recs...)
	byID := map[string]ingest.Record{}
	for _, r := range recs {
		byID[r.ID] = r
	}
	idx := searchtest.Index(t, recs)
	eng := NewEngine(idx)
	ctx := context.Background()

	// filter values present in the index: the most frequent
	// municipality and region of the generated records
	count := map[string]int{}
	regions := map[string]int{}
	for _, r := range recs {
		for _, m := range r.Municipalities {
			count[m]++
		}
		regions[r.Region]++
	}
	top := func(c map[string]int, n int) []string {
		var keys []string
		for k := range c {
			keys = append(keys, k)
		}
		slices.SortFunc(keys, func(a, b string) int {
			if c[a] != c[b] {
				return c[b] - c[a]
			}
			return strings.Compare(a, b)
		})
		return keys[:n]
	}
	ms, rs := top(count, 2), top(regions, 1)
	filters := []Request{
		{Filters: map[string][]string{"municipality": ms[:1]}},
		{Filters: map[string][]string{"municipality": ms}},
		{Filters: map[string][]string{"region": rs, "doc_type": {ingest.TypeProject}}},
		{Filters: map[string][]string{"municipality": ms[:1], "phase": {"Genomförande", "Avslutat"}}},
		{ActiveFrom: "2018-01-01", ActiveTo: "2019-12-31"},
		{BudgetMin: 10_000_000, Filters: map[string][]string{"region": rs}},
	}
	queries := []struct {
		text string
		min  int // relaxed: all words but len-min may lack (relax.go)
	}{
		{"arbetsmarknad", 0},
		{"unga arbete", 0},
		{"arbetsmarknad -utbildning", 0},
		{"projekt utbildning samverkan", 2},
		{"", 0},
	}
	search := func(req Request, q Query, sort string) []scored {
		t.Helper()
		bq, _, err := buildQuery(req, q, "")
		if err != nil {
			t.Fatal(err)
		}
		sr := bleve.NewSearchRequestOptions(bq, len(recs), 0, false)
		sr.SortByCustom(sortOrder(sort))
		res, err := idx.Bleve().Search(sr)
		if err != nil {
			t.Fatal(err)
		}
		out := []scored{}
		for _, h := range res.Hits {
			out = append(out, scored{h.ID, h.Score})
		}
		return out
	}
	differs := 0 // cases where the filter leaves out some hits but not all
	for _, qt := range queries {
		q, err := eng.parse(ctx, qt.text)
		if err != nil {
			t.Fatal(err)
		}
		q.Min = qt.min
		for i, req := range filters {
			for _, sort := range []string{SortRelevance, SortNewest, SortBudget} {
				all := search(Request{}, q, sort)
				if len(all) == 0 {
					t.Fatalf("%q finds nothing unfiltered", qt.text)
				}
				want := []scored{}
				for _, h := range all {
					r, ok := byID[h.ID]
					if !ok {
						t.Fatalf("hit %q is no record", h.ID)
					}
					if passes(r, req) {
						want = append(want, h)
					}
				}
				if len(want) > 0 && len(want) < len(all) {
					differs++
				}
				t.Run(fmt.Sprintf("%s/%d/%s", qt.text, i, sort), func(t *testing.T) {
					if diff := cmp.Diff(want, search(req, q, sort)); diff != "" {
						t.Errorf("filtered hits are not the unfiltered ones restricted (-want +got):\n%s", diff)
					}
				})
			}
		}
	}
	if differs < 3*len(queries)*len(filters)/2 {
		t.Errorf("only %d cases where a filter leaves out some hits: the test proves little", differs)
	}
}
