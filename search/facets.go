package search

import (
	"context"
	"math/bits"
	"sync"

	"projektsok/index"
)

// Facet counting in one pass.
//
// Multi-select facets need, for a facet with an active filter, counts over
// the documents that pass every other filter; bleve would need one search
// per such facet, each reading every hit's doc values of every field. Here
// one scan (index.FacetSnapshot.Scan) visits every document that matches
// the query and all filters but at most one, reads its facet values from
// the in-memory facet tables, works out which filters it fails, and counts:
//
//   - a document that passes every filter counts for every facet;
//   - one that fails exactly one filter counts only for that filter's facet
//     (the only count that leaves that filter out).
//
// The result equals a separate bleve facet search per facet (a test checks
// this against brute force).

// facetOf maps a table field to the response key of the facet it feeds
// ("" for the period's start and end, which only filter).
var facetOf = func() []string {
	out := make([]string, len(index.TableFields))
	for i, field := range index.TableFields {
		for _, f := range Facets {
			if f.field == field {
				out[i] = f.key
			}
		}
	}
	return out
}()

// filterCheck is how one scan tells which filters a document passes.
type filterCheck struct {
	need    uint32   // a bit per filter condition
	ordBits []uint32 // ordinal → conditions a document with that value passes
	// group: for each facet key with a filter, its condition bits
	group map[string]uint32
	// budget bounds; budgetBit is their condition (0 = no budget filter)
	budgetBit            uint32
	budgetMin, budgetMax float64
}

// newFilterCheck prepares a request's filters for a dictionary view.
func newFilterCheck(req Request, d index.DictView) *filterCheck {
	c := &filterCheck{group: map[string]uint32{}}
	next := uint32(1)
	bit := func(key string) uint32 {
		b := next
		next <<= 1
		c.need |= b
		c.group[key] |= b
		return b
	}
	set := func(o uint32, b uint32) {
		if c.ordBits == nil {
			c.ordBits = make([]uint32, len(d.Values))
		}
		c.ordBits[o] |= b
	}
	for _, f := range FilterFields {
		vals := req.Filters[f]
		if len(vals) == 0 {
			continue
		}
		b := bit(f)
		fi := index.TableField(f)
		for _, v := range vals {
			if o, ok := d.Lookup(fi, v); ok {
				set(o, b)
			}
		}
	}
	if req.ActiveFrom != "" || req.ActiveTo != "" {
		// the same lexical comparisons as the range queries (build.go)
		var fromBit, toBit uint32
		if req.ActiveFrom != "" {
			fromBit = bit("years")
		}
		if req.ActiveTo != "" {
			toBit = bit("years")
		}
		start, end := index.TableField(index.FieldPeriodStart), index.TableField(index.FieldPeriodEnd)
		for o, fi := range d.Fields {
			switch {
			case fromBit != 0 && int(fi) == end && d.Values[o] >= req.ActiveFrom:
				set(uint32(o), fromBit)
			case toBit != 0 && int(fi) == start && d.Values[o] <= req.ActiveTo:
				set(uint32(o), toBit)
			}
		}
	}
	if req.StartYear != "" {
		// the same range as build.go's start_year query
		b := bit("start")
		start := index.TableField(index.FieldPeriodStart)
		lo, hi := req.StartYear+"-01-01", req.StartYear+"-12-31"
		for o, fi := range d.Fields {
			if int(fi) == start && d.Values[o] >= lo && d.Values[o] <= hi {
				set(uint32(o), b)
			}
		}
	}
	if req.BudgetMin > 0 || req.BudgetMax > 0 {
		c.budgetBit = bit("budget")
		c.budgetMin, c.budgetMax = float64(req.BudgetMin), float64(req.BudgetMax)
	}
	if c.need != 0 && c.ordBits == nil {
		c.ordBits = make([]uint32, len(d.Values))
	}
	return c
}

// fails returns the conditions a document does not meet.
func (c *filterCheck) fails(ords []uint32, budget float64) uint32 {
	if c.need == 0 {
		return 0
	}
	var pass uint32
	for _, o := range ords {
		pass |= c.ordBits[o]
	}
	if c.budgetBit != 0 && budget > 0 &&
		(c.budgetMin == 0 || budget >= c.budgetMin) && (c.budgetMax == 0 || budget <= c.budgetMax) {
		pass |= c.budgetBit
	}
	return c.need &^ pass
}

// budgetBucket returns the BudgetBuckets index of a budget, or -1.
func budgetBucket(v float64) int {
	if v <= 0 {
		return -1
	}
	for i, b := range BudgetBuckets {
		if (b.Min == 0 || v >= b.Min) && (b.Max == 0 || v < b.Max) {
			return i
		}
	}
	return -1
}

// countFacets counts the given facets for a request (multi-select: each
// facet over the documents that pass every filter but its own), in one
// scan of the index's facet tables.
func (e *Engine) countFacets(ctx context.Context, req Request, q Query, want []facet) (map[string][]FacetValue, error) {
	snap, err := e.idx.FacetSnapshot()
	if err != nil {
		return nil, err
	}
	defer snap.Close()
	return e.countFacetsIn(ctx, snap, req, q, want)
}

// countFacetsIn is countFacets on an open snapshot.
func (e *Engine) countFacetsIn(ctx context.Context, snap *index.FacetSnapshot, req Request, q Query, want []facet) (map[string][]FacetValue, error) {
	sq, err := scanQuery(req, q)
	if err != nil {
		return nil, err
	}
	c := newFacetCounter(snap, req, want)
	defer c.release()
	if err := snap.Scan(ctx, sq, c.count); err != nil {
		return nil, err
	}
	return c.result(), nil
}

// oneScan reports whether the window's search of a request finds every
// document its facet scan would (scanQuery), so that one evaluation of
// the query serves both (index.FacetSnapshot.SearchVisit): with no
// filter, the scan is the query's text and the search adds only optional
// clauses that rank.
func oneScan(req Request) bool { return len(filterGroups(req)) == 0 }

// facetCounter counts the facets of one request (multi-select) over the
// documents of a scan, as they come.
type facetCounter struct {
	d     index.DictView
	check *filterCheck
	want  []facet
	// counted: the table fields counted for a document that passes every
	// filter; singles: for one that fails only one filter, that filter's
	// facet field (or the budget buckets)
	counted     []bool
	singles     []single
	countBudget bool
	tally       *tally
	buckets     []int
}

type single struct {
	bits  uint32
	field int  // table field counted for such a document (-1: none)
	bud   bool // the budget facet
}

// newFacetCounter prepares the counting of want for req on snap's
// tables; release it when done.
func newFacetCounter(snap *index.FacetSnapshot, req Request, want []facet) *facetCounter {
	d := snap.Dict()
	c := &facetCounter{d: d, check: newFilterCheck(req, d), want: want}
	wanted := map[string]bool{}
	for _, f := range want {
		wanted[f.key] = true
	}
	c.counted = make([]bool, len(index.TableFields))
	for i, key := range facetOf {
		c.counted[i] = key != "" && wanted[key]
	}
	for key, b := range c.check.group {
		s := single{bits: b, field: -1}
		switch key {
		case "start": // no facet of its own: such a document counts for none
		case "budget":
			s.bud = wanted["budget"]
		default:
			if f := index.TableField(key); wanted[facetOf[f]] {
				s.field = f
			}
		}
		c.singles = append(c.singles, s)
	}
	c.countBudget = wanted["budget"]
	c.tally = getTally(len(d.Values))
	c.buckets = make([]int, len(BudgetBuckets))
	return c
}

// release returns the counter's tally to the pool.
func (c *facetCounter) release() {
	if c.tally != nil {
		putTally(c.tally)
		c.tally = nil
	}
}

// visit is count with the ESF support index.FacetSnapshot.SearchVisit
// passes.
func (c *facetCounter) visit(ords []uint32, budget, _ float64) { c.count(ords, budget) }

// count counts one document of the scan.
func (c *facetCounter) count(ords []uint32, budget float64) {
	d := c.d
	fail := c.check.fails(ords, budget)
	if fail == 0 {
		for _, o := range ords {
			if c.counted[d.Fields[o]] {
				c.tally.add(o)
			}
		}
		if c.countBudget {
			c.addBudget(budget)
		}
		return
	}
	if bits.OnesCount32(fail) > 2 {
		return
	}
	for _, s := range c.singles {
		if fail&^s.bits != 0 {
			continue
		}
		if s.field >= 0 {
			for _, o := range ords {
				if int(d.Fields[o]) == s.field {
					c.tally.add(o)
				}
			}
		}
		if s.bud {
			c.addBudget(budget)
		}
		return
	}
}

// addBudget counts a budget in its bucket.
func (c *facetCounter) addBudget(budget float64) {
	if b := budgetBucket(budget); b >= 0 {
		c.buckets[b]++
	}
}

// result returns the counts, each facet's values sorted.
func (c *facetCounter) result() map[string][]FacetValue {
	d, counts := c.d, c.tally.counts
	out := make(map[string][]FacetValue, len(c.want)+1)
	for _, f := range c.want {
		out[f.key] = []FacetValue{}
	}
	// each list made as long as it will be (lists grown value by value
	// were a twentieth of the bytes a long-tail search allocates)
	var per [256]int // per table field (an ordinal's field is a uint8)
	for _, o := range c.tally.touched {
		per[d.Fields[o]]++
	}
	sizes := make(map[string]int, len(c.want))
	for f, n := range per[:len(facetOf)] {
		if n > 0 {
			sizes[facetOf[f]] += n
		}
	}
	for key, n := range sizes {
		out[key] = make([]FacetValue, 0, n)
	}
	// the values counted, in no order: each list is sorted below
	for _, o := range c.tally.touched {
		key := facetOf[d.Fields[o]]
		out[key] = append(out[key], FacetValue{Value: d.Values[o], Count: int(counts[o])})
	}
	if c.countBudget {
		for i, b := range BudgetBuckets {
			if c.buckets[i] > 0 {
				out["budget"] = append(out["budget"], FacetValue{Value: b.Name, Count: c.buckets[i]})
			}
		}
	}
	for key, v := range out {
		if key == "period" {
			sortByValue(v)
		} else if key != "budget" {
			sortFacet(v)
		}
	}
	return out
}

// tally is a facet scan's count per facet ordinal and the ordinals it
// counted. Scans reuse them (tallies): a slice as long as the facet
// dictionary (every owner, municipality, year …) allocated and read
// whole per search cost more than the counting at ×10.
type tally struct {
	counts  []int32
	touched []uint32
}

var tallies = sync.Pool{New: func() any { return &tally{} }}

// getTally returns a tally of all zeros for n ordinals.
func getTally(n int) *tally {
	t := tallies.Get().(*tally)
	if len(t.counts) < n {
		t.counts = make([]int32, n+n/8)
	}
	return t
}

// add counts one document with ordinal o.
func (t *tally) add(o uint32) {
	if t.counts[o] == 0 {
		t.touched = append(t.touched, o)
	}
	t.counts[o]++
}

// putTally zeroes what a scan counted and returns the tally to the pool.
func putTally(t *tally) {
	for _, o := range t.touched {
		t.counts[o] = 0
	}
	t.touched = t.touched[:0]
	tallies.Put(t)
}
