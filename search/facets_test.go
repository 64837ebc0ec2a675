package search

import (
	"context"
	"fmt"
	"math/rand/v2"
	"sort"
	"testing"

	"github.com/blevesearch/bleve/v2"
	bsearch "github.com/blevesearch/bleve/v2/search"
	"github.com/google/go-cmp/cmp"

	"projektsok/index"
	"projektsok/ingest"
	"projektsok/search/searchtest"
)

// oracleFacets counts one facet the slow, obviously right way: a bleve
// search with every filter but the facet's own and bleve's facet builder.
func oracleFacets(t *testing.T, idx *index.Index, req Request, q Query, f facet) []FacetValue {
	t.Helper()
	bq, _, err := buildQuery(req, q, f.field)
	if err != nil {
		t.Fatal(err)
	}
	r := bleve.NewSearchRequestOptions(bq, 0, 0, false)
	var fr *bleve.FacetRequest
	if f.key == "budget" {
		fr = bleve.NewFacetRequest(index.FieldTotalBudget, len(BudgetBuckets))
		for _, b := range BudgetBuckets {
			var min, max *float64
			if b.Min > 0 {
				v := b.Min
				min = &v
			}
			if b.Max > 0 {
				v := b.Max
				max = &v
			}
			fr.AddNumericRange(b.Name, min, max)
		}
	} else {
		fr = bleve.NewFacetRequest(f.field, 100000)
	}
	r.Facets = bleve.FacetsRequest{f.key: fr}
	res, err := idx.Bleve().Search(r)
	if err != nil {
		t.Fatal(err)
	}
	return valuesOf(res.Facets[f.key])
}

func valuesOf(fr *bsearch.FacetResult) []FacetValue {
	out := []FacetValue{}
	if fr.Terms != nil {
		for _, t := range fr.Terms.Terms() {
			out = append(out, FacetValue{t.Term, t.Count})
		}
	}
	for _, r := range fr.NumericRanges {
		if r.Count > 0 {
			out = append(out, FacetValue{r.Name, r.Count})
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Value < out[j].Value })
	return out
}

// TestCountFacetsMatchesBleve compares the one-pass counts with one bleve
// facet search per facet, on an index of several segments with replaced
// and deleted documents, for random queries and filters of every kind.
// facetFixture is an index of several segments with replaced and
// deleted documents, and an engine on it without a facet cache.
func facetFixture(t *testing.T) (*index.Index, *Engine) {
	t.Helper()
	recs, err := searchtest.BenchRecords("..", 400)
	if err != nil {
		t.Fatal(err)
	}
	idx, err := index.NewMemory()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { idx.Close() })
	ctx := context.Background()
	for i := 0; i < len(recs); i += 60 { // several segments
		if _, err := idx.Put(ctx, recs[i:min(i+60, len(recs))]); err != nil {
			t.Fatal(err)
		}
	}
	// replace some documents with other values, delete others: the old
	// versions stay in their segments' tables and must not count
	var changed []ingest.Record
	for i := 0; i < 40; i++ {
		r := recs[i*7]
		r.Region, r.Phase, r.TotalBudgetSEK = "Mellersta Norrland", "Avslutat", 42_000_000
		r.Municipalities = []string{"Sundsvall"}
		changed = append(changed, r)
	}
	if _, err := idx.Put(ctx, changed); err != nil {
		t.Fatal(err)
	}
	var gone []string
	for i := 0; i < 30; i++ {
		gone = append(gone, recs[i*11+3].ID)
	}
	if err := idx.Delete(gone...); err != nil {
		t.Fatal(err)
	}
	eng := NewEngine(idx)
	eng.facets = nil
	return idx, eng

}

func TestCountFacetsMatchesBleve(t *testing.T) {
	idx, eng := facetFixture(t)
	ctx := context.Background()
	all, err := eng.countFacets(ctx, Request{}, Query{}, Facets)
	if err != nil {
		t.Fatal(err)
	}
	pick := func(rng *rand.Rand, key string) string {
		v := all[key]
		return v[rng.IntN(len(v))].Value
	}
	rng := rand.New(rand.NewPCG(1, 2))
	queries := []string{"", "arbetsmarknad", "kommun", "utbildning -projekt", `"lokal samverkan"`, "kompetens*", "arbetsmarknad validering umeå -projekt"}
	// relaxed searches (relax.go): all words but one
	relaxed := map[string]int{"arbetsmarknad validering umeå -projekt": 2}
	keys := []string{"region", "county", "municipality", "owner", "phase", "doc_type", "methods", "target_groups", "programme_area"}
	for n := 0; n < 60; n++ {
		req := Request{Query: queries[n%len(queries)], Filters: map[string][]string{}}
		for k := rng.IntN(4); k > 0; k-- {
			key := keys[rng.IntN(len(keys))]
			req.Filters[key] = append(req.Filters[key], pick(rng, key))
			if rng.IntN(3) == 0 {
				req.Filters[key] = append(req.Filters[key], pick(rng, key))
			}
		}
		if rng.IntN(4) == 0 {
			req.Filters["municipality"] = append(req.Filters["municipality"], "Ingenstans") // no document has it
		}
		switch rng.IntN(4) {
		case 0:
			req.ActiveFrom = fmt.Sprintf("%d-01-01", 2016+rng.IntN(6))
		case 1:
			req.ActiveFrom, req.ActiveTo = "2017-06-01", "2018-12-31"
		}
		if rng.IntN(3) == 0 {
			req.BudgetMin = 1_000_000
			if rng.IntN(2) == 0 {
				req.BudgetMax = 10_000_000
			}
		}
		if rng.IntN(4) == 0 {
			req.StartYear = fmt.Sprintf("%d", 2014+rng.IntN(9))
		}
		t.Run(fmt.Sprintf("%d", n), func(t *testing.T) {
			q, err := eng.parse(context.Background(), req.Query)
			if err != nil {
				t.Fatal(err)
			}
			q.Min = relaxed[req.Query]
			got, err := eng.countFacets(ctx, req, q, Facets)
			if err != nil {
				t.Fatal(err)
			}
			for _, f := range Facets {
				want := oracleFacets(t, idx, req, q, f)
				g := append([]FacetValue{}, got[f.key]...)
				sort.Slice(g, func(i, j int) bool { return g[i].Value < g[j].Value })
				if diff := cmp.Diff(want, g); diff != "" {
					t.Errorf("%+v: facet %s (-bleve +one pass):\n%s", req, f.key, diff)
				}
			}
		})
	}
}

// TestFacetTablesFollowRebuild counts facets on a rebuilt index: the swap
// brings the new generation's tables, and the old documents are gone.
func TestFacetTablesFollowRebuild(t *testing.T) {
	dir := t.TempDir()
	recs := searchtest.Fixture()
	idx, err := index.Build(context.Background(), dir, func(x *index.Index) error {
		_, err := x.Put(context.Background(), recs)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { idx.Close() })
	eng := NewEngine(idx)
	before, err := eng.Search(context.Background(), Request{Size: 0})
	if err != nil {
		t.Fatal(err)
	}
	if len(before.Facets["municipality"]) == 0 {
		t.Fatal("no municipality counts before the rebuild")
	}
	err = idx.Rebuild(context.Background(), func(x *index.Index) error {
		r := recs[0]
		r.Municipalities = []string{"Kiruna"}
		_, err := x.Put(context.Background(), []ingest.Record{r})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	after, err := eng.Search(context.Background(), Request{Size: 0})
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]FacetValue{{"Kiruna", 1}}, after.Facets["municipality"]); diff != "" {
		t.Errorf("municipality after rebuild (-want +got):\n%s", diff)
	}
}

// TestSearchCountsFacetsInOnePass: a search without filters counts its
// facets from its own evaluation (oneScan); they equal the facet scan's,
// for queries with the optional clauses that only rank (pairs, phrase,
// title coverage), exclusions, prefixes and phrases, and for every page.
func TestSearchCountsFacetsInOnePass(t *testing.T) {
	_, eng := facetFixture(t)
	ctx := context.Background()
	if oneScan(Request{Filters: map[string][]string{"region": {"x"}}}) {
		t.Fatal("a filtered request counted in the search: its search leaves out what the counts need")
	}
	queries := []string{"", "arbetsmarknad", "lokal samverkan", "kommun arbetsmarknad", "arbetsmarknad -kommun",
		`"lokal samverkan"`, "kompetens*", "arbetsmarknad~1", "xqzvykw"}
	for _, qs := range queries {
		for _, from := range []int{0, 10} {
			req := Request{Query: qs, From: from, Size: DefaultSize, Filters: map[string][]string{}}
			t.Run(fmt.Sprintf("%s/%d", qs, from), func(t *testing.T) {
				if !oneScan(req) {
					t.Fatal("not counted in one pass")
				}
				q, err := eng.parse(ctx, req.Query)
				if err != nil {
					t.Fatal(err)
				}
				res, err := eng.search(ctx, req, q, true)
				if err != nil {
					t.Fatal(err)
				}
				scanned, err := eng.countFacets(ctx, req, q, Facets)
				if err != nil {
					t.Fatal(err)
				}
				want := map[string][]FacetValue{}
				for _, f := range Facets {
					want[f.key] = trimFacet(f.key, scanned[f.key], req)
				}
				if diff := cmp.Diff(want, res.Facets); diff != "" {
					t.Errorf("facets (-scan +search):\n%s", diff)
				}
				total := 0
				for _, v := range scanned["doc_type"] {
					total += v.Count
				}
				if qs != "xqzvykw" && total == 0 {
					t.Error("nothing counted: the comparison shows nothing")
				}
			})
		}
	}
}
