package search

// Filters that skip
//
// A filter restricts the hits without changing a score (filtered in
// build.go). bleve's filter clause (BooleanQuery.AddFilter) finds and
// scores every document of the text and only then drops those the filter
// lacks: a common word filtered to one municipality scored thousands of
// documents to keep a few dozen (a third of the long tail's search time
// was filtered searches). filterQuery instead leapfrogs: the filter, run
// unscored, names the next document it allows, the text skips to it
// (Advance), the filter skips to the text's next document in turn, and
// only documents both hold are scored, from the same postings, so with
// the same score.
//
// Advance gives the scores Next would for term, disjunction, conjunction
// and phrase searchers. It does not for bleve's BooleanSearcher with
// optional clauses: advanced while its optional clauses stand past the
// target, it loses their score for the document it lands on. So the
// filter is pushed below every boolean query to its required part
// (pushFilter): the boolean searcher then only calls Next on it and
// advances its optional clauses to each document it returns, as it does
// without a filter.

import (
	"context"
	"encoding/json"
	"reflect"

	"github.com/blevesearch/bleve/v2/mapping"
	bsearch "github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
	bindex "github.com/blevesearch/bleve_index_api"
)

// filterQuery matches the documents of text that filter also matches,
// scored as text alone scores them.
type filterQuery struct {
	text, filter query.Query
}

func (q *filterQuery) Searcher(ctx context.Context, r bindex.IndexReader, m mapping.IndexMapping, options bsearch.SearcherOptions) (bsearch.Searcher, error) {
	text, err := q.text.Searcher(ctx, r, m, options)
	if err != nil {
		return nil, err
	}
	// unscored, as bleve runs a filter clause
	filter, err := q.filter.Searcher(ctx, r, m, bsearch.SearcherOptions{Score: "none"})
	if err != nil {
		text.Close()
		return nil, err
	}
	return &leapfrog{text: text, filter: filter}, nil
}

// MarshalJSON shows the query as its parts (for tests and logs; it is
// never parsed back).
func (q *filterQuery) MarshalJSON() ([]byte, error) {
	return json.Marshal(struct {
		Text   query.Query `json:"text"`
		Filter query.Query `json:"filter"`
	}{q.text, q.filter})
}

// pushFilter restricts q to the documents filter matches (see the top of
// the file): below a boolean query, to its required part; a conjunction
// of one query, to that query; anything else, as a whole.
func pushFilter(q, filter query.Query) query.Query {
	switch t := q.(type) {
	case *query.BooleanQuery:
		if t.Must == nil || t.Filter != nil {
			break
		}
		c := *t
		c.Must = pushFilter(t.Must, filter)
		return &c
	case *query.ConjunctionQuery:
		if len(t.Conjuncts) != 1 {
			break
		}
		c := *t
		c.Conjuncts = []query.Query{pushFilter(t.Conjuncts[0], filter)}
		return &c
	}
	return &filterQuery{text: q, filter: filter}
}

// leapfrog is filterQuery's searcher: the text's documents that the
// filter matches, with the text's scores.
type leapfrog struct {
	text, filter bsearch.Searcher
	// next is the filter's next document not yet passed (nil: none
	// read yet, or the last one was returned)
	next *bsearch.DocumentMatch
	done bool
}

func (l *leapfrog) Next(ctx *bsearch.SearchContext) (*bsearch.DocumentMatch, error) {
	if l.done {
		return nil, nil
	}
	var err error
	if l.next == nil {
		if l.next, err = l.filter.Next(ctx); err != nil {
			return nil, err
		}
	}
	return l.meet(ctx)
}

func (l *leapfrog) Advance(ctx *bsearch.SearchContext, id bindex.IndexInternalID) (*bsearch.DocumentMatch, error) {
	if l.done {
		return nil, nil
	}
	if l.next == nil || l.next.IndexInternalID.Compare(id) < 0 {
		ctx.DocumentMatchPool.Put(l.next)
		var err error
		if l.next, err = l.filter.Advance(ctx, id); err != nil {
			return nil, err
		}
	}
	return l.meet(ctx)
}

// meet moves text and filter past each other from l.next until both
// stand on one document, and returns the text's match for it.
func (l *leapfrog) meet(ctx *bsearch.SearchContext) (*bsearch.DocumentMatch, error) {
	for l.next != nil {
		t, err := l.text.Advance(ctx, l.next.IndexInternalID)
		if err != nil || t == nil {
			l.stop(ctx)
			return nil, err
		}
		if t.IndexInternalID.Equals(l.next.IndexInternalID) {
			ctx.DocumentMatchPool.Put(l.next)
			l.next = nil
			return t, nil
		}
		// the text stands past the filter: the filter catches up
		ctx.DocumentMatchPool.Put(l.next)
		if l.next, err = l.filter.Advance(ctx, t.IndexInternalID); err != nil {
			ctx.DocumentMatchPool.Put(t)
			return nil, err
		}
		if l.next != nil && l.next.IndexInternalID.Equals(t.IndexInternalID) {
			ctx.DocumentMatchPool.Put(l.next)
			l.next = nil
			return t, nil
		}
		ctx.DocumentMatchPool.Put(t)
	}
	l.done = true
	return nil, nil
}

func (l *leapfrog) stop(ctx *bsearch.SearchContext) {
	ctx.DocumentMatchPool.Put(l.next)
	l.next = nil
	l.done = true
}

func (l *leapfrog) Close() error {
	err := l.text.Close()
	if ferr := l.filter.Close(); err == nil {
		err = ferr
	}
	return err
}

// Weight and SetQueryNorm are the text's: the filter does not score.
func (l *leapfrog) Weight() float64        { return l.text.Weight() }
func (l *leapfrog) SetQueryNorm(n float64) { l.text.SetQueryNorm(n) }
func (l *leapfrog) Count() uint64          { return min(l.text.Count(), l.filter.Count()) }
func (l *leapfrog) Min() int               { return l.text.Min() }
func (l *leapfrog) DocumentMatchPoolSize() int {
	return l.text.DocumentMatchPoolSize() + l.filter.DocumentMatchPoolSize() + 1
}

var leapfrogSize = int(reflect.TypeFor[leapfrog]().Size())

func (l *leapfrog) Size() int { return leapfrogSize + l.text.Size() + l.filter.Size() }
