package index

import (
	"context"
	"sort"
	"strings"
	"sync"

	"github.com/blevesearch/bleve/v2"
	segment "github.com/blevesearch/scorch_segment_api/v2"
)

// Fold tables: the look-up of words typed without å/ä/ö, per segment.
//
// The search used to compile a regular expression per typed word and walk
// every segment's dictionaries with it (diacriticTerms in the tests keeps
// that look-up as the reference): a tenth of the CPU of a search in
// the long-tail workload. A fold table instead lists, once per segment
// and text field, the terms that have a diacritic, sorted by their folded
// spelling; a look-up is a binary search. Segments never change, so a
// table is built on first use and kept while scans use the segment (like
// the facet tables).

// foldIndex is one segment field's terms with diacritics.
type foldIndex struct {
	folded []string // sorted
	terms  []string // terms[i] folds to folded[i]
}

// buildFoldIndex walks a segment field's dictionary.
func buildFoldIndex(seg segment.Segment, field string) (*foldIndex, error) {
	t := &foldIndex{}
	err := eachTerm(seg, field, nil, nil, nil, func(_ segment.TermDictionary, term string) error {
		if f := foldSwedish(term); f != term {
			t.folded = append(t.folded, f)
			t.terms = append(t.terms, term)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	sort.Sort(t)
	return t, nil
}

func (t *foldIndex) Len() int           { return len(t.folded) }
func (t *foldIndex) Less(i, j int) bool { return t.folded[i] < t.folded[j] }
func (t *foldIndex) Swap(i, j int) {
	t.folded[i], t.folded[j] = t.folded[j], t.folded[i]
	t.terms[i], t.terms[j] = t.terms[j], t.terms[i]
}

// each calls fn with the terms whose folded spelling is form, or starts
// with it when prefix is set.
func (t *foldIndex) each(form string, prefix bool, fn func(term string) error) error {
	for i := sort.SearchStrings(t.folded, form); i < len(t.folded); i++ {
		f := t.folded[i]
		if f != form && !(prefix && strings.HasPrefix(f, form)) {
			return nil
		}
		if err := fn(t.terms[i]); err != nil {
			return err
		}
	}
	return nil
}

func (t *foldIndex) size() int {
	n := 32 * len(t.folded)
	for i := range t.folded {
		n += len(t.folded[i]) + len(t.terms[i])
	}
	return n
}

// foldCache keeps the fold tables of a generation's segments.
type foldCache struct {
	mu      sync.Mutex
	uses    uint64
	entries map[segment.Segment]*foldEntry
}

type foldEntry struct {
	mu      sync.Mutex
	tables  map[string]*foldIndex
	lastUse uint64
}

func newFoldCache() *foldCache {
	return &foldCache{entries: map[segment.Segment]*foldEntry{}}
}

// table returns a segment field's table, building it on first use.
func (c *foldCache) table(seg segment.Segment, field string) (*foldIndex, error) {
	c.mu.Lock()
	c.uses++
	e := c.entries[seg]
	if e == nil {
		e = &foldEntry{tables: map[string]*foldIndex{}}
		c.entries[seg] = e
	}
	e.lastUse = c.uses
	if c.uses%keepScans == 0 { // a merged-away segment is not used again
		for k, old := range c.entries {
			if c.uses-old.lastUse > 8*keepScans {
				delete(c.entries, k)
			}
		}
	}
	c.mu.Unlock()

	e.mu.Lock()
	defer e.mu.Unlock()
	if t := e.tables[field]; t != nil {
		return t, nil
	}
	t, err := buildFoldIndex(seg, field)
	if err != nil {
		return nil, err
	}
	e.tables[field] = t
	return t, nil
}

// FoldedTerms returns the terms of the given fields that have a letter
// with a diacritic and fold (foldSwedish) to one of forms — or, with
// prefix, start with a word that folds to forms[0] — sorted and distinct.
// More than max of them is ErrTooManyTerms. It finds what the regular
// expression walk (diacriticTerms in the tests) finds for FoldPattern(forms, prefix), and also terms with letters that
// fold to two ("æ" to "ae"), from the segments' fold tables.
func (x *Index) FoldedTerms(ctx context.Context, forms []string, prefix bool, fields []string, max int) ([]string, error) {
	if prefix && len(forms) > 1 {
		forms = forms[:1]
	}
	x.gen.readers.RLock()
	defer x.gen.readers.RUnlock()
	cur, tables, err := x.current()
	if err != nil {
		return nil, err
	}
	return foldedTerms(ctx, cur, tables, forms, prefix, fields, max)
}

// foldedTerms is FoldedTerms on one generation and its tables.
func foldedTerms(ctx context.Context, cur bleve.Index, tables *tableCache, forms []string, prefix bool, fields []string, max int) ([]string, error) {
	snap, err := readerOf(cur)
	if err != nil {
		return nil, err
	}
	defer snap.Close()
	seen := map[string]bool{}
	var out []string
	for _, s := range snap.Segments() {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		for _, field := range fields {
			t, err := tables.folds.table(s.Segment(), field)
			if err != nil {
				return nil, err
			}
			for _, form := range forms {
				err := t.each(Fold(form), prefix, func(term string) error {
					if seen[term] {
						return nil
					}
					seen[term] = true
					out = append(out, term)
					if len(out) > max {
						return ErrTooManyTerms
					}
					return nil
				})
				if err != nil {
					return nil, err
				}
			}
		}
	}
	sort.Strings(out)
	return out, nil
}

// foldFields are the fields whose fold tables are built ahead of use.
var foldFields = []string{FieldTitle, FieldSummary, FieldBody}

// WarmFolds builds the fold tables of the current generation's text
// fields, so that the first searches do not pay for them.
func (x *Index) WarmFolds() error {
	_, err := x.FoldedTerms(context.Background(), []string{"a"}, false, foldFields, 1<<30)
	return err
}

// warmFolds builds a generation's fold tables before it takes traffic.
func warmFolds(cur bleve.Index, tables *tableCache) error {
	_, err := foldedTerms(context.Background(), cur, tables, []string{"a"}, false, foldFields, 1<<30)
	return err
}
