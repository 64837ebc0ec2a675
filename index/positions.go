package index

import (
	"context"
	"fmt"
	"slices"

	bsearch "github.com/blevesearch/bleve/v2/search"
	bindex "github.com/blevesearch/bleve_index_api"
)

// Positions reads, for hits of the snapshot's Search and each group of
// terms, the word positions in field at which any term of the group stands
// (ascending, each once): what a re-ranking by proximity needs for a few
// dozen hits, read from the term vectors the index keeps for phrases,
// without loading a stored field. out[h][g] belongs to hits[h] and
// groups[g].
//
// Only a hit whose field holds every group gets positions: out[h] is nil
// for any other, and for a hit left out by need (nil: every hit is
// needed). A term reader walks its postings from one hit to the next, so
// the groups are read rarest first, each only for the hits that hold all
// groups read before: the common words' postings are walked for fewer
// hits.
func (s *FacetSnapshot) Positions(ctx context.Context, hits []*bsearch.DocumentMatch, field string, groups [][]string, need []bool) ([][][]uint64, error) {
	out := make([][][]uint64, len(hits))
	// term readers move forward only: visit the hits by document number
	var order []int
	for h := range hits {
		if need == nil || need[h] {
			order = append(order, h)
			out[h] = make([][]uint64, len(groups))
		}
	}
	if len(order) == 0 || len(groups) == 0 {
		return out, nil
	}
	slices.SortFunc(order, func(a, b int) int {
		return hits[a].IndexInternalID.Compare(hits[b].IndexInternalID)
	})
	type group struct {
		g       int
		readers []bindex.TermFieldReader
		docs    uint64 // documents holding a term of the group in field
	}
	gs := make([]group, len(groups))
	defer func() {
		for _, gr := range gs {
			for _, r := range gr.readers {
				r.Close()
			}
		}
	}()
	for g, terms := range groups {
		gs[g].g = g
		for _, t := range terms {
			r, err := s.reader.TermFieldReader(ctx, []byte(t), field, false, false, true)
			if err != nil {
				return nil, fmt.Errorf("positions of %q in %s: %w", t, field, err)
			}
			gs[g].readers = append(gs[g].readers, r)
			gs[g].docs += r.Count()
		}
	}
	slices.SortStableFunc(gs, func(a, b group) int { return cmpUint(a.docs, b.docs) })
	var doc bindex.TermFieldDoc
	for _, gr := range gs {
		g := gr.g
		for ti, r := range gr.readers {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
			var at bindex.IndexInternalID // the reader's document; nil: none read yet
			for _, h := range order {
				id := hits[h].IndexInternalID
				if at == nil || at.Compare(id) < 0 {
					d, err := r.Advance(id, doc.Reset())
					if err != nil {
						return nil, fmt.Errorf("positions of %q in %s: %w", groups[g][ti], field, err)
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
		}
		// the hits without this group have no positions, and later
		// groups are not read for them
		kept := order[:0]
		for _, h := range order {
			switch {
			case len(out[h][g]) == 0:
				out[h] = nil
			default:
				if len(gr.readers) > 1 {
					slices.Sort(out[h][g])
					out[h][g] = slices.Compact(out[h][g])
				}
				kept = append(kept, h)
			}
		}
		if order = kept; len(order) == 0 {
			break
		}
	}
	return out, nil
}

func cmpUint(a, b uint64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}
