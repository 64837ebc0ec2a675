package search

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"

	"github.com/blevesearch/bleve/v2"
	bsearch "github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"

	"projektsok/index"
)

// Field boosts: title and summary weigh more than the body; folded
// (diacritic-free) matches weigh less than exact spelling.
var textFields = []struct {
	name  string
	boost float64
}{
	{index.FieldTitle, 4},
	{index.FieldSummary, 2},
	{index.FieldBody, 1},
}

// The weights were chosen with cmd/relevance on its tuning seed (all kinds
// together, 44,397 documents): title 3, 4 and 5 gave success@1 0.772,
// 0.772 and 0.767; coverBoost 3, 6 and 10 gave 0.772, 0.780 and 0.779;
// wholeBoost 3 instead of 1.5 gave 0.775 (with coverBoost 6: no change);
// pairs of words two or three apart as well gave nothing. bleve's BM25
// (index.ScoringModel), measured before pairs and the coverage boost took
// effect, with the same field weights: success@1 0.740, MRR@10 0.818,
// against TF-IDF's 0.755 and 0.825; TF-IDF stays.
const (
	foldBoost   = 0.4
	exactBoost  = 1.5 // the very form typed (words field)
	wholeBoost  = 1.5 // the word itself, any inflection, not a compound part (whole field)
	phraseBoost = 2   // whole query as a phrase: proximity helps
	coverBoost  = 6   // every query word in the title
	pairBoost   = 1   // two neighbouring query words together
)

// Matcher says which analyzed terms a query looks for, for snippets.
type Matcher struct {
	Exact    map[string]bool // AnalyzerText terms (with those found for a word typed without å/ä/ö)
	Prefixes []string        // lower-cased, folded prefixes

	// words remembers, for the snippets of all hits of one search, which
	// words of their text the query seeks (matchScanner.match): the hits
	// of one search share most of their words.
	// keyBytes are keys() as the scanner wants them. Both are guarded by
	// mu (Snippets holds it).
	mu       sync.Mutex
	words    map[string]wordMatch
	keyBytes [][]byte
}

func newMatcher() *Matcher {
	return &Matcher{Exact: map[string]bool{}}
}

// Empty reports whether nothing is to be highlighted.
func (m *Matcher) Empty() bool {
	return len(m.Exact) == 0 && len(m.Prefixes) == 0
}

// matchExact reports whether an AnalyzerText term is one the query seeks.
func (m *Matcher) matchExact(term string) bool {
	return m.Exact[term] || m.matchPrefix(term)
}

// keys are the first letters (up to four) of every term and prefix the
// query seeks, folded: a word that contains none of them cannot match.
func (m *Matcher) keys() []string {
	seen := map[string]bool{}
	var out []string
	add := func(t string) {
		t = index.Fold(t)
		n := 0
		for i := range t {
			if n == 4 {
				t = t[:i]
				break
			}
			n++
		}
		if t != "" && !seen[t] {
			seen[t] = true
			out = append(out, t)
		}
	}
	for t := range m.Exact {
		add(t)
	}
	for _, p := range m.Prefixes {
		add(p)
	}
	return out
}

func (m *Matcher) matchPrefix(term string) bool {
	f := index.Fold(term)
	for _, p := range m.Prefixes {
		if strings.HasPrefix(f, p) {
			return true
		}
	}
	return false
}

// buildQuery turns a parsed query and the request's filters into a bleve
// query. It is deterministic: the same request gives the same query.
func buildQuery(req Request, q Query, skipFilter string) (query.Query, *Matcher, error) {
	must, not, m, err := textClauses(q)
	if err != nil {
		return nil, nil, err
	}
	if len(q.Must) > 0 && len(must) == 0 {
		// every word was a stop word ("och", "att"): nothing can match
		return bleve.NewMatchNoneQuery(), m, nil
	}
	lack := lacking(q, len(must))
	must = atLeast(must, lack)
	var should []query.Query
	if p := proximity(q); p != nil && lack == 0 {
		// optional: rewards documents where the words stand together
		// (never all of them when some may lack)
		should = append(should, p)
	}
	if p := pairs(q); p != nil {
		// optional: rewards each two query words that stand together
		should = append(should, p)
	}
	if c := titleCoverage(q, lack); c != nil {
		// optional: rewards a title that holds every word (every word
		// but lack)
		should = append(should, c)
	}
	if len(should) > 0 {
		bq := bleve.NewBooleanQuery()
		bq.AddMust(must...)
		bq.AddShould(should...)
		must = []query.Query{bq}
	}
	var filters []query.Query
	for _, g := range filterGroups(req) {
		if g.key != skipFilter {
			filters = append(filters, g.q)
		}
	}
	return filtered(assemble(must, not), filters), m, nil
}

// filtered restricts q to the documents that pass every filter without
// changing a score: the filters run unscored and only drop hits (a
// required clause would add its tf-idf weight, which depends on the
// field's length, so ticking a kommun would re-order the hits: a project
// of one municipality above one of ten). The text skips to the documents
// the filters allow instead of scoring every one of its own first
// (filterquery.go).
func filtered(q query.Query, filters []query.Query) query.Query {
	if len(filters) == 0 {
		return q
	}
	f := filters[0]
	if len(filters) > 1 {
		f = bleve.NewConjunctionQuery(filters...)
	}
	return pushFilter(q, f)
}

// scanQuery is the query of a facet scan (facets.go): the text of the
// query, and all but at most one of the request's filters: every document
// a multi-select count needs, so that one pass counts all facets. It
// leaves out what only ranks (proximity).
func scanQuery(req Request, q Query) (query.Query, error) {
	must, not, _, err := textClauses(q)
	if err != nil {
		return nil, err
	}
	if len(q.Must) > 0 && len(must) == 0 {
		return bleve.NewMatchNoneQuery(), nil
	}
	must = atLeast(must, lacking(q, len(must)))
	if groups := filterGroups(req); len(groups) >= 2 {
		qs := make([]query.Query, len(groups))
		for i, g := range groups {
			qs[i] = g.q
		}
		dq := bleve.NewDisjunctionQuery(qs...)
		dq.SetMin(float64(len(groups) - 1))
		must = append(must, dq)
	}
	return assemble(must, not), nil
}

// textClauses turns the query language into required and excluded
// queries: one required query per group of q.Must that holds a word (q.Min
// is not applied: see atLeast). must is empty while q.Must is not when
// every word was a stop word ("och", "att").
func textClauses(q Query) (must, not []query.Query, m *Matcher, err error) {
	m = newMatcher()
	groups, err := groupQueries(q, m)
	if err != nil {
		return nil, nil, nil, err
	}
	for _, g := range groups {
		if g != nil {
			must = append(must, g)
		}
	}
	if len(q.Must) > 0 && len(must) == 0 {
		return nil, nil, m, nil // nothing can match: no need for the rest
	}
	for _, c := range q.Not {
		cq, err := clauseQuery(c, newMatcher())
		if err != nil {
			return nil, nil, nil, err
		}
		if cq != nil {
			not = append(not, cq)
		}
	}
	return must, not, m, nil
}

// groupQueries turns each required group of a query into one query:
// out[i] is q.Must[i]'s, nil for a group of stop words only (nothing to
// require). m collects what the snippets highlight.
func groupQueries(q Query, m *Matcher) ([]query.Query, error) {
	out := make([]query.Query, len(q.Must))
	for i, group := range q.Must {
		var alts []query.Query
		for _, c := range group {
			cq, err := clauseQuery(c, m)
			if err != nil {
				return nil, err
			}
			if cq != nil {
				alts = append(alts, cq)
			}
		}
		switch len(alts) {
		case 0:
			// only stop words: nothing to require
		case 1:
			out[i] = alts[0]
		default:
			out[i] = bleve.NewDisjunctionQuery(alts...)
		}
	}
	return out, nil
}

// lacking is how many of a query's n required word groups a document may
// lack (relax.go): n - q.Min, or 0 when the query is not relaxed (q.Min 0,
// or not below n).
func lacking(q Query, n int) int {
	if q.Min <= 0 || q.Min >= n {
		return 0
	}
	return n - q.Min
}

// atLeast relaxes the required queries so that a document needs all but
// lack of them: one disjunction with a minimum. Excluded words and filters
// stay required outside it.
func atLeast(must []query.Query, lack int) []query.Query {
	if lack <= 0 {
		return must
	}
	dq := bleve.NewDisjunctionQuery(must...)
	dq.SetMin(float64(len(must) - lack))
	return []query.Query{dq}
}

// assemble makes one query of required and excluded parts.
func assemble(must, not []query.Query) query.Query {
	if len(must) == 0 && len(not) == 0 {
		return bleve.NewMatchAllQuery()
	}
	if len(must) == 1 && len(not) == 0 {
		// one clause needs no boolean searcher around it (a layer of
		// calls per hit, and a tenth of a one-word search)
		return must[0]
	}
	bq := bleve.NewBooleanQuery()
	if len(must) == 0 {
		must = append(must, bleve.NewMatchAllQuery())
	}
	bq.AddMust(must...)
	if len(not) > 0 {
		bq.AddMustNot(not...)
	}
	return bq
}

// proximity returns a phrase query over the whole query when it is two or
// more plain words, so that adjacent words rank above scattered ones.
func proximity(q Query) query.Query {
	var words []string
	for _, g := range q.Must {
		if len(g) != 1 || g[0].Field != "" || g[0].Phrase || g[0].Prefix || g[0].Fuzzy > 0 {
			return nil
		}
		words = append(words, g[0].Text)
	}
	if len(words) < 2 {
		return nil
	}
	// bleve ignores the boost of a disjunction: each field's phrase
	// carries phraseBoost
	fields := append(textFields[:0:0], textFields...)
	for i := range fields {
		fields[i].boost *= phraseBoost
	}
	pq, err := phraseQuery(strings.Join(words, " "), nil, nil, fields...)
	if err != nil || pq == nil {
		return nil
	}
	return pq
}

// pairs returns, for a query of three or more plain words, phrases of each
// two neighbouring words — next to each other, or with one word between
// (a word the user left out: "Natos toppmöte Vilnius" finds "Natos
// toppmöte i Vilnius") — in every text field, at pairBoost of the field's
// weight: proximity for queries whose words do not stand together as a
// whole. nil otherwise.
func pairs(q Query) query.Query {
	var words [][]string
	for _, g := range q.Must {
		terms, ok := plainTerms(g)
		if !ok {
			return nil
		}
		if len(terms) == 0 {
			continue // a stop word: the pair one word apart spans it
		}
		words = append(words, terms)
	}
	if len(words) < 3 {
		return nil
	}
	var alts []query.Query
	for i := 0; i+1 < len(words); i++ {
		for _, pos := range [][][]string{{words[i], words[i+1]}, {words[i], {}, words[i+1]}} {
			for _, f := range textFields {
				alts = append(alts, multiPhrase(pos, f.name, f.boost*pairBoost))
			}
		}
	}
	return bleve.NewDisjunctionQuery(alts...)
}

// titleCoverage returns a query that matches when the title holds every
// plain word of the query (in any inflection, as a compound part, or
// typed without å/ä/ö) but lack of them, for a query of two or more such
// words (two or more besides those lacking); nil otherwise.
func titleCoverage(q Query, lack int) query.Query {
	var all []query.Query
	for _, g := range q.Must {
		terms, ok := plainTerms(g)
		if !ok || len(terms) == 0 {
			continue
		}
		alts := []query.Query{}
		for _, t := range append(terms, g[0].Folded...) {
			tq := bleve.NewTermQuery(t)
			tq.SetField(index.FieldTitle)
			// bleve ignores the boost of a conjunction: each term carries it
			tq.SetBoost(coverBoost)
			alts = append(alts, tq)
		}
		if len(alts) == 1 {
			all = append(all, alts[0])
		} else {
			all = append(all, bleve.NewDisjunctionQuery(alts...))
		}
	}
	if len(all)-lack < 2 {
		return nil
	}
	if lack > 0 {
		dq := bleve.NewDisjunctionQuery(all...)
		dq.SetMin(float64(len(all) - lack))
		return dq
	}
	return bleve.NewConjunctionQuery(all...)
}

// plainTerms returns the analyzed terms of a query group that is one plain
// word: its base, then the bases of its other readings (hemliga: hemliga,
// hemlig), any of which finds it; ok is false for anything else. A stop
// word ("och", "för") is plain with no terms: it is no word to look for,
// and no reason to give up proximity for the others.
func plainTerms(g []Clause) (terms []string, ok bool) {
	if len(g) != 1 || !plainWord(g[0]) {
		return nil, false
	}
	toks, err := index.Analyze(index.AnalyzerTyped, g[0].Text)
	if err != nil {
		return nil, false
	}
	if len(toks) == 0 {
		return nil, true
	}
	pos := positions(toks)
	if len(pos) != 1 {
		return nil, false
	}
	return pos[0], true
}

// plainWord reports whether a clause is a word searched in all text
// fields: no field, phrase, prefix or typo tolerance.
func plainWord(c Clause) bool {
	return c.Field == "" && !c.Phrase && !c.Prefix && c.Fuzzy == 0
}

func clauseQuery(c Clause, m *Matcher) (query.Query, error) {
	switch c.Field {
	case "":
		return textQuery(c, m, textFields)
	case "title":
		return textQuery(c, m, textFields[:1])
	default:
		if len(c.Values) == 0 {
			return bleve.NewMatchNoneQuery(), nil
		}
		var alts []query.Query
		for _, v := range c.Values {
			tq := bleve.NewTermQuery(v)
			tq.SetField(c.Field)
			alts = append(alts, tq)
		}
		return bleve.NewDisjunctionQuery(alts...), nil
	}
}

func textQuery(c Clause, m *Matcher, fields []struct {
	name  string
	boost float64
}) (query.Query, error) {
	switch {
	case c.Prefix:
		p := strings.ToLower(c.Text)
		m.Prefixes = append(m.Prefixes, index.Fold(p))
		var alts []query.Query
		for _, f := range fields {
			pq := bleve.NewPrefixQuery(p)
			pq.SetField(f.name)
			pq.SetBoost(f.boost)
			alts = append(alts, pq)
		}
		if len(fields) > 1 {
			alts = append(alts, foldedQueries(c.Folded, m, fields)...)
		}
		return bleve.NewDisjunctionQuery(alts...), nil
	case c.Phrase:
		return phraseQuery(c.Text, c.FoldedAt, m, fields...)
	}
	toks, err := index.Analyze(index.AnalyzerTyped, c.Text)
	if err != nil {
		return nil, fmt.Errorf("analyze %q: %w", c.Text, err)
	}
	if len(toks) == 0 {
		return nil, nil
	}
	pos := positions(toks)
	if u := wholeToken(toks); u != "" && len(pos) > 1 {
		// a reference typed as one ("2019:24", "2017/00123"): the index
		// holds it whole
		pos = [][]string{{u}}
	}
	if len(pos) > 1 && c.Fuzzy == 0 {
		// "e-post", "2020/00152": several words in one are a phrase
		return phraseQuery(c.Text, c.FoldedAt, m, fields...)
	}
	// The terms at the one position are the word's readings: its base,
	// then the bases of the other words it is a form of (hemliga:
	// hemliga, hemlig), each found in every field. (The query analyzer
	// adds no compound parts: "sökandelots" ⇏ "sök".)
	terms := pos[0]
	if c.Fuzzy > 0 {
		terms = terms[:1]
	}
	var alts []query.Query
	for _, t := range terms {
		m.Exact[t] = true
		for _, f := range fields {
			alts = append(alts, termOrFuzzy(t, f.name, f.boost, c.Fuzzy))
		}
	}
	if len(fields) > 1 && c.Fuzzy == 0 {
		// the very form the user typed ranks above other inflections
		ex := bleve.NewTermQuery(strings.ToLower(strings.TrimFunc(c.Text, notWordRune)))
		ex.SetField(index.FieldWords)
		ex.SetBoost(exactBoost)
		alts = append(alts, ex)
		// the word itself in any inflection ranks above a compound of it
		for _, t := range terms {
			wh := bleve.NewTermQuery(t)
			wh.SetField(index.FieldWhole)
			wh.SetBoost(wholeBoost)
			alts = append(alts, wh)
		}
	}
	if len(fields) > 1 {
		// c.Folded: only for a word typed without å/ä/ö
		alts = append(alts, foldedQueries(c.Folded, m, fields)...)
	}
	if len(alts) == 1 {
		return alts[0], nil
	}
	return bleve.NewDisjunctionQuery(alts...), nil
}

// foldedQueries look in each text field for the spellings with å/ä/ö of
// a word typed without them (Clause.Folded: sokandelots finds
// sökandelots), at foldBoost of an exact match in the same field.
func foldedQueries(folded []string, m *Matcher, fields []struct {
	name  string
	boost float64
}) []query.Query {
	var out []query.Query
	for _, t := range folded {
		if m != nil {
			m.Exact[t] = true
		}
		for _, f := range fields {
			tq := bleve.NewTermQuery(t)
			tq.SetField(f.name)
			tq.SetBoost(f.boost * foldBoost)
			out = append(out, tq)
		}
	}
	return out
}

func termOrFuzzy(term, field string, boost float64, fuzzy int) query.Query {
	if fuzzy > 0 {
		fq := bleve.NewFuzzyQuery(term)
		fq.SetFuzziness(fuzzy)
		fq.SetField(field)
		fq.SetBoost(boost)
		return fq
	}
	tq := bleve.NewTermQuery(term)
	tq.SetField(field)
	tq.SetBoost(boost)
	return tq
}

// wholeToken returns the term of a token that spans all the others (a
// reference the tokenizer keeps whole besides its parts), or "".
func wholeToken(toks []index.Token) string {
	if len(toks) < 3 {
		return ""
	}
	first, last := toks[0].Start, toks[0].End
	for _, t := range toks {
		first, last = min(first, t.Start), max(last, t.End)
	}
	for _, t := range toks {
		if t.Start == first && t.End == last {
			return t.Term
		}
	}
	return ""
}

// positions groups tokens by position: alternatives (a word and its
// compound parts) share a position, and a removed stop word leaves an
// empty slot, as bleve's own match-phrase query does.
func positions(toks []index.Token) [][]string {
	if len(toks) == 0 {
		return nil
	}
	first, last := toks[0].Position, toks[0].Position
	for _, t := range toks {
		first = min(first, t.Position)
		last = max(last, t.Position)
	}
	out := make([][]string, last-first+1)
	for _, t := range toks {
		out[t.Position-first] = append(out[t.Position-first], t.Term)
	}
	return out
}

// phraseQuery matches the words of text next to each other, in any of the
// given fields (all text fields when none given). foldedAt (Clause.FoldedAt)
// adds, per word position, the spellings with å/ä/ö of words typed without
// them, at foldBoost.
func phraseQuery(text string, foldedAt [][]string, m *Matcher, fields ...struct {
	name  string
	boost float64
}) (query.Query, error) {
	if len(fields) == 0 {
		fields = textFields
	}
	toks, err := index.Analyze(index.AnalyzerTextQuery, text)
	if err != nil {
		return nil, fmt.Errorf("analyze %q: %w", text, err)
	}
	if len(toks) == 0 {
		return nil, nil
	}
	pos := positions(toks)
	if m != nil {
		for _, t := range toks {
			m.Exact[t.Term] = true
		}
	}
	var alts []query.Query
	for _, f := range fields {
		alts = append(alts, multiPhrase(pos, f.name, f.boost))
	}
	if len(fields) > 1 && len(foldedAt) == len(pos) {
		found := false
		fpos := make([][]string, len(pos))
		for i := range pos {
			fpos[i] = append(append([]string{}, pos[i]...), foldedAt[i]...)
			found = found || len(foldedAt[i]) > 0
			if m != nil {
				for _, t := range foldedAt[i] {
					m.Exact[t] = true
				}
			}
		}
		if found {
			for _, f := range fields {
				alts = append(alts, multiPhrase(fpos, f.name, f.boost*foldBoost))
			}
		}
	}
	return bleve.NewDisjunctionQuery(alts...), nil
}

// typedWithoutDiacritics reports whether s has no å/ä/ö (or other
// diacritics). Only such words are looked for folded: a word typed with
// them finds itself in the text fields.
func typedWithoutDiacritics(s string) bool {
	return index.Fold(s) == strings.ToLower(s)
}

func multiPhrase(pos [][]string, field string, boost float64) query.Query {
	if len(pos) == 1 && len(pos[0]) == 1 {
		tq := bleve.NewTermQuery(pos[0][0])
		tq.SetField(field)
		tq.SetBoost(boost)
		return tq
	}
	pq := query.NewMultiPhraseQuery(pos, field)
	pq.SetBoost(boost)
	return pq
}

// filterGroup is one filter of a request as a required query; key is its
// facet field ("years" for the period, "budget" for the budget).
type filterGroup struct {
	key string
	q   query.Query
}

// filterGroups turns the request's filters into required queries, one per
// facet; values of one field are OR-ed.
func filterGroups(req Request) []filterGroup {
	var out []filterGroup
	for _, f := range FilterFields {
		vals := req.Filters[f]
		if len(vals) == 0 {
			continue
		}
		var alts []query.Query
		for _, v := range vals {
			tq := bleve.NewTermQuery(v)
			tq.SetField(f)
			alts = append(alts, tq)
		}
		if len(alts) == 1 {
			out = append(out, filterGroup{f, alts[0]})
		} else {
			out = append(out, filterGroup{f, bleve.NewDisjunctionQuery(alts...)})
		}
	}
	if req.ActiveFrom != "" || req.ActiveTo != "" {
		var period []query.Query
		if req.ActiveFrom != "" {
			// the project ends on or after the interval's start
			rq := bleve.NewTermRangeInclusiveQuery(req.ActiveFrom, "", boolPtr(true), nil)
			rq.SetField(index.FieldPeriodEnd)
			period = append(period, rq)
		}
		if req.ActiveTo != "" {
			// and starts on or before its end
			rq := bleve.NewTermRangeInclusiveQuery("", req.ActiveTo, nil, boolPtr(true))
			rq.SetField(index.FieldPeriodStart)
			period = append(period, rq)
		}
		if len(period) == 1 {
			out = append(out, filterGroup{"years", period[0]})
		} else {
			out = append(out, filterGroup{"years", bleve.NewConjunctionQuery(period...)})
		}
	}
	if req.StartYear != "" {
		rq := bleve.NewTermRangeInclusiveQuery(req.StartYear+"-01-01", req.StartYear+"-12-31", boolPtr(true), boolPtr(true))
		rq.SetField(index.FieldPeriodStart)
		out = append(out, filterGroup{"start", rq})
	}
	if req.BudgetMin > 0 || req.BudgetMax > 0 {
		var min, max *float64
		if req.BudgetMin > 0 {
			v := float64(req.BudgetMin)
			min = &v
		}
		if req.BudgetMax > 0 {
			v := float64(req.BudgetMax)
			max = &v
		}
		nq := bleve.NewNumericRangeInclusiveQuery(min, max, boolPtr(true), boolPtr(true))
		nq.SetField(index.FieldTotalBudget)
		out = append(out, filterGroup{"budget", nq})
	}
	return out
}

func boolPtr(b bool) *bool { return &b }

// sortOrder maps a request's sort to bleve's.
func sortOrder(s string) bsearch.SortOrder {
	field := func(name string, desc bool) bsearch.SearchSort {
		return &bsearch.SortField{Field: name, Desc: desc, Missing: bsearch.SortFieldMissingLast}
	}
	switch s {
	case SortNewest:
		return bsearch.SortOrder{field(index.FieldPeriodStart, true), &bsearch.SortScore{Desc: true}}
	case SortOldest:
		return bsearch.SortOrder{field(index.FieldPeriodStart, false), &bsearch.SortScore{Desc: true}}
	case SortBudget:
		return bsearch.SortOrder{field(index.FieldTotalBudget, true), &bsearch.SortScore{Desc: true}}
	case SortIngested:
		return bsearch.SortOrder{field(index.FieldIngested, true), &bsearch.SortDocID{}}
	}
	// relevance: equal scores newest first, then by id, so that every
	// window of hits is a prefix of the same order (group.go)
	return bsearch.SortOrder{&bsearch.SortScore{Desc: true}, field(index.FieldPeriodStart, true), &bsearch.SortDocID{}}
}

// queryOf parses a request's query and builds its bleve query with every
// filter applied.
func (e *Engine) queryOf(ctx context.Context, req Request) (query.Query, error) {
	q, err := e.parse(ctx, req.Query)
	if err != nil {
		return nil, err
	}
	bq, _, err := buildQuery(req, q, "")
	return bq, err
}

// parse parses the user's query and looks up which facet values each
// field:value clause stands for: those equal to the typed value, or
// containing it as whole words, ignoring case and å/ä/ö, so that
// kommun:vastervik finds "Västervik" and projektägare:kalmar finds
// "Kommunförbundet Kalmar län".
func (e *Engine) parse(ctx context.Context, s string) (Query, error) {
	q, err := ParseQuery(s)
	if err != nil {
		return q, err
	}
	return q, e.resolve(ctx, &q)
}

// resolve does the look-ups of parse for a parsed query: it stops when ctx
// ends.
func (e *Engine) resolve(ctx context.Context, q *Query) error {
	resolve := func(cs []Clause) error {
		for i := range cs {
			c := &cs[i]
			if c.Field == "" {
				folded, err := e.foldedTerms(ctx, *c)
				if err != nil {
					return err
				}
				c.Folded = folded
				if c.FoldedAt, err = e.foldedPhrase(ctx, *c); err != nil {
					return err
				}
				continue
			}
			if c.Field == "title" {
				continue
			}
			vals, err := e.facetValuesMatching(ctx, c.Field, c.Text)
			if err != nil {
				return err
			}
			c.Values = vals
		}
		return nil
	}
	for _, g := range q.Must {
		if err := resolve(g); err != nil {
			return err
		}
	}
	return resolve(q.Not)
}

// foldedTerms finds the terms with å/ä/ö of the text fields that a word,
// one-word phrase or prefix typed without them stands for (see
// index.FoldedForms), and for a word the bases without them of the words
// it stands for (index.FoldedBases); nil for anything else.
func (e *Engine) foldedTerms(ctx context.Context, c Clause) ([]string, error) {
	if !typedWithoutDiacritics(c.Text) || len(strings.FieldsFunc(c.Text, notWordRune)) != 1 {
		return nil, nil
	}
	if c.Phrase {
		return nil, nil // see foldedPhrase
	}
	var forms []string
	if c.Prefix {
		forms = []string{index.Fold(c.Text)}
	} else {
		forms = index.FoldedForms(c.Text)
	}
	// FoldPattern says whether there is anything to look for (a letter
	// with a form with a diacritic, a word not too long); the fold tables
	// answer (index/foldtable.go)
	if _, ok := index.FoldPattern(forms, c.Prefix); !ok {
		return nil, nil
	}
	names := make([]string, len(textFields))
	for i, f := range textFields {
		names[i] = f.name
	}
	terms, err := e.idx.FoldedTerms(ctx, forms, c.Prefix, names, max(e.MaxTerms/(2*len(textFields)), 1))
	if errors.Is(err, index.ErrTooManyTerms) {
		return nil, invalid(msgTooManyTerms)
	}
	if err != nil {
		return nil, err
	}
	if !c.Prefix {
		// and the bases without å/ä/ö of such words (bockerna: böckerna,
		// so bok), which are no terms with diacritics
		for _, b := range index.FoldedBases(c.Text) {
			if !slices.Contains(terms, b) {
				terms = append(terms, b)
			}
		}
		return terms, nil
	}
	// the prefix query finds the words that start as typed
	typed := strings.ToLower(c.Text)
	var out []string
	for _, t := range terms {
		if !strings.HasPrefix(t, typed) {
			out = append(out, t)
		}
	}
	return out, nil
}

// foldedPhrase finds, for a phrase typed without å/ä/ö, the terms with
// them of each word position (aligned with positions() of the phrase
// analyzed with index.AnalyzerTextQuery, as phraseQuery does).
func (e *Engine) foldedPhrase(ctx context.Context, c Clause) ([][]string, error) {
	if !c.Phrase || !typedWithoutDiacritics(c.Text) {
		return nil, nil
	}
	toks, err := index.Analyze(index.AnalyzerTextQuery, c.Text)
	if err != nil || len(toks) == 0 {
		return nil, err
	}
	first := toks[0].Position
	for _, t := range toks {
		first = min(first, t.Position)
	}
	out := make([][]string, len(positions(toks)))
	for i, t := range toks {
		if i > 0 && t.Start == toks[i-1].Start && t.End == toks[i-1].End {
			continue // another reading of the same word
		}
		word := Clause{Text: c.Text[t.Start:t.End]}
		terms, err := e.foldedTerms(ctx, word)
		if err != nil {
			return nil, err
		}
		out[t.Position-first] = append(out[t.Position-first], terms...)
	}
	return out, nil
}

// facetValuesMatching scans a facet field's values (a few thousand at
// most) for those matching typed (see parse).
func (e *Engine) facetValuesMatching(ctx context.Context, field, typed string) ([]string, error) {
	want := strings.Join(strings.FieldsFunc(index.Fold(typed), notWordRune), " ")
	if want == "" {
		return nil, nil
	}
	dict, err := e.idx.Bleve().FieldDict(field)
	if err != nil {
		return nil, fmt.Errorf("values of %s: %w", field, err)
	}
	defer dict.Close()
	var out []string
	for n := 0; ; n++ {
		if n&255 == 0 && ctx.Err() != nil {
			return nil, ctx.Err()
		}
		d, err := dict.Next()
		if err != nil {
			return nil, fmt.Errorf("values of %s: %w", field, err)
		}
		if d == nil {
			return out, nil
		}
		words := " " + strings.Join(strings.FieldsFunc(index.Fold(d.Term), notWordRune), " ") + " "
		if strings.Contains(words, " "+want+" ") {
			out = append(out, d.Term)
		}
	}
}
