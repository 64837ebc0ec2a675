package search

// Export walks every hit of a search (not one page; from and size are
// ignored), at most Engine.ExportLimit, in the search's order. The hits are
// fetched in chunks of Engine.ExportChunk with bleve's SearchAfter on the
// search's own order plus the document id as tie-breaker (relevance: score,
// then id), so deep chunks cost no more than the first. The HTTP adapter
// (search/web/export.go) writes them as CSV or JSON while they arrive.
// A relevance export of several words lists its first rerankDepth hits
// in the order the result page shows them (the proximity re-ranking of
// rerank.go), then the rest in bleve's order, as the page does.

import (
	"context"
	"fmt"
	"slices"
	"strconv"

	"github.com/blevesearch/bleve/v2"
	bsearch "github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"

	"projektsok/index"
	"projektsok/ingest"
)

// DefaultExportChunk is how many hits an export fetches at a time.
const DefaultExportChunk = 500

// Export is an export in progress; Next returns its records one by one.
type Export struct {
	e     *Engine
	q     query.Query
	order bsearch.SortOrder
	after []string
	buf   []*bsearch.DocumentMatch
	done  bool
	chunk int

	total     uint64 // hits of the search
	limit     int    // hits the export will return
	sent      int
	truncated bool
}

// Total is the number of hits of the search.
func (it *Export) Total() uint64 { return it.total }

// Truncated reports whether the search has more hits than the export
// returns.
func (it *Export) Truncated() bool { return it.truncated }

// exportOrder is the request's order with the document id as the final
// tie-breaker, so SearchAfter never skips or repeats a hit.
func exportOrder(s string) bsearch.SortOrder {
	order := sortOrder(s)
	if order == nil {
		order = bsearch.SortOrder{&bsearch.SortScore{Desc: true}}
	}
	return append(order, &bsearch.SortDocID{})
}

// Export starts an export: the first chunk is fetched here, so a bad query
// or a failing index is an error before anything is written.
func (e *Engine) Export(ctx context.Context, req Request) (*Export, error) {
	// the first chunk runs under the cost admission (cost.go); a costly
	// export's later chunks reuse nothing but are as bounded as a search
	pq, release, err := e.prepare(ctx, req)
	if err != nil {
		return nil, err
	}
	defer release()
	q, _, err := buildQuery(req, pq, "")
	if err != nil {
		return nil, err
	}
	it := &Export{e: e, q: q, order: exportOrder(req.Sort), chunk: max(e.ExportChunk, 1)}
	_, words := rerankWindow(req, pq, 1)
	if words != nil {
		// the first chunk holds every re-ranked hit
		it.chunk = max(it.chunk, rerankDepth)
	}
	if err := it.fetch(ctx); err != nil {
		return nil, err
	}
	it.chunk = max(e.ExportChunk, 1)
	if words != nil {
		if err := it.rerankFirst(ctx, req, words); err != nil {
			return nil, err
		}
	}
	it.limit = e.ExportLimit
	if it.total < uint64(it.limit) {
		it.limit = int(it.total)
	}
	it.truncated = it.total > uint64(e.ExportLimit)
	return it, nil
}

// rerankFirst puts the first chunk's first hits in the order of the
// search's re-ranking. The chunk was fetched in bleve's order, which the
// chunks after it continue (SearchAfter); the re-ranked order comes from
// the engine's own window on a snapshot. A hit the snapshot ranks
// elsewhere (the index changed in between) keeps its place after them.
func (it *Export) rerankFirst(ctx context.Context, req Request, words *rankWords) error {
	ctx, cancel := it.e.bound(ctx)
	defer cancel()
	snap, err := it.e.idx.FacetSnapshot()
	if err != nil {
		return it.e.searchError(ctx, err)
	}
	defer snap.Close()
	hits, _, err := searchRanked(ctx, snap, it.q, rerankDepth, req.Sort, words, nil)
	if err != nil {
		return it.e.searchError(ctx, err)
	}
	rank := make(map[string]int, len(hits))
	for i, dm := range hits {
		rank[dm.ID] = i
	}
	first := it.buf[:min(len(it.buf), rerankDepth)]
	slices.SortStableFunc(first, func(a, b *bsearch.DocumentMatch) int {
		ra, oka := rank[a.ID]
		rb, okb := rank[b.ID]
		switch {
		case oka && okb:
			return ra - rb
		case oka:
			return -1
		case okb:
			return 1
		}
		return 0
	})
	return nil
}

// fetch loads the next chunk.
func (it *Export) fetch(ctx context.Context) error {
	ctx, cancel := it.e.bound(ctx)
	defer cancel()
	r := bleve.NewSearchRequestOptions(it.q, it.chunk, 0, false)
	r.Fields = []string{index.FieldRaw}
	r.Sort = it.order
	r.SearchAfter = it.after
	res, err := it.e.idx.Bleve().SearchInContext(ctx, r)
	if err != nil {
		return it.e.searchError(ctx, err)
	}
	if it.after == nil {
		it.total = res.Total
	}
	it.buf = res.Hits
	if len(res.Hits) < it.chunk {
		it.done = true
	}
	if n := len(res.Hits); n > 0 {
		last := res.Hits[n-1]
		if len(last.Sort) != len(it.order) {
			return fmt.Errorf("export: hit %s has %d sort values, want %d", last.ID, len(last.Sort), len(it.order))
		}
		after := make([]string, len(it.order))
		for i, s := range it.order {
			if s.RequiresScoring() {
				after[i] = strconv.FormatFloat(last.Score, 'g', -1, 64)
			} else {
				after[i] = last.Sort[i]
			}
		}
		it.after = after
	}
	return nil
}

// Next returns the next record; ok is false at the end.
func (it *Export) Next(ctx context.Context) (rec ingest.Record, ok bool, err error) {
	if it.sent >= it.limit {
		return rec, false, nil
	}
	if len(it.buf) == 0 {
		if it.done {
			return rec, false, nil
		}
		if err := it.fetch(ctx); err != nil {
			return rec, false, err
		}
		if len(it.buf) == 0 {
			return rec, false, nil
		}
	}
	dm := it.buf[0]
	it.buf = it.buf[1:]
	rec, err = index.DecodeRaw(dm.Fields[index.FieldRaw])
	if err != nil {
		return rec, false, fmt.Errorf("export hit %s: %w", dm.ID, err)
	}
	it.sent++
	return rec, true, nil
}
