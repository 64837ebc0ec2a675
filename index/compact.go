package index

import (
	"context"
	"fmt"

	"github.com/blevesearch/bleve/v2/index/scorch"
)

// Compact merges the current generation's segments into one. A bulk load
// leaves several (seven for 44,397 documents), and every search looks up
// each of its terms in every segment's dictionary — three text fields,
// the facet scan and the look-up of words typed without å/ä/ö do it
// again — so one segment made the long-tail workload take a sixth less
// CPU per request. It costs one pass over the index (about 4 s for
// 44,397 documents on 2 cores); writes wait meanwhile, searches do not.
func (x *Index) Compact(ctx context.Context) error {
	x.gen.write.Lock()
	defer x.gen.write.Unlock()
	x.gen.mu.Lock()
	cur, closed := x.gen.cur, x.gen.closed
	x.gen.mu.Unlock()
	if closed || cur == nil {
		return ErrClosed
	}
	adv, err := cur.Advanced()
	if err != nil {
		return fmt.Errorf("compact: %w", err)
	}
	s, ok := adv.(*scorch.Scorch)
	if !ok {
		return nil // not a scorch index: nothing to merge
	}
	if err := s.ForceMerge(ctx, nil); err != nil {
		return fmt.Errorf("compact: %w", err)
	}
	return ctx.Err()
}
