package search

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/blevesearch/bleve/v2"
	bsearch "github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"

	"projektsok/index"
)

// Relaxed tells that no document matched the query as typed, why, and
// what is shown instead: the did-you-mean spelling when it finds
// something, else the documents that hold every word but one (any one),
// ranked as usual, each hit saying in Hit.Missing which word it lacks.
// When none holds all but one, those that lack two, and so on while they
// hold at least half of the words.
type Relaxed struct {
	// Query is the respelled query shown instead; "" when the hits are
	// documents lacking words.
	Query string `json:"query,omitempty"`
	// Lacking is how many of the typed words each hit lacks (0 with
	// Query): 1 for all words but one.
	Lacking int `json:"lacking,omitempty"`
	// Absent are the typed words that no document holds at all.
	Absent []string `json:"absent,omitempty"`
	// Reason says it for the person, in Swedish.
	Reason string `json:"reason"`
}

// relax finds what to show for a search q that found nothing (see
// Relaxed); nil when nothing near finds anything. A relaxed search is one
// search like the strict one, its required words in a disjunction with a
// minimum (Query.Min); looking for words no document holds costs one count
// per word. Failures of the searches leave the empty result (nil).
func (e *Engine) relax(ctx context.Context, req Request, q Query, suggestion string) *Response {
	if suggestion != "" {
		alt := req
		alt.Query = suggestion
		if aq, err := e.parse(ctx, suggestion); err == nil {
			if res, err := e.search(ctx, alt, aq, true); err == nil && res.Total > 0 {
				res.Suggestion = suggestion
				res.Relaxed = &Relaxed{Query: suggestion, Reason: fmt.Sprintf("Inga träffar för %s. Visar träffar för %s.", quoted2(req.Query), quoted2(suggestion))}
				return res
			}
		}
	}
	groups, err := groupQueries(q, newMatcher())
	if err != nil {
		return nil
	}
	n := wordGroups(groups)
	for _, min := range relaxSteps(n) {
		rq := q
		rq.Min = min
		if !e.finds(ctx, req, rq) {
			continue
		}
		res, err := e.search(ctx, req, rq, true)
		if err != nil || res.Total == 0 {
			continue
		}
		res.Suggestion = suggestion
		lacking := n - min
		res.Relaxed = &Relaxed{Lacking: lacking, Absent: e.absentWords(ctx, q, groups, res.Hits)}
		res.Relaxed.Reason = relaxReason(lacking, res.Relaxed.Absent)
		return res
	}
	return nil
}

// fill appends to a first page that the strict matches (res) do not fill
// the documents that hold every word but one, after them, each saying in
// Hit.Missing which word it lacks; Response.Lacking counts them. Total,
// facets and paging stay those of the strict matches. Only for three
// words or more (minFillWords): of two words, all but one is either
// word alone — documents about something else, and the widest search.
func (e *Engine) fill(ctx context.Context, req Request, q Query, res *Response) {
	groups, err := groupQueries(q, newMatcher())
	if err != nil {
		return
	}
	n := wordGroups(groups)
	if n < minFillWords {
		return
	}
	rq := q
	rq.Min = n - 1
	more, err := e.search(ctx, req, rq, false)
	if err != nil {
		return
	}
	shown := map[string]bool{}
	for _, h := range res.Hits {
		shown[h.ID] = true
		for _, v := range h.Versions {
			shown[v.ID] = true
		}
	}
	for _, h := range more.Hits {
		if len(res.Hits) >= req.Size {
			break
		}
		if len(h.Missing) == 0 || shown[h.ID] {
			continue
		}
		dup := false
		for _, v := range h.Versions {
			dup = dup || shown[v.ID]
		}
		if dup {
			continue
		}
		res.Hits = append(res.Hits, h)
		res.Lacking++
	}
}

// minFillWords is the fewest words a query needs for its short first page
// to be filled (fill). Measured with cmd/relevance (success@10, tuning /
// held-out): filling from two words 0.963 / 0.967, from three 0.961 /
// 0.967; the queries of two words it found were made with a word that is
// not the document's (nytt → nytta), and a filled two-word search costs
// about three times the search alone.
const minFillWords = 3

// wordGroups counts the groups of groupQueries that hold a word.
func wordGroups(groups []query.Query) int {
	n := 0
	for _, g := range groups {
		if g != nil {
			n++
		}
	}
	return n
}

// finds reports whether a relaxed query finds anything: one match
// without scores, far cheaper than the search with its facets, snippets and
// re-ranking, which runs only then (many searches that find nothing find
// nothing relaxed either: a filter, or words no document holds).
func (e *Engine) finds(ctx context.Context, req Request, q Query) bool {
	must, not, _, err := textClauses(q)
	if err != nil || len(q.Must) > 0 && len(must) == 0 {
		return false
	}
	must = atLeast(must, lacking(q, len(must)))
	for _, g := range filterGroups(req) {
		must = append(must, g.q)
	}
	found, err := e.any(ctx, assemble(must, not))
	return err == nil && found
}

// any reports whether q matches a document: its first match answers (a
// count read every one: either word of two, one of them common, is
// thousands).
func (e *Engine) any(ctx context.Context, q query.Query) (bool, error) {
	snap, err := e.idx.FacetSnapshot()
	if err != nil {
		return false, err
	}
	defer snap.Close()
	return snap.Finds(ctx, q)
}

// count is how many documents a request's search (q parsed from it)
// matches: no hits, records, snippets or facets.
func (e *Engine) count(ctx context.Context, req Request, q Query) (uint64, error) {
	bq, _, err := buildQuery(req, q, "")
	if err != nil {
		return 0, err
	}
	res, err := e.idx.Bleve().SearchInContext(ctx, bleve.NewSearchRequestOptions(bq, 0, 0, false))
	if err != nil {
		return 0, err
	}
	return res.Total, nil
}

// relaxSteps are the minimums a query of n required words is relaxed to,
// in turn: all words but one, but two, … while at least half of them
// stay (n = 2: either word; 3: any two; 4: any three, then any two).
func relaxSteps(n int) []int {
	var out []int
	for min := n - 1; min >= 1 && 2*min >= n; min-- {
		out = append(out, min)
	}
	return out
}

// relaxReason says in Swedish why the hits lack words: lacking words each,
// absent are the words no document holds.
func relaxReason(lacking int, absent []string) string {
	if len(absent) > 0 && len(absent) == lacking {
		// every hit lacks just those
		return fmt.Sprintf("%s finns inte i något dokument. Visar träffar utan %s.", quotedList(absent), wordsOf(absent))
	}
	var b strings.Builder
	if len(absent) > 0 {
		fmt.Fprintf(&b, "%s finns inte i något dokument. ", quotedList(absent))
	}
	b.WriteString("Inget dokument innehåller alla orden. ")
	if lacking == 1 {
		b.WriteString("Visar träffar som saknar ett av dem.")
	} else {
		fmt.Fprintf(&b, "Visar träffar som saknar %d av dem.", lacking)
	}
	return b.String()
}

// wordsOf names typed words again: "det" for one, "dem" for several.
func wordsOf(words []string) string {
	if len(words) == 1 {
		return "det"
	}
	return "dem"
}

// quotedList quotes words for a sentence: ”a”, ”b” och ”c”.
func quotedList(words []string) string {
	q := make([]string, len(words))
	for i, w := range words {
		q[i] = quoted2(w)
	}
	if len(q) == 1 {
		return q[0]
	}
	return strings.Join(q[:len(q)-1], ", ") + " och " + q[len(q)-1]
}

// absentWords are the required groups of q (as typed) that no document
// holds, filters aside: one look-up each (any), for the groups that
// every hit of the page lacks (a group a hit holds is in a document);
// with no hits, for every group.
func (e *Engine) absentWords(ctx context.Context, q Query, groups []query.Query, hits []Hit) []string {
	var out []string
	for i, g := range groups {
		if g == nil {
			continue
		}
		word, lackedByAll := groupString(q.Must[i]), true
		for _, h := range hits {
			lackedByAll = lackedByAll && slices.Contains(h.Missing, word)
		}
		if !lackedByAll {
			continue
		}
		if found, err := e.any(ctx, g); err == nil && !found {
			out = append(out, word)
		}
	}
	return out
}

// lackedWords says, for each head of a relaxed search's page (q.Min > 0),
// which of q's required groups (as typed) it lacks: one search per group,
// among those documents only.
func lackedWords(ctx context.Context, snap *index.FacetSnapshot, q Query, heads []member) ([][]string, error) {
	out := make([][]string, len(heads))
	if len(heads) == 0 {
		return out, nil
	}
	groups, err := groupQueries(q, newMatcher())
	if err != nil {
		return nil, err
	}
	hits := make([]*bsearch.DocumentMatch, len(heads))
	for i, m := range heads {
		hits[i] = m.hit
	}
	for gi, g := range groups {
		if g == nil {
			continue
		}
		has, err := snap.Holds(ctx, g, hits)
		if err != nil {
			return nil, err
		}
		for i := range heads {
			if !has[i] {
				out[i] = append(out[i], groupString(q.Must[gi]))
			}
		}
	}
	return out, nil
}

func quoted2(s string) string { return "”" + s + "”" }

// groupString writes one required group back in the query language.
func groupString(g []Clause) string {
	alts := make([]string, len(g))
	for i, c := range g {
		alts[i] = clauseString(c)
	}
	return strings.Join(alts, " OR ")
}

// clauseString writes one clause back in the query language (without its
// minus sign).
func clauseString(c Clause) string {
	s := c.Text
	if c.Phrase {
		s = `"` + s + `"`
	}
	if c.Prefix {
		s += "*"
	}
	if c.Fuzzy > 0 {
		s += "~" + strconv.Itoa(c.Fuzzy)
	}
	switch c.Field {
	case "":
	case "years":
		s = "år:" + s
	default:
		s = c.Field + ":" + s
	}
	return s
}

// Empty says why a search found nothing when nothing near it finds
// anything either (Response.Empty).
type Empty struct {
	// Absent are the typed words (OR-groups, as typed) that no document
	// holds at all.
	Absent []string `json:"absent,omitempty"`
	// Unfiltered is how many documents the query finds without its
	// filters (facets, period, budget, start year), when the filters are
	// what left nothing; 0 otherwise.
	Unfiltered uint64 `json:"unfiltered,omitempty"`
	// Reason says it for the person, in Swedish.
	Reason string `json:"reason"`
}

// explainEmpty tells in res.Empty why a search (q, req) found nothing, once
// neither a respelling nor the documents lacking a word found anything:
// which typed words no document holds, else whether the filters left
// nothing (one count without them). When a word is absent, a respelling
// of words that are Swedish as typed, which did-you-mean does not make on
// its own (that would replace a right word by another), is offered here as
// the suggestion when it finds something. A tenth of the benchmark's long
// tail (a rare word in a municipality) ends here: one look-up per word and
// one count.
func (e *Engine) explainEmpty(ctx context.Context, req Request, q Query, res *Response) {
	emp := &Empty{}
	if len(q.Must) > 0 {
		groups, err := groupQueries(q, newMatcher())
		if err != nil {
			return
		}
		emp.Absent = e.absentWords(ctx, q, groups, nil)
	}
	if len(emp.Absent) == 0 && len(filterGroups(req)) > 0 {
		if n, err := e.count(ctx, req.unfiltered(), q); err == nil {
			emp.Unfiltered = n
		}
	}
	// words that every one is in some document need no respelling
	if res.Suggestion == "" && len(emp.Absent) > 0 {
		res.Suggestion = e.didYouMean(ctx, req, q, true)
	}
	emp.Reason = emptyReason(emp)
	res.Empty = emp
}

// emptyReason says in Swedish why a search found nothing.
func emptyReason(emp *Empty) string {
	switch {
	case len(emp.Absent) > 0:
		return fmt.Sprintf("Inget dokument innehåller %s.", quotedList(emp.Absent))
	case emp.Unfiltered == 1:
		return "Inget dokument med de valda filtren motsvarar sökningen. Utan filtren finns 1 träff."
	case emp.Unfiltered > 1:
		return fmt.Sprintf("Inget dokument med de valda filtren motsvarar sökningen. Utan filtren finns %d träffar.", emp.Unfiltered)
	}
	return "Inget dokument motsvarar sökningen."
}
