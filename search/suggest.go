package search

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search/query"
	bindex "github.com/blevesearch/bleve_index_api"

	"projektsok/index"
)

// Suggestion is one autocomplete entry: a word from the documents or the
// title of a document (with its id).
type Suggestion struct {
	Text  string `json:"text"`
	Kind  string `json:"kind"` // "word" or "title"
	ID    string `json:"id,omitempty"`
	Count uint64 `json:"count,omitempty"` // documents containing the word
}

// Limits of autocomplete.
const (
	suggestWords     = 8
	suggestTitles    = 5
	suggestMinPrefix = 2
	suggestMaxScan   = 20000 // dictionary entries scanned per prefix
)

// Suggest completes the last word of what the user has typed so far from
// the index vocabulary (most common words first) and lists titles that
// match the words typed. Fewer than two letters give nothing.
func (e *Engine) Suggest(ctx context.Context, typed string) ([]Suggestion, error) {
	typed = strings.TrimLeftFunc(typed, unicode.IsSpace)
	if len(typed) > MaxQueryLen {
		return nil, invalidf("texten är för lång (högst %d tecken)", MaxQueryLen)
	}
	fields := strings.Fields(typed)
	out := []Suggestion{}
	if len(fields) == 0 {
		return out, nil
	}
	last := strings.ToLower(strings.TrimFunc(fields[len(fields)-1], notWordRune))
	head := strings.Join(fields[:len(fields)-1], " ")
	endsWithSpace := strings.TrimRightFunc(typed, unicode.IsSpace) != typed
	if endsWithSpace {
		head, last = strings.Join(fields, " "), ""
	}
	if last != "" && utf8.RuneCountInString(last) >= suggestMinPrefix {
		words, err := e.completeWord(last)
		if err != nil {
			return nil, err
		}
		for _, w := range words {
			text := w.Term
			if head != "" {
				text = head + " " + w.Term
			}
			out = append(out, Suggestion{Text: text, Kind: "word", Count: w.Count})
		}
	}
	titles, err := e.matchTitles(ctx, head, last)
	if err != nil {
		return nil, err
	}
	return append(out, titles...), nil
}

func notWordRune(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }

// vocabulary are the fields whose terms autocomplete and "did you mean"
// offer: the base forms of the words of every document (the analyzer maps
// inflections to them), compound parts included.
var vocabulary = []string{index.FieldBody, index.FieldSummary, index.FieldTitle}

// surfaceVocabulary are the fields whose terms are words as written, the
// respellings "did you mean" offers.
var surfaceVocabulary = []string{index.FieldWords}

// completeWord returns the most frequent words starting with prefix.
func (e *Engine) completeWord(prefix string) ([]bindex.DictEntry, error) {
	counts := map[string]uint64{}
	for _, field := range vocabulary {
		dict, err := e.idx.Bleve().FieldDictPrefix(field, []byte(prefix))
		if err != nil {
			return nil, fmt.Errorf("suggest %q: %w", prefix, err)
		}
		for i := 0; i < suggestMaxScan; i++ {
			d, err := dict.Next()
			if err != nil {
				dict.Close()
				return nil, fmt.Errorf("suggest %q: %w", prefix, err)
			}
			if d == nil {
				break
			}
			if d.Term != prefix && utf8.RuneCountInString(d.Term) >= 3 {
				counts[d.Term] = max(counts[d.Term], d.Count)
			}
		}
		if err := dict.Close(); err != nil {
			return nil, fmt.Errorf("suggest %q: %w", prefix, err)
		}
	}
	all := make([]bindex.DictEntry, 0, len(counts))
	for t, n := range counts {
		all = append(all, bindex.DictEntry{Term: t, Count: n})
	}
	sort.Slice(all, func(i, j int) bool {
		if all[i].Count != all[j].Count {
			return all[i].Count > all[j].Count
		}
		return all[i].Term < all[j].Term
	})
	if len(all) > suggestWords {
		all = all[:suggestWords]
	}
	return all, nil
}

// matchTitles finds documents whose titles contain the complete words and
// a word starting with the last, partial one.
func (e *Engine) matchTitles(ctx context.Context, head, last string) ([]Suggestion, error) {
	var must []query.Query
	for _, w := range strings.Fields(head) {
		toks, err := index.Analyze(index.AnalyzerTyped, w)
		if err != nil {
			return nil, err
		}
		// every word of it, each in any of its readings (hemliga:
		// hemliga or hemlig)
		for _, terms := range positions(toks) {
			var any []query.Query
			for _, t := range terms {
				tq := bleve.NewTermQuery(t)
				tq.SetField(index.FieldTitle)
				any = append(any, tq)
			}
			switch len(any) {
			case 0:
			case 1:
				must = append(must, any[0])
			default:
				must = append(must, bleve.NewDisjunctionQuery(any...))
			}
		}
	}
	if utf8.RuneCountInString(last) >= suggestMinPrefix {
		// stems are prefixes of their words, so match the typed letters
		// against the stem of what has been typed, then against the stem
		p := last
		if terms, err := index.QueryTerms(index.AnalyzerText, last); err == nil && len(terms) == 1 && strings.HasPrefix(last, terms[0]) {
			p = terms[0]
		}
		pq := bleve.NewPrefixQuery(p)
		pq.SetField(index.FieldTitle)
		must = append(must, pq)
	}
	if len(must) == 0 {
		return nil, nil
	}
	req := bleve.NewSearchRequestOptions(bleve.NewConjunctionQuery(must...), suggestTitles, 0, false)
	req.Fields = []string{index.FieldRaw}
	ctx, cancel := e.bound(ctx)
	defer cancel()
	res, err := e.idx.Bleve().SearchInContext(ctx, req)
	if err != nil {
		return nil, e.searchError(ctx, err)
	}
	var out []Suggestion
	for _, h := range res.Hits {
		rec, err := index.DecodeRaw(h.Fields[index.FieldRaw])
		if err != nil {
			return nil, err
		}
		out = append(out, Suggestion{Text: rec.Title, Kind: "title", ID: rec.ID})
	}
	return out, nil
}

// didYouMean proposes a respelling of the query's plain words that are not
// in the index vocabulary, using the closest frequent word, and returns it
// only when the respelled query finds something. "" means no suggestion.
// A word that is Swedish as typed is respelled only with rightWords (and
// otherwise may only get its å/ä/ö back): a respelling then is an offer,
// made when the search and everything near it found nothing.
func (e *Engine) didYouMean(ctx context.Context, req Request, q Query, rightWords bool) string {
	reader, err := e.idx.Bleve().Advanced()
	if err != nil {
		return ""
	}
	r, err := reader.Reader()
	if err != nil {
		return ""
	}
	defer r.Close()
	fuzzy, ok := r.(bindex.IndexReaderFuzzy)
	if !ok {
		return ""
	}
	changed := false
	out := req.Query
	for _, g := range q.Must {
		for _, c := range g {
			if c.Field != "" && c.Field != "title" || c.Prefix || c.Fuzzy > 0 {
				continue
			}
			for _, w := range strings.FieldsFunc(c.Text, notWordRune) {
				word := strings.ToLower(w)
				n := utf8.RuneCountInString(word)
				// a long word's fuzzy automaton costs more than the whole
				// search (188 ms for 500 letters) and no respelling of it
				// would help
				if n < 4 || n > MaxFuzzyRunes || known(r, word) {
					continue
				}
				// a Swedish word spelled right is no typo, though no
				// document holds it: respelled, it would be another word
				// (ohälsa → hälsa), and the search shows the documents
				// that lack it instead (relax.go); typed without å/ä/ö it
				// may only get them back
				if best := closestWord(fuzzy, word, n, !rightWords && index.IsWord(word)); best != "" {
					out = replaceWord(out, w, best)
					changed = true
				}
			}
		}
	}
	if !changed {
		return ""
	}
	alt := req
	alt.Query, alt.From, alt.Size = out, 0, 0
	if ctx.Err() != nil {
		return ""
	}
	pq, err := e.parse(ctx, out)
	if err != nil {
		return ""
	}
	if n, err := e.count(ctx, alt, pq); err != nil || n == 0 {
		return ""
	}
	return out
}

// known reports whether a word, in its base form, occurs in the index.
func known(r bindex.IndexReader, word string) bool {
	terms, err := index.QueryTerms(index.AnalyzerText, word)
	if err != nil || len(terms) == 0 {
		return true // a stop word: nothing to respell
	}
	for _, field := range vocabulary {
		tfr, err := r.TermFieldReader(context.Background(), []byte(terms[0]), field, false, false, false)
		if err != nil {
			continue
		}
		n := tfr.Count()
		tfr.Close()
		if n > 0 {
			return true
		}
	}
	return false
}

// closestWord returns the best respelling of word among the words people
// write: the surface forms of the titles and summaries (index.FieldWords,
// lower-cased, not reduced to base forms, which are often no words at all:
// "samverk", "integratio"). A word that is the same but for å/ä/ö comes
// first ("overtornea" → "övertorneå"), then the most frequent word within
// edit distance 1 (2 for words of eight letters or more); with onlyFolds,
// only the first.
func closestWord(r bindex.IndexReaderFuzzy, word string, n int, onlyFolds bool) string {
	fuzziness := 1
	if n >= 8 || index.Fold(word) == word && n >= 6 {
		// two edits cover a word typed without two of its diacritics
		fuzziness = 2
	}
	var best bindex.DictEntry
	bestFolds := false
	for _, field := range surfaceVocabulary {
		dict, err := r.FieldDictFuzzy(field, word, fuzziness, "")
		if err != nil {
			continue
		}
		for i := 0; i < suggestMaxScan; i++ {
			d, err := dict.Next()
			if err != nil || d == nil {
				break
			}
			if d.Term == word {
				continue
			}
			folds := index.Fold(d.Term) == word
			if onlyFolds && !folds {
				continue
			}
			better := best.Term == "" ||
				folds && !bestFolds ||
				folds == bestFolds && (d.EditDistance < best.EditDistance ||
					d.EditDistance == best.EditDistance && d.Count > best.Count)
			if better {
				best, bestFolds = *d, folds
			}
		}
		dict.Close()
	}
	return best.Term
}

// replaceWord swaps the first whole-word occurrence of old in s for repl.
func replaceWord(s, old, repl string) string {
	for from := 0; from < len(s); {
		i := strings.Index(s[from:], old)
		if i < 0 {
			return s
		}
		i += from
		end := i + len(old)
		before, _ := utf8.DecodeLastRuneInString(s[:i])
		after, _ := utf8.DecodeRuneInString(s[end:])
		if (i == 0 || notWordRune(before)) && (end == len(s) || notWordRune(after)) {
			return s[:i] + repl + s[end:]
		}
		from = end
	}
	return s
}
