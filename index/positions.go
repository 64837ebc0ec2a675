package index

import (
	"context"
	"fmt"
	"slices"

	bsearch "github.com/blevesearch/bleve/v2/search"
	bindex "github.com/blevesearch/bleve_index_api"
)

// Positions reads, for each hit of the snapshot's Search and each group of
// terms, the word positions in field at which any term of the group stands
// (ascending, each once): what a re-ranking by proximity needs for a few
// dozen hits, read from the term vectors the index keeps for phrases,
// without loading a stored field. out[h][g] belongs to hits[h] and
// groups[g]; nil where the hit's field holds none of the group's terms.
func (s *FacetSnapshot) Positions(ctx context.Context, hits []*bsearch.DocumentMatch, field string, groups [][]string) ([][][]uint64, error) {
	out := make([][][]uint64, len(hits))
	for h := range out {
		out[h] = make([][]uint64, len(groups))
	}
	if len(hits) == 0 {
		return out, nil
	}
	// term readers move forward only: visit the hits by document number
	order := make([]int, len(hits))
	for i := range order {
		order[i] = i
	}
	slices.SortFunc(order, func(a, b int) int {
		return hits[a].IndexInternalID.Compare(hits[b].IndexInternalID)
	})
	var doc bindex.TermFieldDoc
	for g, terms := range groups {
		for _, t := range terms {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
			r, err := s.reader.TermFieldReader(ctx, []byte(t), field, false, false, true)
			if err != nil {
				return nil, fmt.Errorf("positions of %q in %s: %w", t, field, err)
			}
			var at bindex.IndexInternalID // the reader's document; nil: none read yet
			for _, h := range order {
				id := hits[h].IndexInternalID
				if at == nil || at.Compare(id) < 0 {
					d, err := r.Advance(id, doc.Reset())
					if err != nil {
						r.Close()
						return nil, fmt.Errorf("positions of %q in %s: %w", t, field, err)
					}
					if d == nil {
						break // no later document holds the term
					}
					at = append(at[:0], d.ID...)
				}
				if !at.Equals(id) {
					continue
				}
				for _, v := range doc.Vectors {
					out[h][g] = append(out[h][g], v.Pos)
				}
			}
			r.Close()
		}
		for h := range out {
			if len(terms) > 1 {
				slices.Sort(out[h][g])
				out[h][g] = slices.Compact(out[h][g])
			}
		}
	}
	return out, nil
}
