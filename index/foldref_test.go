package index

import (
	"context"
	"fmt"
	"sort"

	segment "github.com/blevesearch/scorch_segment_api/v2"
	"github.com/blevesearch/vellum/regexp"
)

// diacriticTerms is the reference the fold tables must agree with: the
// terms of the given fields that match pattern (from FoldPattern) and have
// a letter with a diacritic, sorted and distinct, found by walking every
// segment's dictionary with the regular expression (the search's look-up
// before the fold tables). More than max of them is ErrTooManyTerms.
func diacriticTerms(ctx context.Context, x *Index, pattern string, fields []string, max int) ([]string, error) {
	x.gen.readers.RLock()
	defer x.gen.readers.RUnlock()
	cur, _, err := x.current()
	if err != nil {
		return nil, err
	}
	a, err := regexp.New(pattern)
	if err != nil {
		return nil, fmt.Errorf("terms: pattern: %w", err)
	}
	snap, err := readerOf(cur)
	if err != nil {
		return nil, fmt.Errorf("terms: %w", err)
	}
	defer snap.Close()
	seen := map[string]bool{}
	var out []string
	for _, s := range snap.Segments() {
		for _, field := range fields {
			n := 0
			err := eachTerm(s.Segment(), field, a, nil, nil, func(_ segment.TermDictionary, term string) error {
				if n++; n&255 == 0 && ctx.Err() != nil {
					return ctx.Err()
				}
				if seen[term] || foldSwedish(term) == term {
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
	sort.Strings(out)
	return out, nil
}
