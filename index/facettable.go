package index

// # Facet tables
//
// Counting facets is most of the work of a search that matches many
// documents: bleve's facet builder reads every hit's doc values of every
// faceted field (decompressing chunks, one field at a time) and counts the
// values in maps keyed by freshly allocated strings. At 444,000 documents
// that took 280 ms for a one-word search.
//
// A facet table instead keeps, for every document of one segment, the
// ordinals of its facet values (every FacetFields value, period start and
// end), its total budget and its ESF support, in flat arrays. It is built once per segment
// from the segment's term dictionaries and postings (segments never
// change; a merge makes a new one), so counting a hit is a few array reads
// and increments. The ordinals come from one dictionary per index that
// only grows, so tables of different segments agree.
//
// Tables are cached per segment and shared by all snapshots that contain
// it; one that no recent scan used is dropped (see tableCache).

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"slices"
	"sort"
	"sync"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/numeric"
	bsearch "github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
	segment "github.com/blevesearch/scorch_segment_api/v2"
)

// TableFields are the fields whose values a facet table numbers: the facet
// fields, then the period's start and end dates (for period filters).
var TableFields = append(append([]string{}, FacetFields...), FieldPeriodStart, FieldPeriodEnd)

// TableField returns the position of a field in TableFields, or -1.
func TableField(name string) int {
	for i, f := range TableFields {
		if f == name {
			return i
		}
	}
	return -1
}

// FacetDict numbers the (field, value) pairs of an index's facet tables.
// It only grows, so an ordinal once handed out keeps its meaning.
type FacetDict struct {
	mu     sync.RWMutex
	ords   []map[string]uint32 // per TableFields position: value → ordinal
	fields []uint8             // ordinal → TableFields position
	values []string            // ordinal → value
}

func newFacetDict() *FacetDict {
	d := &FacetDict{ords: make([]map[string]uint32, len(TableFields))}
	for i := range d.ords {
		d.ords[i] = map[string]uint32{}
	}
	return d
}

// ord returns the ordinal of a value, adding it; the caller holds d.mu.
func (d *FacetDict) ord(field int, term []byte) uint32 {
	if o, ok := d.ords[field][string(term)]; ok {
		return o
	}
	o := uint32(len(d.values))
	v := string(term)
	d.ords[field][v] = o
	d.fields = append(d.fields, uint8(field))
	d.values = append(d.values, v)
	return o
}

// DictView is a read-only view of a FacetDict at one moment: it covers
// every ordinal in the tables of the snapshot it came with.
type DictView struct {
	d      *FacetDict
	Fields []uint8  // ordinal → TableFields position
	Values []string // ordinal → value
}

// Lookup returns the ordinal of a field's value, if any document of the
// snapshot (or an earlier one) has it.
func (v DictView) Lookup(field int, value string) (uint32, bool) {
	v.d.mu.RLock()
	defer v.d.mu.RUnlock()
	o, ok := v.d.ords[field][value]
	if !ok || int(o) >= len(v.Values) {
		return 0, false
	}
	return o, true
}

func (d *FacetDict) view() DictView {
	d.mu.RLock()
	defer d.mu.RUnlock()
	return DictView{d: d, Fields: d.fields[:len(d.fields):len(d.fields)], Values: d.values[:len(d.values):len(d.values)]}
}

// facetTable holds one segment's documents' facet ordinals and budgets.
type facetTable struct {
	start  []uint32  // document i's ordinals are ords[start[i]:start[i+1]]
	ords   []uint32  // FacetDict ordinals
	budget []float64 // total budget in SEK, 0 when unknown
	esf    []float64 // ESF support granted in SEK, 0 when unknown
	// group[i] is document i's near-duplicate group key (GroupKey) as
	// groups[group[i]-1]; 0 when it has none (see window.go)
	group  []uint32
	groups []string
	// sizes[k] is how many of the segment's documents (deleted ones
	// included) have the group key groups[k]: a page whose groups already
	// hold that many members needs no completing search (GroupSize)
	sizes []uint32
	// typical is the median over the segment's documents of the size of
	// a document's group (1 without a key): TypicalGroup
	typical int
	// period[0][i] and period[1][i] are document i's period start and
	// end ordinals plus one (0: none): a sort by date reads one of them
	// per matching document (tableSort) instead of searching its ords
	period [2][]uint32
	// ids[i] is document i's id: a sort by id reads it here instead of
	// from the stored section for every matching document (window.go)
	ids []string
	// titles are the stored titles read so far (FacetSnapshot.Title)
	titles titleMemo
}

func (t *facetTable) size() int {
	n := 4*len(t.start) + 4*len(t.ords) + 8*len(t.budget) + 8*len(t.esf) + 4*len(t.group) + 4*len(t.sizes) + 4*len(t.period[0]) + 4*len(t.period[1])
	for _, g := range t.groups {
		n += 16 + len(g)
	}
	for _, id := range t.ids {
		n += 16 + len(id)
	}
	return n + t.titles.size()
}

// buildTable reads a segment's facet values from its term dictionaries:
// each term's postings name the documents that have it. Deleted documents
// are included (searches never return them), so the table fits every
// snapshot that shares the segment.
func buildTable(seg segment.Segment, dict *FacetDict) (*facetTable, error) {
	n := int(seg.Count())
	budget := make([]float64, n)
	var pl segment.PostingsList
	var it segment.PostingsIterator
	each := func(d segment.TermDictionary, term []byte, fn func(doc uint32)) error {
		var err error
		pl, err = d.PostingsList(term, nil, pl)
		if err != nil {
			return err
		}
		it = pl.Iterator(false, false, false, it)
		if o, ok := it.(segment.OptimizablePostingsIterator); ok {
			if doc, ok := o.DocNum1Hit(); ok {
				fn(uint32(doc))
				return nil
			}
			if bm := o.ActualBitmap(); bm != nil {
				bm.Iterate(func(x uint32) bool { fn(x); return true })
				return nil
			}
		}
		for {
			p, err := it.Next()
			if err != nil {
				return err
			}
			if p == nil {
				return nil
			}
			fn(uint32(p.Number()))
		}
	}

	// Two walks over the postings: the first counts each document's
	// values, the second places them (ordinals of one document stay in
	// field order). No list of pairs: at 444,000 documents it would be
	// 60 MB of garbage.
	walk := func(fn func(field int, doc, ord uint32)) error {
		for fi, field := range TableFields {
			err := eachTerm(seg, field, nil, nil, nil, func(d segment.TermDictionary, term string) error {
				o := dict.ord(fi, []byte(term))
				return each(d, []byte(term), func(doc uint32) {
					if int(doc) < n {
						fn(fi, doc, o)
					}
				})
			})
			if err != nil {
				return err
			}
		}
		return nil
	}
	dict.mu.Lock()
	defer dict.mu.Unlock()
	t := &facetTable{start: make([]uint32, n+1), budget: budget, esf: make([]float64, n), group: make([]uint32, n), ids: make([]string, n),
		period: [2][]uint32{make([]uint32, n), make([]uint32, n)}, titles: titleMemo{of: make([]uint32, n)}}
	startField, endField := TableField(FieldPeriodStart), TableField(FieldPeriodEnd)
	if err := walk(func(_ int, doc, _ uint32) { t.start[doc+1]++ }); err != nil {
		return nil, err
	}
	for i := 1; i <= n; i++ {
		t.start[i] += t.start[i-1]
	}
	t.ords = make([]uint32, t.start[n])
	next := append([]uint32(nil), t.start[:n]...)
	if err := walk(func(field int, doc, ord uint32) {
		t.ords[next[doc]] = ord
		next[doc]++
		// the first value, as a scan of the ords would find it
		switch {
		case field == startField && t.period[0][doc] == 0:
			t.period[0][doc] = ord + 1
		case field == endField && t.period[1][doc] == 0:
			t.period[1][doc] = ord + 1
		}
	}); err != nil {
		return nil, err
	}
	// Amounts: the full-precision terms (shift 0) of the numeric fields.
	shift0 := []byte{numeric.ShiftStartInt64}
	for _, a := range []struct {
		field string
		into  []float64
	}{{FieldTotalBudget, budget}, {FieldESFSupport, t.esf}} {
		err := eachTerm(seg, a.field, nil, shift0, []byte{numeric.ShiftStartInt64 + 1}, func(d segment.TermDictionary, term string) error {
			i, err := numeric.PrefixCoded(term).Int64()
			if err != nil {
				return nil
			}
			v := numeric.Int64ToFloat64(i)
			return each(d, []byte(term), func(doc uint32) {
				if int(doc) < n {
					a.into[doc] = v
				}
			})
		})
		if err != nil {
			return nil, err
		}
	}
	// Group keys: the segment's terms of the group field, in order.
	err := eachTerm(seg, FieldGroup, nil, nil, nil, func(d segment.TermDictionary, term string) error {
		t.groups = append(t.groups, term)
		t.sizes = append(t.sizes, 0)
		k := uint32(len(t.groups))
		return each(d, []byte(term), func(doc uint32) {
			if int(doc) < n {
				t.group[doc] = k
				t.sizes[k-1]++
			}
		})
	})
	if err != nil {
		return nil, err
	}
	t.typical = typicalGroup(t.group, t.sizes)
	// Ids: each term of _id names one document.
	err = eachTerm(seg, "_id", nil, nil, nil, func(d segment.TermDictionary, term string) error {
		return each(d, []byte(term), func(doc uint32) {
			if int(doc) < n {
				t.ids[doc] = term
			}
		})
	})
	if err != nil {
		return nil, err
	}
	return t, nil
}

// typicalGroup is the median, over documents, of the size of a
// document's group (group and sizes as in facetTable; a document without
// a key is a group of one).
func typicalGroup(group, sizes []uint32) int {
	if len(group) == 0 {
		return 1
	}
	docs := map[uint32]int{} // group size → documents in groups of that size
	for _, g := range group {
		if g == 0 {
			docs[1]++
		} else {
			docs[sizes[g-1]]++
		}
	}
	bySize := slices.Sorted(maps.Keys(docs))
	seen := 0
	for _, size := range bySize {
		if seen += docs[size]; 2*seen >= len(group) {
			return int(size)
		}
	}
	return int(bySize[len(bySize)-1])
}

// eachTerm calls fn with every term of a segment's field that a accepts
// (nil: all) from start up to end (nil: unbounded); a field the segment
// lacks has none.
//
// It reads the dictionary only: a plain dictionary iterator also reads
// every term's postings to count its documents, which for the fold
// tables of the text fields (foldtable.go) touched most of the mapped
// index at start (at 443,970 documents 540 of the server's 810 MB idle
// RSS).
func eachTerm(seg segment.Segment, field string, a segment.Automaton, start, end []byte, fn func(d segment.TermDictionary, term string) error) error {
	d, err := seg.Dictionary(field)
	if err != nil {
		return fmt.Errorf("dictionary %s: %w", field, err)
	}
	if d == nil {
		return nil
	}
	var it segment.DictionaryIterator
	if o, ok := d.(termsOnly); ok {
		it = o.AutomatonIteratorOmitCount(a, start, end)
	} else {
		it = d.AutomatonIterator(a, start, end)
	}
	for {
		e, err := it.Next()
		if err != nil {
			return fmt.Errorf("terms of %s: %w", field, err)
		}
		if e == nil {
			return nil
		}
		if err := fn(d, e.Term); err != nil {
			return err
		}
	}
}

// termsOnly is a dictionary (zapx's) that can list its terms without
// reading their postings.
type termsOnly interface {
	AutomatonIteratorOmitCount(a segment.Automaton, start, end []byte) segment.DictionaryIterator
}

// tableCache keeps the tables of the segments recent scans used.
type tableCache struct {
	mu      sync.Mutex
	dict    *FacetDict
	scans   uint64
	entries map[segment.Segment]*tableEntry
	folds   *foldCache // the generation's fold tables (foldtable.go)
}

type tableEntry struct {
	once     sync.Once
	table    *facetTable
	err      error
	lastScan uint64
}

// keepScans is how many scans a table survives without being used: a
// segment merged away is not used again, and its table goes after this.
const keepScans = 64

func newTableCache() *tableCache {
	return &tableCache{dict: newFacetDict(), entries: map[segment.Segment]*tableEntry{}, folds: newFoldCache()}
}

// tables returns the tables of a snapshot's segments, building the
// missing ones.
func (c *tableCache) tables(segs []*scorch.SegmentSnapshot) ([]*facetTable, error) {
	c.mu.Lock()
	c.scans++
	entries := make([]*tableEntry, len(segs))
	for i, s := range segs {
		e := c.entries[s.Segment()]
		if e == nil {
			e = &tableEntry{}
			c.entries[s.Segment()] = e
		}
		e.lastScan = c.scans
		entries[i] = e
	}
	for k, e := range c.entries {
		if c.scans-e.lastScan > keepScans {
			delete(c.entries, k)
		}
	}
	c.mu.Unlock()

	out := make([]*facetTable, len(segs))
	for i, e := range entries {
		seg := segs[i].Segment()
		e.once.Do(func() { e.table, e.err = buildTable(seg, c.dict) })
		if e.err != nil {
			return nil, e.err
		}
		out[i] = e.table
	}
	return out, nil
}

// size is the memory the cached tables hold, in bytes.
func (c *tableCache) size() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	n := 0
	for _, e := range c.entries {
		if e.table != nil {
			n += e.table.size()
		}
	}
	return n
}

// FacetSnapshot is a point-in-time reader of the index's facet tables.
// Close it when done: a rebuild waits for open snapshots before it closes
// the generation they read.
type FacetSnapshot struct {
	x       *Index
	reader  *scorch.IndexSnapshot
	mapping mapping.IndexMapping
	offsets []uint64 // first global document number of each segment
	tables  []*facetTable
	dict    DictView
	once    sync.Once
}

// ErrNoTables means the index is not a scorch index with segments.
var ErrNoTables = errors.New("index has no facet tables")

// FacetSnapshot opens a snapshot of the current generation with the facet
// tables of all its segments (built on first use).
func (x *Index) FacetSnapshot() (*FacetSnapshot, error) {
	x.gen.readers.RLock()
	s, err := x.facetSnapshot()
	if err != nil {
		x.gen.readers.RUnlock()
		return nil, err
	}
	return s, nil
}

func (x *Index) facetSnapshot() (*FacetSnapshot, error) {
	cur, cache, err := x.current()
	if err != nil {
		return nil, err
	}
	return snapshotOf(x, cur, cache)
}

// current is the current generation and its table cache; the caller holds
// x.gen.readers while it reads them.
func (x *Index) current() (bleve.Index, *tableCache, error) {
	x.gen.mu.Lock()
	defer x.gen.mu.Unlock()
	if x.gen.closed {
		return nil, nil, ErrClosed
	}
	return x.gen.cur, x.gen.tables, nil
}

// readerOf opens a reader of a generation's scorch index.
func readerOf(b bleve.Index) (*scorch.IndexSnapshot, error) {
	adv, err := b.Advanced()
	if err != nil {
		return nil, err
	}
	r, err := adv.Reader()
	if err != nil {
		return nil, err
	}
	snap, ok := r.(*scorch.IndexSnapshot)
	if !ok {
		_ = r.Close()
		return nil, ErrNoTables
	}
	return snap, nil
}

// snapshotOf opens a snapshot of one generation with its table cache; the
// caller holds x.gen.readers or owns cur.
func snapshotOf(x *Index, cur bleve.Index, cache *tableCache) (*FacetSnapshot, error) {
	snap, err := readerOf(cur)
	if err != nil {
		return nil, fmt.Errorf("facet snapshot: %w", err)
	}
	segs := snap.Segments()
	tables, err := cache.tables(segs)
	if err != nil {
		_ = snap.Close()
		return nil, fmt.Errorf("facet tables: %w", err)
	}
	offsets := make([]uint64, len(segs))
	var running uint64
	for i, s := range segs {
		offsets[i] = running
		running += s.Segment().Count()
	}
	return &FacetSnapshot{x: x, reader: snap, mapping: cur.Mapping(), offsets: offsets,
		tables: tables, dict: cache.dict.view()}, nil
}

// Dict is the view of the facet dictionary that covers this snapshot.
func (s *FacetSnapshot) Dict() DictView { return s.dict }

// Close releases the snapshot.
func (s *FacetSnapshot) Close() error {
	var err error
	s.once.Do(func() {
		err = s.reader.Close()
		s.x.gen.readers.RUnlock()
	})
	return err
}

// Scan runs q (unscored) and calls visit with the facet ordinals and the
// total budget of every matching document, in index order. ords is only
// valid during the call.
func (s *FacetSnapshot) Scan(ctx context.Context, q query.Query, visit func(ords []uint32, budget float64)) error {
	return s.ScanAmounts(ctx, q, func(ords []uint32, budget, _ float64) { visit(ords, budget) })
}

// ScanAmounts is Scan that also passes the ESF support of each document.
func (s *FacetSnapshot) ScanAmounts(ctx context.Context, q query.Query, visit func(ords []uint32, budget, esf float64)) error {
	ctx = bsearch.ContextWithTermSearchersCounter(ctx)
	searcher, err := q.Searcher(ctx, s.reader, s.mapping, bsearch.SearcherOptions{Score: "none"})
	if err != nil {
		return err
	}
	defer searcher.Close()
	sctx := &bsearch.SearchContext{
		DocumentMatchPool: bsearch.NewDocumentMatchPool(searcher.DocumentMatchPoolSize(), 0),
		IndexReader:       s.reader,
	}
	rows := tableRows{s: s}
	for n := 0; ; n++ {
		if n&1023 == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		dm, err := searcher.Next(sctx)
		if err != nil {
			return err
		}
		if dm == nil {
			return nil
		}
		num := dm.IndexInternalID.Value()
		sctx.DocumentMatchPool.Put(dm)
		rows.visit(num, visit)
	}
}

// Finds reports whether q matches any document of the snapshot: the
// first match answers, where a count (a search of size 0) reads every one.
func (s *FacetSnapshot) Finds(ctx context.Context, q query.Query) (bool, error) {
	searcher, sctx, err := s.unscored(ctx, q)
	if err != nil {
		return false, err
	}
	defer searcher.Close()
	dm, err := searcher.Next(sctx)
	if err != nil {
		return false, err
	}
	return dm != nil, ctx.Err()
}

// Holds reports, for each hit of a search on this snapshot, whether q
// matches its document: one unscored searcher advanced to the hits in
// document order, with no look-up of their ids and no ranking (the words
// a relaxed search's hits lack; search/relax.go).
func (s *FacetSnapshot) Holds(ctx context.Context, q query.Query, hits []*bsearch.DocumentMatch) ([]bool, error) {
	out := make([]bool, len(hits))
	if len(hits) == 0 {
		return out, nil
	}
	searcher, sctx, err := s.unscored(ctx, q)
	if err != nil {
		return nil, err
	}
	defer searcher.Close()
	order := make([]int, len(hits))
	for i := range order {
		order[i] = i
	}
	sort.Slice(order, func(a, b int) bool {
		return hits[order[a]].IndexInternalID.Compare(hits[order[b]].IndexInternalID) < 0
	})
	var at *bsearch.DocumentMatch // where the searcher stands (nil: before its first match)
	for _, i := range order {
		id := hits[i].IndexInternalID
		if at == nil || at.IndexInternalID.Compare(id) < 0 {
			if at != nil {
				sctx.DocumentMatchPool.Put(at)
			}
			if at, err = searcher.Advance(sctx, id); err != nil {
				return nil, err
			}
			if at == nil {
				break // no match at or after id: nor after the later hits
			}
		}
		out[i] = at.IndexInternalID.Equals(id)
	}
	return out, ctx.Err()
}

// unscored returns an unscored searcher of q on the snapshot and a
// context to call it with; close the searcher when done.
func (s *FacetSnapshot) unscored(ctx context.Context, q query.Query) (bsearch.Searcher, *bsearch.SearchContext, error) {
	ctx = bsearch.ContextWithTermSearchersCounter(ctx)
	searcher, err := q.Searcher(ctx, s.reader, s.mapping, bsearch.SearcherOptions{Score: "none"})
	if err != nil {
		return nil, nil, err
	}
	return searcher, &bsearch.SearchContext{
		DocumentMatchPool: bsearch.NewDocumentMatchPool(searcher.DocumentMatchPoolSize()+1, 0),
		IndexReader:       s.reader,
	}, nil
}

// tableRows finds documents' rows in a snapshot's facet tables.
type tableRows struct {
	s   *FacetSnapshot
	seg int // the segment of the last document found
}

// visit calls visit with the facet ordinals, total budget and ESF
// support of document num (a snapshot-wide number), if it has a row.
func (r *tableRows) visit(num uint64, visit func(ords []uint32, budget, esf float64)) {
	if t, local, ok := r.row(num); ok {
		visit(t.ords[t.start[local]:t.start[local+1]], t.budget[local], t.esf[local])
	}
}

// row returns the table and row of document num (a snapshot-wide
// number), and sets r.seg to its segment; ok is false when it has none.
func (r *tableRows) row(num uint64) (t *facetTable, local uint64, ok bool) {
	s := r.s
	// documents come in ascending order; search only when they do not
	if num < s.offsets[r.seg] {
		r.seg = sort.Search(len(s.offsets), func(i int) bool { return s.offsets[i] > num }) - 1
	}
	for r.seg+1 < len(s.offsets) && num >= s.offsets[r.seg+1] {
		r.seg++
	}
	t = s.tables[r.seg]
	local = num - s.offsets[r.seg]
	return t, local, local < uint64(len(t.budget))
}

// FacetTableBytes is the memory the facet tables hold.
func (x *Index) FacetTableBytes() int {
	x.gen.mu.Lock()
	c := x.gen.tables
	x.gen.mu.Unlock()
	return c.size()
}

// WarmFacets builds the facet tables of the current generation, so that
// the first search after opening or a swap does not pay for them.
func (x *Index) WarmFacets() error {
	s, err := x.FacetSnapshot()
	if err != nil {
		return err
	}
	return s.Close()
}
