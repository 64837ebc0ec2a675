package search

import (
	"context"
	"strings"

	"github.com/blevesearch/bleve/v2"

	"projektsok/index"
)

// pageFacetTerms bounds the values listed on a facet's "Visa alla" page.
const pageFacetTerms = 2000

// allFacetValues lists every value of one terms facet with its
// multi-select count (every filter applies except the facet's own),
// optionally only those whose name starts with prefix (case- and
// diacritic-insensitive), sorted by count, then name. Selected values are
// always included.
func allFacetValues(ctx context.Context, eng *Engine, req Request, key, prefix string) ([]FacetValue, error) {
	q, err := ParseQuery(req.Query)
	if err != nil {
		return nil, err
	}
	f := facet{key: key, field: key}
	bq, _, err := buildQuery(req, q, f.field)
	if err != nil {
		return nil, err
	}
	ctx, cancel := eng.bound(ctx)
	defer cancel()
	sr := bleve.NewSearchRequestOptions(bq, 0, 0, false)
	sr.Facets = bleve.FacetsRequest{key: bleve.NewFacetRequest(f.field, pageFacetTerms)}
	res, err := eng.idx.Bleve().SearchInContext(ctx, sr)
	if err != nil {
		return nil, eng.searchError(ctx, err)
	}
	out := []FacetValue{}
	fp := index.Fold(prefix)
	if fr := res.Facets[key]; fr != nil && fr.Terms != nil {
		for _, t := range fr.Terms.Terms() {
			if fp == "" || strings.HasPrefix(index.Fold(t.Term), fp) {
				out = append(out, FacetValue{Value: t.Term, Count: t.Count})
			}
		}
	}
	sortFacet(out)
	for _, s := range req.Filters[key] {
		if !hasValue(out, s) {
			out = append(out, FacetValue{Value: s})
		}
	}
	return out, nil
}
