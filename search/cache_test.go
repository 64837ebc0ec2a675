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
