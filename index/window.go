package index

// # Result windows
//
// A page of near-duplicate groups is cut from a window of hits larger than
// the page (search/group.go), up to 10,000 hits for a deep page. Loading
// each window hit's stored fields to learn its group key cost a stored
// document decompressed per hit (4 s for a window of 10,000). The group key
// and the period start of every document are instead read from the
// snapshot's facet tables (facettable.go: the group field's terms and
// postings, per segment), which needs the hits' segment document numbers
// from the same snapshot: Search runs the window's search on the snapshot
// itself, as bleve's own search would (same searcher, collector and
// sort), so the numbers cannot change under it.

import (
	"context"
	"fmt"
	"slices"
	"sort"
	"sync"

	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/numeric"
	bsearch "github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/collector"
	"github.com/blevesearch/bleve/v2/search/query"
	bindex "github.com/blevesearch/bleve_index_api"

	"projektsok/ingest"
)

// Search runs q on the snapshot, scored as bleve's search of the index
// would, and returns its first size hits in order (with their ids) and the
// number of documents that match. A sort on the period's start or end
// reads the dates from the tables (tableSort) instead of doc values, and
// a sort by id the ids (idSort) instead of the stored section.
func (s *FacetSnapshot) Search(ctx context.Context, q query.Query, size int, order bsearch.SortOrder) (bsearch.DocumentMatchCollection, uint64, error) {
	return s.SearchVisit(ctx, q, size, order, nil)
}

// SearchVisit is Search that also calls visit, as Scan does, for every
// document the query matches, as the search finds it (nil: none): one
// evaluation of the query gives both the window and what Scan would see
// of the same query.
func (s *FacetSnapshot) SearchVisit(ctx context.Context, q query.Query, size int, order bsearch.SortOrder, visit func(ords []uint32, budget, esf float64)) (bsearch.DocumentMatchCollection, uint64, error) {
	return s.SearchGroups(ctx, q, size, order, visit, nil)
}

// SearchGroups is SearchVisit that also counts in groups (nil: no) the
// documents the query matches per group key.
func (s *FacetSnapshot) SearchGroups(ctx context.Context, q query.Query, size int, order bsearch.SortOrder, visit func(ords []uint32, budget, esf float64), groups *GroupCounts) (bsearch.DocumentMatchCollection, uint64, error) {
	order = barAfterScore(s.tableSorts(order), size)
	model := bindex.DefaultScoringModel
	if m, ok := s.mapping.(*mapping.IndexMappingImpl); ok && m.ScoringModel == bindex.BM25Scoring {
		model = bindex.BM25Scoring
	}
	ctx = context.WithValue(ctx, bsearch.GetScoringModelCallbackKey,
		bsearch.GetScoringModelCallbackFn(func() string { return model }))
	ctx = bsearch.ContextWithTermSearchersCounter(ctx)
	searcher, err := q.Searcher(ctx, s.reader, s.mapping, bsearch.SearcherOptions{})
	if err != nil {
		return nil, 0, err
	}
	defer searcher.Close()
	if visit != nil || groups != nil {
		searcher = &visitingSearcher{Searcher: searcher, rows: tableRows{s: s}, visit: visit, groups: groups}
	}
	coll := collector.NewTopNCollector(size, 0, order)
	if err := coll.Collect(ctx, searcher, s.reader); err != nil {
		return nil, 0, err
	}
	return coll.Results(), coll.Total(), nil
}

// HitFacts are what the snapshot's tables tell about a hit of its Search:
// its group key (GroupKey of its title; "" for none) and its period start.
type HitFacts struct {
	Group, PeriodStart string
}

// GroupSize is an upper bound of how many of the snapshot's documents
// have a group key: the documents of its segments that have it, deleted
// ones included. A group of a result page that already holds that many
// members cannot have more (search/group.go).
func (s *FacetSnapshot) GroupSize(key string) int {
	n := 0
	for _, t := range s.tables {
		if i, ok := slices.BinarySearch(t.groups, key); ok {
			n += int(t.sizes[i])
		}
	}
	return n
}

// TypicalGroup is how many documents the near-duplicate group of a
// typical document of the snapshot holds: the median over its documents
// of their group's size (per segment, weighted by the segments'
// documents; 1 for a document without a key). 1 at 44,397 documents,
// where most titles stand alone; 10 in a corpus of ten copies, where a
// window of hits holds a tenth as many groups (search/group.go).
func (s *FacetSnapshot) TypicalGroup() int {
	n, sum := 0, 0
	for _, t := range s.tables {
		n += len(t.group)
		sum += len(t.group) * t.typical
	}
	if n == 0 {
		return 1
	}
	return max(1, (sum+n/2)/n)
}

// locate returns a hit's segment and document number in it.
func (s *FacetSnapshot) locate(dm *bsearch.DocumentMatch) (int, uint64, error) {
	num := dm.IndexInternalID.Value()
	// a sort by date or id locates every matching document: a few
	// segments are searched one by one, from the last
	seg := len(s.offsets) - 1
	if seg < 8 {
		for seg >= 0 && s.offsets[seg] > num {
			seg--
		}
	} else {
		seg = sort.Search(len(s.offsets), func(i int) bool { return s.offsets[i] > num }) - 1
	}
	if seg < 0 {
		return 0, 0, fmt.Errorf("hit %s: no segment holds document %d", dm.ID, num)
	}
	return seg, num - s.offsets[seg], nil
}

// Facts reads a hit's group key and period start from the tables.
func (s *FacetSnapshot) Facts(dm *bsearch.DocumentMatch) (HitFacts, error) {
	seg, local, err := s.locate(dm)
	if err != nil {
		return HitFacts{}, err
	}
	t := s.tables[seg]
	if local >= uint64(len(t.group)) {
		return HitFacts{}, fmt.Errorf("hit %s: document %d beyond its segment", dm.ID, local)
	}
	var f HitFacts
	if g := t.group[local]; g > 0 {
		f.Group = t.groups[g-1]
	}
	if o := t.period[0][local]; o > 0 && int(o) <= len(s.dict.Values) {
		f.PeriodStart = s.dict.Values[o-1]
	}
	return f, nil
}

// Record reads a hit's stored record, without Record.Rest (the text of a
// long file past what the record holds, which hits never show): the one
// stored document a shown hit loads. Unlike Index.Get it needs no look-up
// of the id and copies no stored field but the record's JSON as it
// decodes it.
func (s *FacetSnapshot) Record(dm *bsearch.DocumentMatch) (ingest.Record, error) {
	var rec ingest.Record
	seg, local, err := s.locate(dm)
	if err != nil {
		return rec, err
	}
	found := false
	var decodeErr error
	err = s.reader.Segments()[seg].Segment().VisitStoredFields(local, func(field string, _ byte, value []byte, _ []uint64) bool {
		if field != FieldRaw {
			return true
		}
		found = true
		rec, decodeErr = decodeRecord(value)
		return false
	})
	switch {
	case err != nil:
		return rec, fmt.Errorf("load %s: %w", dm.ID, err)
	case !found:
		return rec, fmt.Errorf("%s has no stored record", dm.ID)
	case decodeErr != nil:
		return rec, fmt.Errorf("decode %s: %w", dm.ID, decodeErr)
	}
	return rec, nil
}

// Title reads a hit's stored title (only that field is copied). The
// segment's table keeps each title read (titleMemo): reading one stored
// field decompresses the document's whole stored section, and a page of
// near-duplicate groups reads the title of every version it shows.
func (s *FacetSnapshot) Title(dm *bsearch.DocumentMatch) (string, error) {
	seg, local, err := s.locate(dm)
	if err != nil {
		return "", err
	}
	memo := &s.tables[seg].titles
	if title, ok := memo.get(local); ok {
		return title, nil
	}
	var title string
	err = s.reader.Segments()[seg].Segment().VisitStoredFields(local, func(field string, _ byte, value []byte, _ []uint64) bool {
		if field == FieldTitle {
			title = string(value)
			return false
		}
		return true
	})
	if err != nil {
		return "", fmt.Errorf("title of %s: %w", dm.ID, err)
	}
	return memo.put(local, title), nil
}

// titleMemo keeps the titles read of one segment's documents (segments
// never change), each distinct title once: where every text has ten
// versions, the versions share a title. At 443,970 documents it holds at
// most 4 bytes a document and the distinct titles (about 44,000), and
// under the long tail it saved most of the stored sections decompressed
// for versions (3 % of the server's CPU).
type titleMemo struct {
	mu     sync.RWMutex
	of     []uint32 // document → position in titles + 1; 0: not read yet
	titles []string
	pos    map[string]uint32
}

func (m *titleMemo) get(doc uint64) (string, bool) {
	m.mu.RLock()
	defer m.mu.RUnlock()
	if doc >= uint64(len(m.of)) || m.of[doc] == 0 {
		return "", false
	}
	return m.titles[m.of[doc]-1], true
}

// size is the memory the memo holds, in bytes.
func (m *titleMemo) size() int {
	m.mu.RLock()
	defer m.mu.RUnlock()
	n := 4 * len(m.of)
	for _, t := range m.titles {
		n += 16 + len(t) + 24 // the title, and its place in pos
	}
	return n
}

// put keeps a document's title and returns it (the copy kept when
// another document has the same title).
func (m *titleMemo) put(doc uint64, title string) string {
	m.mu.Lock()
	defer m.mu.Unlock()
	if doc >= uint64(len(m.of)) {
		return title
	}
	p, ok := m.pos[title]
	if !ok {
		if m.pos == nil {
			m.pos = map[string]uint32{}
		}
		m.titles = append(m.titles, title)
		p = uint32(len(m.titles))
		m.pos[title] = p
	}
	m.of[doc] = p
	return m.titles[p-1]
}

// tableSorts replaces the sorts on the period's start or end (one keyword
// value per document) with tableSorts, the sort on the total budget with
// a budgetSort, and the sort by id with an idSort.
func (s *FacetSnapshot) tableSorts(order bsearch.SortOrder) bsearch.SortOrder {
	out := make(bsearch.SortOrder, len(order))
	for i, o := range order {
		out[i] = o
		if d, ok := o.(*bsearch.SortDocID); ok {
			out[i] = &idSort{s: s, desc: d.Desc}
			continue
		}
		f, ok := o.(*bsearch.SortField)
		if !ok || f.Type != bsearch.SortFieldAuto || f.Mode != bsearch.SortFieldDefault {
			continue
		}
		if f.Field == FieldTotalBudget {
			out[i] = &budgetSort{s: s, tableOrder: tableOrder{desc: f.Desc, missing: f.Missing}}
			continue
		}
		if f.Field != FieldPeriodStart && f.Field != FieldPeriodEnd {
			continue
		}
		end := 0
		if f.Field == FieldPeriodEnd {
			end = 1
		}
		out[i] = &tableSort{s: s, end: end, tableOrder: tableOrder{desc: f.Desc, missing: f.Missing}}
	}
	return out
}

// tableSort is bleve's SortField on a field of one keyword value per
// document, read from the facet tables: a sort by date cost decompressing
// a chunk of doc values for every matching document (13 % of the CPU
// under the long-tail workload). Values and missing values order exactly
// as SortField's do.
type tableSort struct {
	s   *FacetSnapshot
	end int // 0: the period's start, 1: its end (facetTable.period)
	tableOrder
}

func (t *tableSort) Value(dm *bsearch.DocumentMatch) string {
	if seg, local, err := t.s.locate(dm); err == nil {
		if p := t.s.tables[seg].period[t.end]; local < uint64(len(p)) {
			if o := p[local]; o > 0 && int(o) <= len(t.s.dict.Values) {
				return t.s.dict.Values[o-1]
			}
		}
	}
	return t.absent()
}

func (t *tableSort) Copy() bsearch.SearchSort { c := *t; return &c }

// tableOrder is what the table sorts share with bleve's SortField: the
// direction, and where the documents without a value go.
type tableOrder struct {
	desc    bool
	missing bsearch.SortFieldMissing
}

// absent is SortField.Value for a document without the field.
func (o *tableOrder) absent() string {
	if (o.missing == bsearch.SortFieldMissingLast) == o.desc {
		return bsearch.LowTerm
	}
	return bsearch.HighTerm
}

func (o *tableOrder) UpdateVisitor(string, []byte) {}
func (o *tableOrder) DecodeValue(v string) string  { return v }
func (o *tableOrder) Descending() bool             { return o.desc }
func (o *tableOrder) RequiresDocID() bool          { return false }
func (o *tableOrder) RequiresScoring() bool        { return false }
func (o *tableOrder) RequiresFields() []string     { return nil }

func (o *tableOrder) Reverse() {
	o.desc = !o.desc
	if o.missing == bsearch.SortFieldMissingFirst {
		o.missing = bsearch.SortFieldMissingLast
	} else {
		o.missing = bsearch.SortFieldMissingFirst
	}
}

// budgetSort is bleve's SortField on the total budget (a numeric field of
// one value per document), read from the facet tables instead of doc
// values: the value is the same full-precision term (shift 0) SortField
// picks, so hits order, and missing budgets sort, exactly as with it.
type budgetSort struct {
	s *FacetSnapshot
	tableOrder
}

func (t *budgetSort) Value(dm *bsearch.DocumentMatch) string {
	if seg, local, err := t.s.locate(dm); err == nil {
		if b := t.s.tables[seg].budget; local < uint64(len(b)) && b[local] > 0 {
			return string(numeric.MustNewPrefixCodedInt64(numeric.Float64ToInt64(b[local]), 0))
		}
	}
	return t.absent()
}

func (t *budgetSort) Copy() bsearch.SearchSort { c := *t; return &c }

// idSort is bleve's SortDocID with the ids read from the facet tables:
// SortDocID makes the collector read every matching document's id from
// the segment's stored section (8 % of the CPU under the long-tail
// workload). It sets the hit's ID, which the collector then need not
// look up again.
type idSort struct {
	s    *FacetSnapshot
	desc bool
}

func (t *idSort) UpdateVisitor(string, []byte) {}

func (t *idSort) Value(dm *bsearch.DocumentMatch) string {
	if dm.ID == "" {
		if seg, local, err := t.s.locate(dm); err == nil && local < uint64(len(t.s.tables[seg].ids)) {
			dm.ID = t.s.tables[seg].ids[local]
		}
	}
	return dm.ID
}

func (t *idSort) DecodeValue(v string) string { return v }
func (t *idSort) Descending() bool            { return t.desc }
func (t *idSort) RequiresDocID() bool         { return false }
func (t *idSort) RequiresScoring() bool       { return false }
func (t *idSort) RequiresFields() []string    { return nil }
func (t *idSort) Copy() bsearch.SearchSort    { c := *t; return &c }
func (t *idSort) Reverse()                    { t.desc = !t.desc }

// visitingSearcher passes every document its searcher finds to visit
// with its facet table row, and counts it in its group (SearchGroups);
// either may be nil.
type visitingSearcher struct {
	bsearch.Searcher
	rows   tableRows
	visit  func(ords []uint32, budget, esf float64)
	groups *GroupCounts
}

func (v *visitingSearcher) Next(ctx *bsearch.SearchContext) (*bsearch.DocumentMatch, error) {
	dm, err := v.Searcher.Next(ctx)
	if dm != nil {
		v.found(dm.IndexInternalID.Value())
	}
	return dm, err
}

func (v *visitingSearcher) Advance(ctx *bsearch.SearchContext, id bindex.IndexInternalID) (*bsearch.DocumentMatch, error) {
	dm, err := v.Searcher.Advance(ctx, id)
	if dm != nil {
		v.found(dm.IndexInternalID.Value())
	}
	return dm, err
}

func (v *visitingSearcher) found(num uint64) {
	t, local, ok := v.rows.row(num)
	if !ok {
		return
	}
	if v.visit != nil {
		v.visit(t.ords[t.start[local]:t.start[local+1]], t.budget[local], t.esf[local])
	}
	if v.groups != nil {
		if g := t.group[local]; g > 0 {
			v.groups.add(v.rows.seg, g-1)
		}
	}
}

// GroupCounts counts the documents a search matched per group key
// (SearchGroups). A page's group that holds as many members as the
// query matched documents with its key is whole: no search need look for
// more (search/group.go). Where every text has ten versions, a page's
// groups mostly lacked versions the index holds but the query does not
// match (a word of one version's footer, a filter on a municipality
// some versions name), and looking for them was 7 % of the server's CPU
// under the long tail at 443,970 documents.
type GroupCounts struct {
	s      *FacetSnapshot
	counts [][]uint32 // per segment, per group key (facetTable.groups)
}

var groupCountsPool sync.Pool

// NewGroupCounts returns zeroed counts for the snapshot's group keys;
// Release them when done.
func (s *FacetSnapshot) NewGroupCounts() *GroupCounts {
	c, _ := groupCountsPool.Get().(*GroupCounts)
	if c == nil {
		c = &GroupCounts{}
	}
	c.s = s
	c.counts = slices.Grow(c.counts[:0], len(s.tables))[:len(s.tables)]
	for i, t := range s.tables {
		n := len(t.groups)
		if cap(c.counts[i]) < n {
			c.counts[i] = make([]uint32, n)
			continue
		}
		c.counts[i] = c.counts[i][:n]
		clear(c.counts[i])
	}
	return c
}

func (c *GroupCounts) add(seg int, key uint32) { c.counts[seg][key]++ }

// Count is how many documents the search matched with the group key.
func (c *GroupCounts) Count(key string) int {
	n := 0
	for i, t := range c.s.tables {
		if k, ok := slices.BinarySearch(t.groups, key); ok {
			n += int(c.counts[i][k])
		}
	}
	return n
}

// Release gives the counts back for reuse; c must not be used after.
func (c *GroupCounts) Release() {
	if c == nil {
		return
	}
	c.s = nil
	groupCountsPool.Put(c)
}

// A window sorted by score first, as a relevance window is (score, then
// newest, then id), needs a hit's later sort values only when the hit can
// still enter the window; bleve's collector reads them for every hit
// that matches (7 % of the CPU of the long tail at 444,000 documents).
// A hit scoring below the size-th best score seen so far has size hits
// ahead of it whatever its other values, and the collector, which
// compares scores first, turns it away without looking at them: such a
// hit gets "" for each later sort instead of its value.

// scoreBar is the size-th best score seen so far.
type scoreBar struct {
	size int
	best []float64 // min-heap of the best scores seen, at most size
	in   bool      // whether the last hit decided may enter
}

// admit reports whether a hit of this score may enter the window, and
// counts its score.
func (b *scoreBar) admit(score float64) bool {
	if len(b.best) < b.size {
		b.best = append(b.best, score)
		for i := len(b.best) - 1; i > 0; {
			p := (i - 1) / 2
			if b.best[p] <= b.best[i] {
				break
			}
			b.best[p], b.best[i] = b.best[i], b.best[p]
			i = p
		}
		return true
	}
	switch {
	case score < b.best[0]:
		return false
	case score == b.best[0]:
		return true // a tie: the later values decide
	}
	b.best[0] = score
	for i := 0; ; {
		l, m := 2*i+1, i
		if l < len(b.best) && b.best[l] < b.best[m] {
			m = l
		}
		if r := l + 1; r < len(b.best) && b.best[r] < b.best[m] {
			m = r
		}
		if m == i {
			break
		}
		b.best[m], b.best[i] = b.best[i], b.best[m]
		i = m
	}
	return true
}

// barred is one of the table sorts after a sort by score: it reads its
// value only for a hit that may enter the window.
type barred struct {
	bsearch.SearchSort
	bar   *scoreBar
	first bool // the first sort after the score: it decides for the hit
}

func (b *barred) Value(dm *bsearch.DocumentMatch) string {
	if b.first {
		b.bar.in = b.bar.admit(dm.Score)
	}
	if !b.bar.in {
		return ""
	}
	return b.SearchSort.Value(dm)
}

func (b *barred) Copy() bsearch.SearchSort {
	return &barred{SearchSort: b.SearchSort.Copy(), bar: b.bar, first: b.first}
}

// barAfterScore wraps the table sorts that follow a first sort by score,
// descending, in a window of size hits (see scoreBar); any other order
// is returned as it is.
func barAfterScore(order bsearch.SortOrder, size int) bsearch.SortOrder {
	if size <= 0 || len(order) < 2 {
		return order
	}
	if sc, ok := order[0].(*bsearch.SortScore); !ok || !sc.Desc {
		return order
	}
	for _, o := range order[1:] {
		switch o.(type) {
		case *tableSort, *idSort, *budgetSort:
		default:
			return order // a sort of bleve's own: leave the order alone
		}
	}
	bar := &scoreBar{size: size}
	out := make(bsearch.SortOrder, len(order))
	out[0] = order[0]
	for i, o := range order[1:] {
		out[i+1] = &barred{SearchSort: o, bar: bar, first: i == 0}
	}
	return out
}
