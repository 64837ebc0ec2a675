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
		return nil, badRequest(fmt.Sprintf("texten är för lång (högst %d tecken)", MaxQueryLen))
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

// completeWord returns the most frequent words starting with prefix.
func (e *Engine) completeWord(prefix string) ([]bindex.DictEntry, error) {
	dict, err := e.idx.Bleve().FieldDictPrefix(index.FieldWords, []byte(prefix))
	if err != nil {
		return nil, fmt.Errorf("suggest %q: %w", prefix, err)
	}
	defer dict.Close()
	var all []bindex.DictEntry
	for i := 0; i < suggestMaxScan; i++ {
		d, err := dict.Next()
		if err != nil {
			return nil, fmt.Errorf("suggest %q: %w", prefix, err)
		}
		if d == nil {
			break
		}
		if d.Term == prefix || utf8.RuneCountInString(d.Term) < 3 {
			continue
		}
		all = append(all, *d)
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
		terms, err := index.QueryTerms(index.AnalyzerText, w)
		if err != nil {
			return nil, err
		}
		for _, t := range terms {
			tq := bleve.NewTermQuery(t)
			tq.SetField(index.FieldTitle)
			must = append(must, tq)
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
func (e *Engine) didYouMean(ctx context.Context, req Request, q Query) string {
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
			if c.Field != "" || c.Phrase || c.Prefix || c.Fuzzy > 0 {
				continue
			}
			word := strings.ToLower(strings.TrimFunc(c.Text, notWordRune))
			n := utf8.RuneCountInString(word)
			if n < 4 || e.wordCount(r, word) > 0 {
				continue
			}
			best := closestWord(fuzzy, word, n)
			if best == "" {
				continue
			}
			out = replaceWord(out, c.Text, best)
			changed = true
		}
	}
	if !changed {
		return ""
	}
	alt := req
	alt.Query, alt.From, alt.Size = out, 0, 0
	pq, err := ParseQuery(out)
	if err != nil {
		return ""
	}
	bq, _, err := buildQuery(alt, pq, "")
	if err != nil {
		return ""
	}
	res, err := e.idx.Bleve().SearchInContext(ctx, bleve.NewSearchRequestOptions(bq, 0, 0, false))
	if err != nil || res.Total == 0 {
		return ""
	}
	return out
}

func (e *Engine) wordCount(r bindex.IndexReader, word string) uint64 {
	tfr, err := r.TermFieldReader(context.Background(), []byte(word), index.FieldWords, false, false, false)
	if err != nil {
		return 0
	}
	defer tfr.Close()
	return tfr.Count()
}

// closestWord returns the most frequent word within edit distance 1 (2 for
// words of eight letters or more) that shares the first letter.
func closestWord(r bindex.IndexReaderFuzzy, word string, n int) string {
	fuzziness := 1
	if n >= 8 {
		fuzziness = 2
	}
	first, _ := utf8.DecodeRuneInString(word)
	dict, err := r.FieldDictFuzzy(index.FieldWords, word, fuzziness, string(first))
	if err != nil {
		return ""
	}
	defer dict.Close()
	var best bindex.DictEntry
	for i := 0; i < suggestMaxScan; i++ {
		d, err := dict.Next()
		if err != nil || d == nil {
			break
		}
		if d.Term == word {
			continue
		}
		better := best.Term == "" || d.EditDistance < best.EditDistance ||
			d.EditDistance == best.EditDistance && d.Count > best.Count
		if better {
			best = *d
		}
	}
	return best.Term
}

// replaceWord swaps the first whole occurrence of old in s for repl.
func replaceWord(s, old, repl string) string {
	fields := strings.Fields(s)
	for i, f := range fields {
		if f == old {
			fields[i] = repl
			return strings.Join(fields, " ")
		}
	}
	return s
}
