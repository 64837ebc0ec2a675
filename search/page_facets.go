package search

import "context"

// allFacetValues lists every value of one terms facet with its
// multi-select count (every filter applies except the facet's own),
// optionally only those whose name starts with prefix (case- and
// diacritic-insensitive), sorted by count, then name. Selected values are
// always included.
func allFacetValues(ctx context.Context, eng *Engine, req Request, key, prefix string) ([]FacetValue, error) {
	list, err := eng.FacetAll(ctx, key, prefix, req)
	if err != nil {
		return nil, err
	}
	out := list.Values
	for _, s := range req.Filters[key] {
		if !hasValue(out, s) {
			out = append(out, FacetValue{Value: s})
		}
	}
	return out, nil
}
