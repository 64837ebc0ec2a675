//go:build similar_merged

package search

import "context"

// This file wires the document page's "Liknande projekt" to
// (*Engine).Similar (search/similar.go, on another branch). It is built
// only with the tag similar_merged until that branch is merged; then delete
// the build constraint above.
func init() {
	pageSimilar = func(ctx context.Context, eng *Engine, id string, size int) ([]similarItem, error) {
		hits, err := eng.Similar(ctx, id, size)
		if err != nil {
			return nil, err
		}
		out := make([]similarItem, 0, len(hits))
		for _, h := range hits {
			out = append(out, similarItem{Hit: h.Hit, Reasons: h.Reasons})
		}
		return out, nil
	}
}
