package search

import (
	"container/list"
	"strconv"
	"sync"
)

// facetCache keeps the facet counts of recent searches. Counting facets is
// most of a search's cost (every hit's values of every facet are read),
// while people page, re-sort and tick filters on the same search, and many
// ask the same questions. An entry is one facet's counts for one query and
// set of filters (its own filter left out, as multi-select counts need),
// at one index version: a write or rebuild changes the version, so stale
// entries are never read again and age out.
type facetCache struct {
	mu  sync.Mutex
	max int
	ll  *list.List // front: most recently used
	m   map[string]*list.Element
}

type cacheEntry struct {
	key    string
	values []FacetValue // as counted, before trimming for a response
}

// DefaultFacetCache is how many facet results the cache holds (about 11
// per distinct search); a few tens of MB at most.
const DefaultFacetCache = 8192

// SetFacetCache makes the engine keep the facet counts of up to n recent
// facet results; n ≤ 0 turns the cache off (benchmarks of the counting).
func (e *Engine) SetFacetCache(n int) { e.facets = newFacetCache(n) }

func newFacetCache(max int) *facetCache {
	return &facetCache{max: max, ll: list.New(), m: map[string]*list.Element{}}
}

func (c *facetCache) get(key string) ([]FacetValue, bool) {
	if c == nil || c.max <= 0 {
		return nil, false
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	el, ok := c.m[key]
	if !ok {
		return nil, false
	}
	c.ll.MoveToFront(el)
	return el.Value.(*cacheEntry).values, true
}

func (c *facetCache) put(key string, values []FacetValue) {
	if c == nil || c.max <= 0 {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if el, ok := c.m[key]; ok {
		el.Value.(*cacheEntry).values = values
		c.ll.MoveToFront(el)
		return
	}
	c.m[key] = c.ll.PushFront(&cacheEntry{key: key, values: values})
	for c.ll.Len() > c.max {
		last := c.ll.Back()
		c.ll.Remove(last)
		delete(c.m, last.Value.(*cacheEntry).key)
	}
}

// facetKey identifies one facet's counts: the index version, the facet,
// the query (and its relaxation, Query.Min) and every filter but the
// facet's own.
func facetKey(version uint64, f facet, req Request, min int) string {
	// (built without fmt: twelve keys per search)
	b := make([]byte, 0, 64+len(req.Query))
	b = strconv.AppendUint(b, version, 10)
	b = append(b, 0)
	b = append(b, f.key...)
	b = append(b, 0)
	b = append(b, req.Query...)
	b = append(b, 0)
	b = strconv.AppendInt(b, int64(min), 10)
	for _, field := range FilterFields {
		if field == f.key || len(req.Filters[field]) == 0 {
			continue
		}
		b = append(b, 0)
		b = append(b, field...)
		b = append(b, '=')
		for i, v := range req.Filters[field] {
			if i > 0 {
				b = append(b, 1)
			}
			b = append(b, v...)
		}
	}
	if f.key != "period" {
		b = append(b, "\x00period="...)
		b = append(b, req.ActiveFrom...)
		b = append(b, ".."...)
		b = append(b, req.ActiveTo...)
	}
	if f.key != "budget" {
		b = append(b, "\x00budget="...)
		b = strconv.AppendInt(b, req.BudgetMin, 10)
		b = append(b, ".."...)
		b = strconv.AppendInt(b, req.BudgetMax, 10)
	}
	b = append(b, "\x00start="...)
	b = append(b, req.StartYear...)
	return string(b)
}
