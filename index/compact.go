package index

import (
	"context"
	"errors"
	"fmt"
	"math"
	"path/filepath"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/index/scorch/mergeplan"
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
	opts := compactPlan()
	if err := s.ForceMerge(ctx, &opts); err != nil {
		return fmt.Errorf("compact: %w", err)
	}
	x.awaitStaleFiles(cur, 30*time.Second) // returns as soon as they are gone; a loaded machine needed over 5 s
	return ctx.Err()
}

// compactPlan is the merge plan of Compact: bleve's single-segment plan
// merges ten segments per task, so more than ten (a bulk load in small
// batches, or ten times the corpus) were left as several; here one task
// takes them all, in one pass. The planner scores every roster of
// segments in size order and keeps the most balanced, which left a
// segment much larger than the rest (a compacted index and the batches
// of a later ingest) out of the merge; scored by their number alone, the
// roster of all wins.
func compactPlan() mergeplan.MergePlanOptions {
	o := mergeplan.SingleSegmentMergePlanOptions
	o.SegmentsPerMergeTask = math.MaxInt32
	o.ScoreSegments = func(segs []mergeplan.Segment, _ *mergeplan.MergePlanOptions) float64 {
		return -float64(len(segs)) // lower is better
	}
	return o
}

// awaitStaleFiles waits (up to max) for scorch's persister to delete the
// segment files a merge replaced: otherwise a process that closes the
// index right after compacting leaves them until the next open, and the
// folder takes twice the space meanwhile. ForceMerge returns once the
// merged segments are in the current snapshot, so the files beyond its
// segments are the stale ones.
func (x *Index) awaitStaleFiles(cur bleve.Index, max time.Duration) {
	store := filepath.Join(x.Path(), "store")
	deadline := time.Now().Add(max)
	nudged := time.Now()
	for time.Now().Before(deadline) {
		snap, err := readerOf(cur)
		if err != nil {
			return
		}
		segs := len(snap.Segments())
		_ = snap.Close()
		files, err := filepath.Glob(filepath.Join(store, "*.zap"))
		// (Waiting for one segment, as before, waited the whole max
		// whenever the merge left several.)
		if err != nil || len(files) <= segs {
			return
		}
		if time.Since(nudged) >= nudgeEvery {
			// scorch's persister deletes replaced files when it wakes
			// for a new epoch; a search that still held the old snapshot
			// when it last looked leaves them until the next write, and
			// with writes waiting for Compact none comes. A write of an
			// internal key is such an epoch.
			_ = cur.SetInternal(internalCompacted, []byte(time.Now().UTC().Format(time.RFC3339Nano)))
			nudged = time.Now()
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// internalCompacted records when Compact last woke the persister.
var internalCompacted = []byte("projektsok.compacted")

// nudgeEvery is how long awaitStaleFiles waits before it wakes scorch's
// persister again.
const nudgeEvery = 250 * time.Millisecond

// Segments is the number of segments of the current generation (1 for an
// index that is not on scorch).
func (x *Index) Segments() (int, error) {
	x.gen.readers.RLock()
	defer x.gen.readers.RUnlock()
	cur, _, err := x.current()
	if err != nil {
		return 0, err
	}
	snap, err := readerOf(cur)
	if errors.Is(err, ErrNoTables) {
		return 1, nil
	}
	if err != nil {
		return 0, fmt.Errorf("segments: %w", err)
	}
	defer snap.Close()
	return len(snap.Segments()), nil
}
