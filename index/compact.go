package index

import (
	"context"
	"fmt"
	"path/filepath"
	"time"

	"github.com/blevesearch/bleve/v2"
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
	x.awaitStaleFiles(cur, 30*time.Second) // returns as soon as they are gone; a loaded machine needed over 5 s
	return ctx.Err()
}

// awaitStaleFiles waits (up to max) for scorch's persister to delete the
// segment files a merge replaced: otherwise a process that closes the
// index right after compacting leaves them until the next open, and the
// folder takes twice the space meanwhile.
func (x *Index) awaitStaleFiles(cur bleve.Index, max time.Duration) {
	store := filepath.Join(x.Path(), "store")
	deadline := time.Now().Add(max)
	for time.Now().Before(deadline) {
		snap, err := readerOf(cur)
		if err != nil {
			return
		}
		segs := len(snap.Segments())
		_ = snap.Close()
		files, err := filepath.Glob(filepath.Join(store, "*.zap"))
		// Writes wait for Compact, so the merged generation ends with at
		// most one segment; until the snapshot shows it, the old files
		// still count as live.
		if err != nil || segs <= 1 && len(files) <= segs {
			return
		}
		time.Sleep(50 * time.Millisecond)
	}
}
