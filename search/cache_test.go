package search

import (
	"context"
	"fmt"
	"testing"

	"github.com/google/go-cmp/cmp"

	"projektsok/ingest"
	"projektsok/search/searchtest"
)

// TestFacetCacheFollowsWrites: a repeated search answers from the cache
// with the same counts, and a write to the index is seen at once.
func TestFacetCacheFollowsWrites(t *testing.T) {
	eng := testEngine(t, searchtest.Fixture())
	ctx := context.Background()
	req := Request{Size: 10, Filters: map[string][]string{"municipality": {"Botkyrka"}}}
	first, err := eng.Search(ctx, req)
	if err != nil {
		t.Fatal(err)
	}
	if eng.facets.ll.Len() == 0 {
		t.Fatal("nothing was cached")
	}
	again, err := eng.Search(ctx, req)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(first.Facets, again.Facets); diff != "" {
		t.Errorf("cached facets differ (-first +again):\n%s", diff)
	}

	extra := ingest.Record{ID: "ny-huddinge", DocType: ingest.TypeProject, Title: "Ny i Huddinge",
		Region: "Stockholm", Municipalities: []string{"Huddinge", "Botkyrka"}}
	if _, err := eng.Index().Put(ctx, []ingest.Record{extra}); err != nil {
		t.Fatal(err)
	}
	after, err := eng.Search(ctx, req)
	if err != nil {
		t.Fatal(err)
	}
	want := []FacetValue{{"Botkyrka", 3}, {"Huddinge", 2}, {"Hultsfred", 1}, {"Umeå", 1}, {"Västervik", 1}, {"Övertorneå", 1}}
	if diff := cmp.Diff(want, after.Facets["municipality"]); diff != "" {
		t.Errorf("municipality facet after a write (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]FacetValue{{"Stockholm", 3}}, after.Facets["region"]); diff != "" {
		t.Errorf("region facet after a write (-want +got):\n%s", diff)
	}
	if after.Total != 3 {
		t.Errorf("total after a write = %d, want 3", after.Total)
	}
}

// TestFacetCacheSelectedValuesDoNotLeak: a selected value missing from the
// counts is added to one response only, never to the cached counts.
func TestFacetCacheSelectedValuesDoNotLeak(t *testing.T) {
	eng := testEngine(t, searchtest.Fixture())
	ctx := context.Background()
	with, err := eng.Search(ctx, Request{Query: "validering", Filters: map[string][]string{"region": {"Stockholm"}}})
	if err != nil {
		t.Fatal(err)
	}
	if !hasValue(with.Facets["region"], "Stockholm") {
		t.Fatalf("selected region missing: %v", with.Facets["region"])
	}
	without, err := eng.Search(ctx, Request{Query: "validering"})
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]FacetValue{{"Övre Norrland", 1}}, without.Facets["region"]); diff != "" {
		t.Errorf("region facet (-want +got):\n%s", diff)
	}
}

func TestFacetCacheBounded(t *testing.T) {
	c := newFacetCache(3)
	for i := 0; i < 5; i++ {
		c.put(fmt.Sprint(i), []FacetValue{{Value: fmt.Sprint(i), Count: i}})
	}
	c.get("2") // most recently used survives the next put
	c.put("5", nil)
	for key, want := range map[string]bool{"0": false, "1": false, "2": true, "3": false, "4": true, "5": true} {
		if _, ok := c.get(key); ok != want {
			t.Errorf("key %s cached = %v, want %v", key, ok, want)
		}
	}
	if c.ll.Len() != 3 || len(c.m) != 3 {
		t.Errorf("cache holds %d/%d entries, want 3", c.ll.Len(), len(c.m))
	}
}

// A facet's cache key tells apart every request whose counts of that
// facet can differ — the index version, the query, its relaxation and
// every other filter — and is the same when only the facet's own filter
// differs (multi-select counts leave it out), so that ticking a value
// reuses the counts.
func TestFacetKey(t *testing.T) {
	municipality := Facets[0]
	for _, f := range Facets {
		if f.key == "municipality" {
			municipality = f
		}
	}
	base := Request{Query: "validering", Filters: map[string][]string{"region": {"Stockholm"}}}
	with := func(change func(r *Request)) Request {
		r := base
		r.Filters = map[string][]string{}
		for k, v := range base.Filters {
			r.Filters[k] = v
		}
		change(&r)
		return r
	}
	key := func(version uint64, r Request, min int) string { return facetKey(version, municipality, r, min) }
	want := key(1, base, 0)
	differs := map[string]string{
		"version":     key(2, base, 0),
		"relaxed":     key(1, base, 1),
		"query":       key(1, with(func(r *Request) { r.Query = "validering umeå" }), 0),
		"region":      key(1, with(func(r *Request) { r.Filters["region"] = []string{"Stockholm", "Skåne"} }), 0),
		"no region":   key(1, with(func(r *Request) { delete(r.Filters, "region") }), 0),
		"owner":       key(1, with(func(r *Request) { r.Filters["owner"] = []string{"Stockholm"} }), 0),
		"active from": key(1, with(func(r *Request) { r.ActiveFrom = "2019-01-01" }), 0),
		"active to":   key(1, with(func(r *Request) { r.ActiveTo = "2019-12-31" }), 0),
		"budget min":  key(1, with(func(r *Request) { r.BudgetMin = 1_000_000 }), 0),
		"budget max":  key(1, with(func(r *Request) { r.BudgetMax = 1_000_000 }), 0),
		"start year":  key(1, with(func(r *Request) { r.StartYear = "2019" }), 0),
		// values that would join into the same text
		"values split": key(1, with(func(r *Request) { r.Filters["region"] = []string{"Stock", "holm"} }), 0),
	}
	seen := map[string]string{want: "base"}
	for name, k := range differs {
		if other, ok := seen[k]; ok {
			t.Errorf("%s: same key as %s: %q", name, other, k)
		}
		seen[k] = name
	}
	own := key(1, with(func(r *Request) { r.Filters["municipality"] = []string{"Umeå"} }), 0)
	if own != want {
		t.Errorf("the facet's own filter changes its key: %q, want %q", own, want)
	}
	// the budget facet leaves out the budget filter, the period facet the period
	for _, f := range Facets {
		switch f.key {
		case "budget":
			if facetKey(1, f, base, 0) != facetKey(1, f, with(func(r *Request) { r.BudgetMin = 5 }), 0) {
				t.Error("the budget filter changes the budget facet's key")
			}
		case "period":
			if facetKey(1, f, base, 0) != facetKey(1, f, with(func(r *Request) { r.ActiveFrom = "2019-01-01" }), 0) {
				t.Error("the period filter changes the period facet's key")
			}
		}
	}
}
