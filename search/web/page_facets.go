package web

import (
	"context"
	"slices"

	"projektsok/search"
)

// allFacetValues lists every value of one terms facet with its
// multi-select count (every filter applies except the facet's own),
// optionally only those whose name starts with prefix (case- and
// diacritic-insensitive), sorted by count, then name. Selected values are
// always included.
func allFacetValues(ctx context.Context, eng *search.Engine, req search.Request, key, prefix string) ([]search.FacetValue, error) {
	list, err := eng.FacetAll(ctx, key, prefix, req)
	if err != nil {
		return nil, err
	}
	out := list.Values
	for _, s := range req.Filters[key] {
		if !slices.ContainsFunc(out, func(v search.FacetValue) bool { return v.Value == s }) {
			out = append(out, search.FacetValue{Value: s})
		}
	}
	return out, nil
}
