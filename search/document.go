package search

import (
	"context"
	"fmt"

	"github.com/blevesearch/bleve/v2"

	"projektsok/index"
)

// MaxFormerMatches bounds the documents listed for an id that earlier
// versions gave several files.
const MaxFormerMatches = 50

// FormerID finds the documents that an id given out by an earlier version
// (ingest.LegacyID: the file name without extension) now names: none, one
// (the id moved), or several (the old id was shared by files that are now
// documents of their own). It is asked only after the id was not found as
// it is.
func (e *Engine) FormerID(ctx context.Context, id string) ([]Facts, error) {
	q := bleve.NewTermQuery(id)
	q.SetField(index.FieldLegacyID)
	req := bleve.NewSearchRequestOptions(q, MaxFormerMatches, 0, false)
	req.Fields = []string{index.FieldRaw}
	req.SortBy([]string{"_id"})
	res, err := e.idx.Bleve().SearchInContext(ctx, req)
	if err != nil {
		return nil, fmt.Errorf("look up former id %q: %w", id, err)
	}
	out := make([]Facts, 0, len(res.Hits))
	for _, h := range res.Hits {
		rec, err := index.DecodeRaw(h.Fields[index.FieldRaw])
		if err != nil {
			return nil, err
		}
		out = append(out, FactsOf(&rec))
	}
	return out, nil
}
