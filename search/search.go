// Package search answers searches over a Projektsök index: it parses the
// user's request and query language, builds bleve requests, counts facets
// (multi-select aware), builds snippets, suggestions, exports and
// similar-project lists. It knows nothing of HTTP: failures are the domain
// errors of errors.go, which the HTTP adapter, package search/web, maps to
// statuses.
package search

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"runtime/pprof"
	"slices"
	"strings"
	"sync"
	"time"

	bsearch "github.com/blevesearch/bleve/v2/search"

	"projektsok/index"
	"projektsok/ingest"
)

// Engine runs searches against one index.
type Engine struct {
	idx    *index.Index
	facets *facetCache
	// Timeout bounds one search, facet requests included.
	Timeout time.Duration
	// MaxTerms bounds how many terms a prefix or fuzzy word may expand to.
	MaxTerms int
	// ExportLimit caps the hits an export returns; ExportChunk is how
	// many it fetches at a time (export.go).
	ExportLimit, ExportChunk int
	// gate holds the slots of requests that search, and costs what each
	// class of costly request took lately (cost.go).
	gate  *gate
	costs *costBook
	// typicalGroup, when above 0, stands for the index's typical group
	// size in likelyWindow (tests)
	typicalGroup int
}

// NewEngine returns an Engine with the default limits.
func NewEngine(idx *index.Index) *Engine {
	return &Engine{idx: idx, facets: newFacetCache(DefaultFacetCache), Timeout: 2 * time.Second, MaxTerms: 2000,
		ExportLimit: MaxExport, ExportChunk: DefaultExportChunk,
		gate: newGate(DefaultSearchSlots, DefaultMaxCostly), costs: newCostBook()}
}

// SetMaxCostly sets how many costly requests (cost.go) may search at
// once (and makes room for as many searches in all); call it before
// serving.
func (e *Engine) SetMaxCostly(n int) { e.gate = newGate(max(DefaultSearchSlots, n), n) }

// prepare parses a request's query, resolves its look-ups within ctx, and
// refuses or admits it by its estimated cost (cost.go). release (never
// nil when err is nil) ends the admission. Until then the goroutine
// carries the profile label cost=CLASS (go tool pprof -tagfocus).
func (e *Engine) prepare(ctx context.Context, req Request) (q Query, release func(), err error) {
	defer func() {
		if err != nil {
			pprof.SetGoroutineLabels(ctx)
		}
	}()
	q, err = ParseQuery(req.Query)
	if err != nil {
		return q, nil, err
	}
	c, err := costOf(req, q)
	if err != nil {
		return q, nil, err
	}
	pprof.SetGoroutineLabels(pprof.WithLabels(ctx, pprof.Labels("cost", c.reason.String())))
	// the look-ups come first: what a costly request weighs depends on
	// the words they find
	if err := e.resolve(ctx, &q); err != nil {
		if ctx.Err() != nil {
			return q, nil, e.overran(req, q, e.Timeout, fmt.Errorf("%w: resolving the query's words: %v", ErrTimeout, err))
		}
		return q, nil, err
	}
	if err := e.weigh(ctx, &c, q); err != nil {
		return q, nil, e.overran(req, q, e.Timeout, e.stageError(ctx, "weighing the query's words", err))
	}
	admitted, err := e.admit(ctx, c)
	if err != nil {
		return q, nil, err
	}
	return q, func() { admitted(); pprof.SetGoroutineLabels(ctx) }, nil
}

// typical is the index's typical group size (likelyWindow).
func (e *Engine) typical(snap *index.FacetSnapshot) int {
	if e.typicalGroup > 0 {
		return e.typicalGroup
	}
	return snap.TypicalGroup()
}

// Index returns the engine's index.
func (e *Engine) Index() *index.Index { return e.idx }

// FacetValue is one value of a facet with its count.
type FacetValue struct {
	Value string `json:"value"`
	Count int    `json:"count"`
}

// Facts are what a search hit, a similar project and an export row tell
// about a document. Lists are never null in JSON.
type Facts struct {
	ID             string   `json:"id"`
	Source         string   `json:"source"`
	Title          string   `json:"title"`
	DocType        string   `json:"doc_type"`
	ProgrammeArea  string   `json:"programme_area"`
	Phase          string   `json:"phase"`
	Owner          string   `json:"owner"`
	Region         string   `json:"region"`
	County         string   `json:"county"`
	Municipalities []string `json:"municipalities"`
	PeriodStart    string   `json:"period_start"`
	PeriodEnd      string   `json:"period_end"`
	ESFSupportSEK  int64    `json:"esf_support_sek"`
	TotalBudgetSEK int64    `json:"total_budget_sek"`
	Methods        []string `json:"methods"`
	TargetGroups   []string `json:"target_groups"`
}

// FactsOf returns the facts of a record.
func FactsOf(r *ingest.Record) Facts {
	list := func(s []string) []string {
		if s == nil {
			return []string{}
		}
		return s
	}
	return Facts{
		ID: r.ID, Source: r.Source, Title: r.Title, DocType: r.DocType,
		ProgrammeArea: r.ProgrammeArea, Phase: r.Phase, Owner: r.Owner,
		Region: r.Region, County: r.County, Municipalities: list(r.Municipalities),
		PeriodStart: r.PeriodStart, PeriodEnd: r.PeriodEnd,
		ESFSupportSEK: r.ESFSupportSEK, TotalBudgetSEK: r.TotalBudgetSEK,
		Methods: list(r.Methods), TargetGroups: list(r.TargetGroups),
	}
}

// Hit is one search result.
type Hit struct {
	Facts
	Score    float64  `json:"score"`
	Snippets []string `json:"snippets"`
	// Versions are the other documents of the hit's near-duplicate group
	// that the query finds, newest first (see group.go).
	Versions []Version `json:"versions,omitempty"`
	// Ingested is when the index took the document in (RFC 3339).
	Ingested string `json:"ingested,omitempty"`
	// Missing are the typed words (or OR-groups, as typed) the document
	// lacks, when no document holds them all (Response.Relaxed).
	Missing []string `json:"missing,omitempty"`
}

// Response is the answer to a search.
type Response struct {
	Total      uint64                  `json:"total"`
	TookMS     float64                 `json:"took_ms"`
	Hits       []Hit                   `json:"hits"`
	Facets     map[string][]FacetValue `json:"facets"`
	Suggestion string                  `json:"suggestion,omitempty"`
	// Relaxed is set when no document matched the query as typed: the
	// hits, total and facets are those of the search shown instead (the
	// respelled query, or the documents that lack a word; relax.go).
	Relaxed *Relaxed `json:"relaxed,omitempty"`
	// Empty says why a search found nothing, when nothing near it (a
	// respelling, the documents lacking a word) finds anything either.
	Empty *Empty `json:"empty,omitempty"`
	// Lacking is how many hits at the end of a first page are documents
	// that lack one of the words, shown because the documents holding them
	// all do not fill the page (relevance order, three words or more); each says which in Hit.Missing. Total,
	// Groups, More and Facets are those of the documents holding all.
	Lacking int `json:"lacking,omitempty"`
	// Groups is the number of entries (near-duplicate groups) the whole
	// result has, when the engine saw every hit (0 when it did not).
	Groups int `json:"groups,omitempty"`
	// More says whether another page follows: pages count near-duplicate
	// groups, so Total (documents) does not tell.
	More bool `json:"more"`

	// partial: the deadline passed, or the request was cancelled, while
	// a stage that gives up quietly ran (relaxation, filling a page,
	// did-you-mean), so the answer may lack what a whole one would show.
	partial bool
}

// Complete reports whether the answer is the whole answer to its request:
// false when the deadline passed or the request was cancelled during a
// stage that gives up quietly (see Search). Only a complete answer may be
// kept and served again (search/web's answer cache).
func (r *Response) Complete() bool { return !r.partial }

// Matching are the hits that match the query: all but the Lacking ones
// added after them.
func (r *Response) Matching() []Hit { return r.Hits[:len(r.Hits)-r.Lacking] }

// facet describes one facet of the response: its response key, the index
// field it counts and the filter it is multi-select against.
type facet struct {
	key, field string
}

// Facets lists the facets of every search response, in display order.
// "period" counts documents active in each year; "budget" buckets the
// total budget.
var Facets = []facet{
	{"region", "region"}, {"county", "county"}, {"owner", "owner"},
	{"programme_area", "programme_area"}, {"municipality", "municipality"},
	{"phase", "phase"}, {"doc_type", "doc_type"}, {"methods", "methods"},
	{"target_groups", "target_groups"}, {"period", "years"}, {"budget", "budget"},
	{"has_report", "has_report"},
}

// BudgetBuckets are the budget facet's ranges in SEK, [min, max).
var BudgetBuckets = []struct {
	Name     string
	Min, Max float64 // 0 = open
}{
	{"under 500 000 kr", 0, 500e3},
	{"500 000 – 1 miljon kr", 500e3, 1e6},
	{"1–5 miljoner kr", 1e6, 5e6},
	{"5–10 miljoner kr", 5e6, 10e6},
	{"10–50 miljoner kr", 10e6, 50e6},
	{"över 50 miljoner kr", 50e6, 0},
}

// Active reports whether the request filters on a facet, by response key.
func (r Request) Active(key string) bool {
	switch key {
	case "period":
		return r.ActiveFrom != "" || r.ActiveTo != ""
	case "budget":
		return r.BudgetMin > 0 || r.BudgetMax > 0
	case "start":
		return r.StartYear != ""
	}
	return len(r.Filters[key]) > 0
}

// Search runs a request: hits, multi-select facet counts and snippets.
// When no document holds every word, it shows the nearest search that
// finds something instead and says so in Response.Relaxed (relax.go).
func (e *Engine) Search(ctx context.Context, req Request) (*Response, error) {
	start := time.Now()
	// The deadline covers every stage: look-ups, search, facets, snippets.
	ctx, cancel := e.bound(ctx)
	defer cancel()
	q, release, err := e.prepare(ctx, req)
	if err != nil {
		return nil, err
	}
	defer release()
	res, err := e.search(ctx, req, q, true)
	if err != nil {
		return nil, e.overran(req, q, time.Since(start), err)
	}
	// a costly query is not run again relaxed (cost.go)
	if costly, _ := estimate(req, q); !costly {
		switch {
		case res.Total == 0:
			if r2 := e.relax(ctx, req, q, res.Suggestion); r2 != nil {
				res = r2
			} else {
				e.explainEmpty(ctx, req, q, res)
			}
		case req.From == 0 && !res.More && len(res.Hits) < req.Size && (req.Sort == "" || req.Sort == SortRelevance):
			// a first page, in relevance order, that the strict matches
			// do not fill
			e.fill(ctx, req, q, res)
		}
	}
	res.TookMS = float64(time.Since(start).Microseconds()) / 1000
	// relaxation, filling and did-you-mean give up quietly when time runs
	// out: the answer is then what was found in time
	res.partial = ctx.Err() != nil
	return res, nil
}

// search runs a parsed request; facets says whether to count the facets
// too.
func (e *Engine) search(ctx context.Context, req Request, q Query, facets bool) (*Response, error) {
	bq, matcher, err := buildQuery(req, q, "")
	if err != nil {
		return nil, err
	}
	// The window's search, the facet scan and the grouping all read one
	// snapshot: the group keys come from its tables (index/window.go).
	snap, err := e.idx.FacetSnapshot()
	if err != nil {
		return nil, e.searchError(ctx, err)
	}
	defer snap.Close()
	// Facet counts come from the cache, or are all counted in one scan of
	// the facet tables (facets.go), which runs beside the search for the
	// hits; with no filter the search itself feeds the counts (oneScan).
	version := e.idx.Version()
	counted := map[string][]FacetValue{}
	keys := map[string]string{}
	missing := false
	for _, f := range Facets {
		if !facets {
			break
		}
		keys[f.key] = facetKey(version, f, req, q.Min)
		if v, ok := e.facets.get(keys[f.key]); ok {
			counted[f.key] = v
			continue
		}
		missing = true
	}
	var (
		wg      sync.WaitGroup
		scanned map[string][]FacetValue
		scanErr error
		counter *facetCounter // counts beside the window's search
		visit   func(ords []uint32, budget, esf float64)
	)
	switch {
	case missing && oneScan(req):
		counter = newFacetCounter(snap, req, Facets)
		defer counter.release()
		visit = counter.visit
	case missing:
		wg.Add(1)
		go func() {
			defer wg.Done()
			scanned, scanErr = e.countFacetsIn(ctx, snap, req, q, Facets)
		}()
	}
	// several words: the first hits are re-ranked by proximity
	// (rerank.go), every page and every window the same ones
	window, words := rerankWindow(req, q, windowFor(req.From, req.Size))
	// One search serves the window and the widening it likely needs
	// (likelyWindow); each window is the first hits of it.
	need := req.From + req.Size
	// and counts what it finds per group key, so that complete knows
	// which groups of the page are whole
	counts := snap.NewGroupCounts()
	defer counts.Release()
	all, total, err := searchCounting(ctx, snap, bq, likelyWindow(window, need, e.typical(snap)), req.Sort, words, visit, counts)
	wg.Wait()
	if err != nil {
		return nil, e.stageError(ctx, "hits", err)
	}
	if scanErr != nil {
		return nil, e.stageError(ctx, "facet scan", scanErr)
	}
	if counter != nil {
		scanned = counter.result()
	}
	hits := firstHits(all, window)
	groups, err := groupHits(snap, hits)
	if err != nil {
		return nil, err
	}
	// A window full of one group's versions may hold fewer groups than the
	// page reaches: widen it until it holds them or every hit.
	for len(groups) < need && uint64(len(hits)) < total && window < MaxWindow {
		window = nextWindow(window, need, len(hits), len(groups))
		if window > len(all) && uint64(len(all)) < total {
			if all, total, err = searchRanked(ctx, snap, bq, window, req.Sort, words, nil); err != nil {
				return nil, e.stageError(ctx, "widened window", err)
			}
		}
		hits = firstHits(all, window)
		if groups, err = groupHits(snap, hits); err != nil {
			return nil, err
		}
	}
	for key, v := range scanned {
		counted[key] = v
		e.facets.put(keys[key], v)
	}

	res := &Response{Total: total, Hits: []Hit{}, Facets: map[string][]FacetValue{}}
	for key, v := range counted {
		res.Facets[key] = trimFacet(key, v, req)
	}
	end := min(req.From+req.Size, len(groups))
	var page []*group
	if req.From < end {
		page = groups[req.From:end]
	}
	complete := uint64(len(hits)) >= total
	if complete {
		res.Groups = len(groups)
	}
	res.More = len(groups) > end || !complete && req.From+req.Size > 0
	if !complete && len(page) > 0 {
		if err := e.complete(ctx, snap, bq, page, counts); err != nil {
			return nil, e.stageError(ctx, "completing groups", err)
		}
	}
	heads := make([]member, len(page))
	versions := make([][]Version, len(page))
	for i, g := range page {
		if heads[i], versions[i], err = g.head(snap); err != nil {
			return nil, err
		}
	}
	// a relaxed search says which words each hit lacks
	var lacked [][]string
	if q.Min > 0 {
		if lacked, err = lackedWords(ctx, snap, q, heads); err != nil {
			return nil, e.stageError(ctx, "missing words", err)
		}
	}
	for i, g := range page {
		if err := ctx.Err(); err != nil {
			return nil, e.stageError(ctx, "records and snippets", err)
		}
		m := heads[i]
		// the only stored document loaded for a hit, from the snapshot
		// the search ran on
		rec, err := snap.Record(m.hit)
		if err != nil {
			return nil, fmt.Errorf("hit %s: %w", m.id, err)
		}
		h := hitFrom(&rec, g.best())
		h.Versions = versions[i]
		h.Snippets = Snippets(&rec, matcher, 3)
		if lacked != nil {
			h.Missing = lacked[i]
		}
		res.Hits = append(res.Hits, h)
	}
	// Close the snapshot before anything that takes the index's readers
	// lock again (the suggestion's look-ups of words without å/ä/ö): a
	// rebuild waiting to swap between the two would block both for ever.
	if err := snap.Close(); err != nil {
		return nil, e.searchError(ctx, err)
	}
	if res.Total < 3 && len(q.Must) > 0 && q.Min == 0 {
		res.Suggestion = e.didYouMean(ctx, req, q, false)
	}
	return res, nil
}

// MaxFacetValues caps the values one facet listing returns.
const MaxFacetValues = 1000

// FacetList is every value of one facet for a search.
type FacetList struct {
	Field  string       `json:"field"`
	Values []FacetValue `json:"values"`
}

// FacetAll lists all values of one facet (up to MaxFacetValues) for a
// search, with multi-select counts (every filter but the facet's own).
// prefix keeps values of which a word starts with it, ignoring case and
// diacritics ("ö" finds "Övertorneå" and "Region Örebro län").
func (e *Engine) FacetAll(ctx context.Context, key string, prefix string, req Request) (*FacetList, error) {
	var f *facet
	for i := range Facets {
		if Facets[i].key == key {
			f = &Facets[i]
		}
	}
	if f == nil || f.key == "budget" {
		return nil, notFoundf("okänd facett %q", key)
	}
	ctx, cancel := e.bound(ctx)
	defer cancel()
	q, release, err := e.prepare(ctx, req)
	if err != nil {
		return nil, err
	}
	defer release()
	counts, err := e.countFacets(ctx, req, q, []facet{*f})
	if err != nil {
		return nil, e.overran(req, q, e.Timeout, e.searchError(ctx, err))
	}
	out := &FacetList{Field: key, Values: []FacetValue{}}
	p := index.Fold(strings.TrimSpace(prefix))
	for _, v := range counts[f.key] {
		if p == "" || wordPrefix(index.Fold(v.Value), p) {
			out.Values = append(out.Values, v)
		}
	}
	if key == "period" {
		sortByValue(out.Values)
	} else {
		sortFacet(out.Values)
	}
	if len(out.Values) > MaxFacetValues {
		out.Values = out.Values[:MaxFacetValues]
	}
	return out, nil
}

// wordPrefix reports whether s or one of its words starts with p.
func wordPrefix(s, p string) bool {
	if strings.HasPrefix(s, p) {
		return true
	}
	for _, w := range strings.FieldsFunc(s, func(r rune) bool { return r == ' ' || r == '-' || r == '/' || r == '(' }) {
		if strings.HasPrefix(w, p) {
			return true
		}
	}
	return false
}

// bound applies the engine's deadline and term-expansion limit.
func (e *Engine) bound(ctx context.Context) (context.Context, context.CancelFunc) {
	ctx = context.WithValue(ctx, bsearch.MaxTermSearchersKey, e.MaxTerms)
	return context.WithTimeout(ctx, e.Timeout)
}

// stageError is searchError for a stage of a search: a timeout names the
// stage that ran out of time, for the log.
func (e *Engine) stageError(ctx context.Context, stage string, err error) error {
	err = e.searchError(ctx, err)
	if errors.Is(err, ErrTimeout) {
		return fmt.Errorf("%w (stage: %s)", err, stage)
	}
	return err
}

// searchError turns a failed bleve search into a user error where the user
// can act on it.
func (e *Engine) searchError(ctx context.Context, err error) error {
	msg := err.Error()
	switch {
	case strings.Contains(msg, "TooManyTermSearchers") || strings.Contains(msg, "TooManyClauses"):
		return invalid(msgTooManyTerms)
	case errors.Is(err, context.DeadlineExceeded) || ctx.Err() != nil:
		return fmt.Errorf("%w: %v", ErrTimeout, err)
	case strings.Contains(msg, "fuzziness"):
		return invalid("för många tillåtna stavfel: använd ~1 eller ~2")
	}
	return fmt.Errorf("search: %w", err)
}

// trimFacet keeps a response's facet short: the DefaultFacetSz most
// common values, plus every selected value, even one with no hits left.
func trimFacet(key string, counted []FacetValue, req Request) []FacetValue {
	if key == "budget" || key == "period" {
		return counted
	}
	selected := req.Filters[key]
	// a copy: counted may be shared through the cache
	out := append([]FacetValue{}, counted[:min(len(counted), DefaultFacetSz)]...)
	for _, v := range counted[len(out):] {
		if contains(selected, v.Value) {
			out = append(out, v)
		}
	}
	for _, s := range selected {
		if !hasValue(out, s) {
			out = append(out, FacetValue{Value: s, Count: 0})
		}
	}
	return out
}

// sortFacet orders by count, then by name (a facet's values are
// distinct: one order). It sorts every value a search counted, up to
// thousands of owners, on every search that counts facets: a generic
// sort, not sort.Slice's reflection.
func sortFacet(v []FacetValue) {
	slices.SortFunc(v, func(a, b FacetValue) int {
		if a.Count != b.Count {
			return cmp.Compare(b.Count, a.Count)
		}
		return strings.Compare(a.Value, b.Value)
	})
}

// sortByValue orders by name (the years of the period facet).
func sortByValue(v []FacetValue) {
	slices.SortFunc(v, func(a, b FacetValue) int { return strings.Compare(a.Value, b.Value) })
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

func hasValue(list []FacetValue, s string) bool {
	for _, v := range list {
		if v.Value == s {
			return true
		}
	}
	return false
}

func hitFrom(r *ingest.Record, score float64) Hit {
	return Hit{Facts: FactsOf(r), Score: score, Snippets: []string{}, Ingested: r.Ingested}
}

// Document returns one stored document.
func (e *Engine) Document(id string) (ingest.Record, error) {
	rec, err := e.idx.Get(id)
	if err != nil {
		if errors.Is(err, index.ErrNotFound) {
			return rec, notFoundf("dokumentet %q finns inte", id)
		}
		return rec, err
	}
	return rec, nil
}
