package search

// Proximity re-ranking
//
// A query of several words ranks first the documents where those words
// stand close together and in the order typed, as in the sentence the
// user remembers: bleve's phrase searcher only matches words next to each
// other (its slop is fixed at 0 in v2.6.3), and the pair phrases of
// build.go only words at most one apart. So the first rerankDepth hits of
// a relevance search are scored again: each hit's score is multiplied by
// 1 + proxBoost·c, where c says how closely the query words stand in the
// hit's title (counted titleProx times), summary or body (the best of the
// three), each from 0 to 1: 1 when all stand in query order within
// proxSlack words per query word, falling with the distance beyond that,
// 0 when they never stand in that order. Positions come from the term vectors the index
// keeps for phrases (index.FacetSnapshot.Positions); no stored field is
// read. Every page re-ranks the same first hits, so paging stays
// consistent.
//
// Then the first titleDepth hits, in that order, are scored once more by
// the very forms typed: each one's score is multiplied by 1 + formBoost·e,
// where e is the share of the query words that stand in its title as
// typed (ignoring case, and å/ä/ö for a word typed without them), so that
// of titles holding the words, the one with the forms the user typed
// comes first ("ekonomiska jämställdheten" finds "… den ekonomiska
// jämställdheten" above "Ekonomisk jämställdhet"). The title is the one
// stored field read, for those hits only. A query of sentenceWords or
// more is a sentence remembered: those hits' records are read instead,
// and each score is multiplied again by 1 + sentenceBoost·s, where s is
// the closeness (as above) of the forms typed in the title or in one
// section of the text, read from the record (the text fields hold base
// forms only, so the index cannot tell "ger en särskild utredare … vissa
// frågor" from the "ger den särskilda utredaren … vissa frågor" of a
// whole series).
//
// Chosen on cmd/relevance's tuning seed (README "Ranking, measured"):
// words in query order beat any order; depth 30, 100 and 200 differ only
// in success@10; proxBoost 2, 5, 8 and 10, proxSlack 2, 3, 5 and 8, and
// titleProx 0, 0.5, 1, 2 and 3 (and the sum of the fields instead of the
// best) were compared; then formBoost 0.5, 1 and 2 over the first 10, 20
// and 50 hits, and a like factor for the words standing whole in the
// title (not as a compound part), which gained nothing; then the forms
// typed in the text over the first 10, 20, 30 and 50 hits (10 gained
// only success@1; 20 to 50 the same), with sentenceBoost 1 and 2 (alike),
// and from two words instead of three (the same success@10, success@1
// +0.004, but a dearer long tail).

import (
	"context"
	"slices"
	"strings"
	"unicode/utf8"

	bsearch "github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"

	"projektsok/index"
	"projektsok/ingest"
)

const (
	rerankDepth   = 100 // hits re-scored by proximity
	proxBoost     = 5   // weight of closeness against the score
	proxSlack     = 5   // words per query word within which closeness is whole
	titleProx     = 2   // closeness in the title counts this many times
	titleDepth    = 20  // hits whose titles are read for the forms typed
	formBoost     = 1   // weight of the forms typed standing in the title
	sentenceWords = 3   // words from which the forms typed are looked for in the text
	sentenceBoost = 1   // weight of the closeness of the forms typed in the text
)

// rankWords are what the re-ranking looks for, per plain word of the
// query, in query order.
type rankWords struct {
	terms [][]string // the terms the query finds it by: its readings and its spellings with å/ä/ö
	typed []string   // the word as typed, lower-cased
	// lack is how many words a hit of a relaxed search (Query.Min) may
	// lack; the closeness is then that of the words it holds
	lack int
}

// proximityWords returns the words of a query of two or more plain
// words, stop words left out; nil for any other query.
func proximityWords(q Query) *rankWords {
	w := &rankWords{}
	for _, g := range q.Must {
		terms, ok := plainTerms(g)
		if !ok {
			return nil
		}
		if len(terms) == 0 {
			continue // a stop word
		}
		w.terms = append(w.terms, append(slices.Clone(terms), g[0].Folded...))
		w.typed = append(w.typed, strings.ToLower(strings.TrimFunc(g[0].Text, notWordRune)))
	}
	if len(w.terms) < 2 {
		return nil
	}
	return w
}

// rerankWindow returns the window a search needs (at least rerankDepth
// when its first hits are re-ranked) and the words to re-rank by (nil:
// none; only relevance order re-ranks).
func rerankWindow(req Request, q Query, window int) (int, *rankWords) {
	if req.Sort != "" && req.Sort != SortRelevance {
		return window, nil
	}
	words := proximityWords(q)
	if words == nil || window == 0 {
		return window, nil
	}
	words.lack = lacking(q, len(words.terms))
	return max(window, rerankDepth), words
}

// searchRanked runs a window's search on the snapshot and re-ranks its
// first hits by proximity when words are given. visit, when not nil, sees
// every document the search finds (index.FacetSnapshot.SearchVisit).
func searchRanked(ctx context.Context, snap *index.FacetSnapshot, bq query.Query, window int, order string, words *rankWords, visit func(ords []uint32, budget, esf float64)) (bsearch.DocumentMatchCollection, uint64, error) {
	return searchCounting(ctx, snap, bq, window, order, words, visit, nil)
}

// searchCounting is searchRanked that also counts the documents found
// per group key in groups (nil: no; index.FacetSnapshot.SearchGroups).
func searchCounting(ctx context.Context, snap *index.FacetSnapshot, bq query.Query, window int, order string, words *rankWords, visit func(ords []uint32, budget, esf float64), groups *index.GroupCounts) (bsearch.DocumentMatchCollection, uint64, error) {
	hits, total, err := snap.SearchGroups(ctx, bq, window, sortOrder(order), visit, groups)
	if err != nil {
		return nil, 0, err
	}
	return hits, total, rerank(ctx, snap, hits, words)
}

// rerank reorders the first rerankDepth hits of a relevance search by how
// closely the query words stand (see the top of this file); hits holds
// them in rank order and keeps them so.
func rerank(ctx context.Context, snap *index.FacetSnapshot, hits bsearch.DocumentMatchCollection, words *rankWords) error {
	if words == nil {
		return nil
	}
	top := hits[:min(len(hits), rerankDepth)]
	if len(words.terms)-words.lack >= 2 && words.lack <= 1 {
		if err := rerankProximity(ctx, snap, top, words); err != nil {
			return err
		}
	}
	// a sentence remembered: the forms typed in the text (the record
	// holds the title too)
	sentence := len(words.typed) >= sentenceWords && words.lack == 0
	for _, dm := range top[:min(len(top), titleDepth)] {
		if !sentence {
			title, err := snap.Title(dm)
			if err != nil {
				return err
			}
			dm.Score *= 1 + formBoost*typedInTitle(words.typed, title)
			continue
		}
		rec, err := snap.Record(dm)
		if err != nil {
			return err
		}
		dm.Score *= (1 + formBoost*typedInTitle(words.typed, rec.Title)) * (1 + sentenceBoost*typedCloseness(words.typed, &rec))
	}
	byScore(top)
	return nil
}

// typedCloseness is how closely the words stand in the record's title or
// one of its sections in the very forms typed (ignoring case, and å/ä/ö
// for a word typed without them): closeness() of the best.
func typedCloseness(typed []string, rec *ingest.Record) float64 {
	bare := make([]bool, len(typed))
	for k, t := range typed {
		bare[k] = typedWithoutDiacritics(t)
	}
	pos := make([][]uint64, len(typed))
	c := typedSpan(typed, bare, rec.Title, pos)
	for i := 0; i < len(rec.Sections) && c < 1; i++ {
		c = max(c, typedSpan(typed, bare, rec.Sections[i].Text, pos))
	}
	return c
}

// typedSpan is closeness() of the forms typed in text; pos is scratch
// space, one list per word. The text is read in place: no lower-cased
// copy, and a word folded only when it has a letter outside ASCII and
// the typed word none.
func typedSpan(typed []string, bare []bool, text string, pos [][]uint64) float64 {
	for k := range pos {
		pos[k] = pos[k][:0]
	}
	n := uint64(0)
	for i := 0; i < len(text); {
		r, size := utf8.DecodeRuneInString(text[i:])
		if notWordRune(r) {
			i += size
			continue
		}
		j, ascii := i+size, r < utf8.RuneSelf
		for j < len(text) {
			r, size := utf8.DecodeRuneInString(text[j:])
			if notWordRune(r) {
				break
			}
			ascii = ascii && r < utf8.RuneSelf
			j += size
		}
		w := text[i:j]
		for k, t := range typed {
			switch {
			case len(w) == len(t) && strings.EqualFold(w, t):
			case !ascii && bare[k] && len(w) > len(t) && len(w) <= 2*len(t) && index.Fold(w) == t:
			default:
				continue
			}
			pos[k] = append(pos[k], n)
		}
		n++
		i = j
	}
	return closeness(orderedSpan(pos), len(typed))
}

// rerankProximity multiplies the score of each hit of top by how closely
// the query words stand in it, and sorts them again. A relaxed search's
// hit lacks one word (words.lack 1, see Query.Min): the closeness is that
// of the others, the best over which one it lacks.
func rerankProximity(ctx context.Context, snap *index.FacetSnapshot, top []*bsearch.DocumentMatch, words *rankWords) error {
	sets := [][][]string{words.terms}
	if words.lack == 1 {
		sets = sets[:0]
		for w := range words.terms {
			sets = append(sets, slices.Delete(slices.Clone(words.terms), w, w+1))
		}
	}
	best := make([]float64, len(top))
	need := make([]bool, len(top))
	for _, f := range []struct {
		name   string
		weight float64
	}{{index.FieldTitle, titleProx}, {index.FieldSummary, 1}, {index.FieldBody, 1}} {
		// a field weighs at most 1 after the title: a hit already at 1
		// gains nothing from reading it
		for h := range top {
			need[h] = best[h] < 1
		}
		for _, terms := range sets {
			pos, err := snap.Positions(ctx, top, f.name, terms, need)
			if err != nil {
				return err
			}
			for h := range top {
				if pos[h] != nil {
					best[h] = max(best[h], f.weight*closeness(orderedSpan(pos[h]), len(terms)))
				}
			}
		}
	}
	for h, dm := range top {
		dm.Score *= 1 + proxBoost*best[h]
	}
	byScore(top)
	return nil
}

// byScore sorts hits by score, highest first; stable: equal scores keep
// their order (newest first, then id).
func byScore(hits []*bsearch.DocumentMatch) {
	slices.SortStableFunc(hits, func(a, b *bsearch.DocumentMatch) int {
		switch {
		case a.Score > b.Score:
			return -1
		case a.Score < b.Score:
			return 1
		}
		return 0
	})
}

// typedInTitle is the share of the typed words (lower-cased) that stand
// in title as typed, ignoring case, and ignoring å/ä/ö for a word typed
// without them.
func typedInTitle(typed []string, title string) float64 {
	if len(typed) == 0 {
		return 0
	}
	// the title's words are walked once per typed word, without a set
	// or a slice of them (20 titles per query of two words or more)
	lower := strings.ToLower(title)
	var buf [64]byte
	n := 0
	for _, t := range typed {
		bare := typedWithoutDiacritics(t)
		found := false
		for i := 0; i < len(lower) && !found; {
			r, size := utf8.DecodeRuneInString(lower[i:])
			if notWordRune(r) {
				i += size
				continue
			}
			start := i
			for i < len(lower) {
				r, size = utf8.DecodeRuneInString(lower[i:])
				if notWordRune(r) {
					break
				}
				i += size
			}
			w := lower[start:i]
			found = w == t || bare && string(index.AppendFold(buf[:0], w)) == t
		}
		if found {
			n++
		}
	}
	return float64(n) / float64(len(typed))
}

// closeness is 1 when n query words stand in order within proxSlack·n
// positions, falling in proportion to the span beyond that; 0 when they
// never all stand in order (span < 0).
func closeness(span, n int) float64 {
	if span < 0 {
		return 0
	}
	w := proxSlack*n - 1
	return float64(w) / float64(max(span, w))
}

// orderedSpan is the smallest distance between the first and the last
// word's positions with every word standing after the one before it
// (pos: each word's positions, ascending); -1 when the words never stand
// in that order.
func orderedSpan(pos [][]uint64) int {
	for _, p := range pos {
		if len(p) == 0 {
			return -1
		}
	}
	best := -1
	for _, start := range pos[0] {
		at := start
		for _, p := range pos[1:] {
			i, _ := slices.BinarySearch(p, at+1)
			if i == len(p) {
				return best // later starts cannot do better
			}
			at = p[i]
		}
		if s := int(at - start); best < 0 || s < best {
			best = s
		}
	}
	return best
}
