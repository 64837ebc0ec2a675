package search

// Similar projects
//
// bleve has no "more like this", so Similar builds one in two stages.
//
// Stage 1, recall (one bleve request). The source document's title, summary
// and body are analyzed exactly as they were indexed (index.Document,
// index.AnalyzerText). Each term gets a weighted term frequency (title ×3,
// summary ×1.5, body ×1; a compound part counts half a word, because the
// index already holds the parts of every compound and the whole word is the
// stronger evidence) and a document frequency estimated as the larger of
// its counts in the body and summary fields (docFreq). Terms that are short (< 3 letters
// after stemming), contain digits or are frequent filler words
// (noiseWords), occur in fewer than 2 documents or in too many (dfLimit:
// half of them, a tenth in a large index) are skipped; the keyTerms best by tf·idf
// (idf = ln(N/df)) become the "key terms". One BooleanQuery asks for them
// (term queries on title, summary and body, boosted by their tf·idf relative
// to the best term) together with the source's structure as Should clauses
// (the same methods, target groups, municipalities and owner on the keyword
// fields), and MustNot the document itself.
//
// Stage 2, a transparent re-ranking of the top candidatesFor(size) hits:
//
//	score = text + structure
//	text      = Σ weight of the key terms the candidate contains
//	            / Σ weight of the source's keyTerms best terms of any df  (0..1)
//	structure = 0.30 per shared method (at most 2)
//	          + 0.15 per shared target group (at most 2)
//	          + 0.15 for a shared municipality, +0.05 per further one (at most 0.30)
//	          + 0.15 for the same owner
//	          + 0.05 for the same programme area
//
// Candidates scoring under minSimilarScore (0.1) are dropped: the same
// programme area alone is no similarity. Which key terms a candidate contains comes from the hit's term locations
// (IncludeLocations), so nothing is re-analyzed. Ties fall back to bleve's
// score, then the id. Every addend above is a reason shown to the user,
// ordered by its contribution.

import (
	"context"
	"fmt"
	"math"
	"sort"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2"
	bsearch "github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
	bindex "github.com/blevesearch/bleve_index_api"

	"projektsok/index"
	"projektsok/ingest"
)

// Similar-projects limits.
const (
	DefaultSimilar = 5
	MaxSimilar     = 20
)

const (
	keyTerms      = 25  // key terms in the query
	dfLookups     = 300 // most frequent terms whose df is looked up
	minTermRunes  = 3
	partWeight    = 0.5 // a compound part relative to a whole word
	keywordsShown = 5   // shared key terms named in a reason
	valuesShown   = 5   // shared municipalities etc. named in a reason
	minCandidates = 15
	// minSimilarScore drops candidates that share too little: the same
	// programme area alone (0.05) or one ordinary word is no similarity.
	minSimilarScore = 0.1
	candidateRatio  = 3
)

// Field weights for term frequencies, and field boosts in the query.
var similarFields = []struct {
	name      string
	tfWeight  float64
	termBoost float64
}{
	{index.FieldTitle, 3, 2},
	{index.FieldSummary, 1.5, 1.3},
	{index.FieldBody, 1, 1},
}

// Structure weights of the re-ranking (see the comment at the top) and the
// boosts of the matching Should clauses in the recall query.
const (
	methodWeight        = 0.30
	targetWeight        = 0.15
	municipalityWeight  = 0.15
	municipalityExtra   = 0.05
	municipalityMax     = 0.30
	ownerWeight         = 0.15
	programmeAreaWeight = 0.05
	maxCountedShared    = 2
)

var structureBoost = map[string]float64{
	"methods": 1.0, "target_groups": 0.6, "municipality": 0.6, "owner": 0.5,
}

// SimilarHit is one similar document with the reasons it was chosen.
type SimilarHit struct {
	Hit
	Reasons []string `json:"reasons"`
}

// keyTerm is one term of the source document with its weight and the
// surface form to show for it.
type keyTerm struct {
	term    string
	weight  float64
	surface string
}

// Similar returns up to size documents most similar to the document id,
// never that document itself. An unknown id is a not-found error.
func (e *Engine) Similar(ctx context.Context, id string, size int) ([]SimilarHit, error) {
	if size < 1 || size > MaxSimilar {
		return nil, invalidf("size måste vara ett heltal mellan 1 och %d", MaxSimilar)
	}
	src, err := e.Document(id)
	if err != nil {
		return nil, err
	}
	ctx, cancel := e.bound(ctx)
	defer cancel()

	terms, err := e.keyTerms(ctx, &src)
	if err != nil {
		return nil, err
	}
	q := similarQuery(&src, terms.terms)
	if q == nil {
		return []SimilarHit{}, nil
	}
	req := bleve.NewSearchRequestOptions(q, candidatesFor(size), 0, false)
	req.Fields = []string{index.FieldRaw}
	req.IncludeLocations = true
	res, err := e.idx.Bleve().SearchInContext(ctx, req)
	if err != nil {
		return nil, e.searchError(ctx, err)
	}

	type ranked struct {
		hit      SimilarHit
		score    float64
		bleveSc  float64
		strength []float64
	}
	var all []ranked
	for _, dm := range res.Hits {
		if dm.ID == src.ID {
			continue
		}
		rec, err := index.DecodeRaw(dm.Fields[index.FieldRaw])
		if err != nil {
			return nil, fmt.Errorf("similar hit %s: %w", dm.ID, err)
		}
		reasons := compare(&src, &rec, terms, dm.Locations)
		score := 0.0
		for _, r := range reasons {
			score += r.weight
		}
		if score < minSimilarScore {
			continue
		}
		sort.SliceStable(reasons, func(i, j int) bool { return reasons[i].weight > reasons[j].weight })
		h := SimilarHit{Hit: hitFrom(&rec, math.Round(score*1000)/1000), Reasons: make([]string, len(reasons))}
		for i, r := range reasons {
			h.Reasons[i] = r.text
		}
		all = append(all, ranked{hit: h, score: score, bleveSc: dm.Score})
	}
	sort.SliceStable(all, func(i, j int) bool {
		a, b := all[i], all[j]
		if a.score != b.score {
			return a.score > b.score
		}
		if a.bleveSc != b.bleveSc {
			return a.bleveSc > b.bleveSc
		}
		return a.hit.ID < b.hit.ID
	})
	out := make([]SimilarHit, 0, min(size, len(all)))
	for i := 0; i < len(all) && i < size; i++ {
		out = append(out, all[i].hit)
	}
	return out, nil
}

func candidatesFor(size int) int { return max(candidateRatio*size, minCandidates) }

// dfLimit is the largest document frequency a key term may have: half the
// documents, and in an index of more than 2,000 documents at most 1,000 or
// a tenth of them, whichever is more. Words that frequent say little about
// a text, and their long postings lists dominate the query's cost (44k
// documents, measured: p50 14 ms, 32 ms with the 50 % limit alone).
func dfLimit(n uint64) uint64 {
	if n/2 <= 1000 {
		return n / 2
	}
	return max(n/10, 1000)
}

// termStat collects one term of the source document.
type termStat struct {
	tf       float64
	surfaces map[string]int // lower-cased surface → count
	capital  string         // a capitalised surface, kept if no lower-case one occurs
}

// keyTerms picks the source document's key terms (see the top of the file).
// The index reader it opens is closed before it returns.
func (e *Engine) keyTerms(ctx context.Context, rec *ingest.Record) (*keyTermSet, error) {
	doc, err := index.Document(rec)
	if err != nil {
		return nil, err
	}
	stats := map[string]*termStat{}
	for _, f := range similarFields {
		text, _ := doc[f.name].(string)
		if text == "" {
			continue
		}
		if err := collectTerms(stats, text, f.tfWeight); err != nil {
			return nil, err
		}
	}
	if len(stats) == 0 {
		return &keyTermSet{}, nil
	}

	cands := make([]string, 0, len(stats))
	for t := range stats {
		if usableTerm(t) {
			cands = append(cands, t)
		}
	}
	sort.Slice(cands, func(i, j int) bool {
		a, b := stats[cands[i]], stats[cands[j]]
		if a.tf != b.tf {
			return a.tf > b.tf
		}
		return cands[i] < cands[j]
	})
	if len(cands) > dfLookups {
		cands = cands[:dfLookups]
	}

	adv, err := e.idx.Bleve().Advanced()
	if err != nil {
		return nil, fmt.Errorf("similar: index: %w", err)
	}
	r, err := adv.Reader()
	if err != nil {
		return nil, fmt.Errorf("similar: index reader: %w", err)
	}
	defer r.Close()
	n, err := r.DocCount()
	if err != nil {
		return nil, fmt.Errorf("similar: count: %w", err)
	}
	// Key terms for the query need df ≥ 2 (another document has them);
	// the text share of a candidate is measured against the best terms of
	// any df, so a document whose vocabulary is its own does not look
	// like a copy of whatever shares its one ordinary word.
	var query, about []keyTerm
	for _, t := range cands {
		if err := ctx.Err(); err != nil {
			return nil, fmt.Errorf("%w: %v", ErrTimeout, err)
		}
		st := stats[t]
		df, err := docFreq(ctx, r, t)
		if err != nil {
			return nil, err
		}
		if df > dfLimit(n) {
			continue
		}
		kt := keyTerm{term: t, weight: st.tf * math.Log(float64(n)/float64(max(df, 1))), surface: st.surface()}
		about = append(about, kt)
		if df >= 2 {
			query = append(query, kt)
		}
	}
	top := func(list []keyTerm) []keyTerm {
		sort.Slice(list, func(i, j int) bool {
			if list[i].weight != list[j].weight {
				return list[i].weight > list[j].weight
			}
			return list[i].term < list[j].term
		})
		return list[:min(len(list), keyTerms)]
	}
	total := 0.0
	for _, kt := range top(about) {
		total += kt.weight
	}
	return &keyTermSet{terms: top(query), total: total}, nil
}

// keyTermSet is the source's key terms, best first, and the weight of its
// best keyTerms terms of any document frequency (the text share's
// denominator).
type keyTermSet struct {
	terms []keyTerm
	total float64
}

// docFreq estimates in how many documents a term occurs: the larger of its
// counts in the body and the summary (the title adds little).
func docFreq(ctx context.Context, r bindex.IndexReader, term string) (uint64, error) {
	var df uint64
	for _, field := range []string{index.FieldBody, index.FieldSummary} {
		tfr, err := r.TermFieldReader(ctx, []byte(term), field, false, false, false)
		if err != nil {
			return 0, fmt.Errorf("similar: df of %q: %w", term, err)
		}
		df = max(df, tfr.Count())
		if err := tfr.Close(); err != nil {
			return 0, fmt.Errorf("similar: df of %q: %w", term, err)
		}
	}
	return df, nil
}

// collectTerms adds the terms of one field's text to stats.
func collectTerms(stats map[string]*termStat, text string, weight float64) error {
	toks, err := index.Analyze(index.AnalyzerText, text)
	if err != nil {
		return fmt.Errorf("similar: analyze: %w", err)
	}
	lastPos := -1
	for _, t := range toks {
		w := weight
		if t.Position == lastPos {
			w *= partWeight // a compound part at its word's position
		}
		lastPos = t.Position
		st := stats[t.Term]
		if st == nil {
			st = &termStat{surfaces: map[string]int{}}
			stats[t.Term] = st
		}
		st.tf += w
		if t.Start >= 0 && t.Start < t.End && t.End <= len(text) {
			if s := text[t.Start:t.End]; utf8.ValidString(s) {
				st.addSurface(s, sentenceStart(text, t.Start))
			}
		}
	}
	return nil
}

func (st *termStat) addSurface(s string, atSentenceStart bool) {
	lower := strings.ToLower(s)
	if r, _ := utf8.DecodeRuneInString(s); unicode.IsUpper(r) && !atSentenceStart {
		if st.capital == "" {
			st.capital = s
		}
		st.surfaces[lower] += 0 // known, but not seen in lower case
		return
	}
	st.surfaces[lower]++
}

// sentenceStart reports whether the word at byte offset i begins its text,
// line or sentence, where a capital says nothing about the word.
func sentenceStart(text string, i int) bool {
	for i > 0 {
		r, n := utf8.DecodeLastRuneInString(text[:i])
		switch {
		case r == '\n' || r == '.' || r == '!' || r == '?' || r == ':' || r == '#' || r == '-' || r == '–' || r == '*':
			return true
		case !unicode.IsSpace(r) && r != '"' && r != '(' && r != '”':
			return false
		}
		i -= n
	}
	return true
}

// surface is the form to show for a term: its most frequent lower-case
// surface (ties: the shorter, then alphabetical), where a capital at the
// start of a sentence, line or title counts as lower case; a word seen
// capitalised only within sentences (a name) keeps its capital.
func (st *termStat) surface() string {
	best, bestN := "", 0
	for s, n := range st.surfaces {
		if n == 0 {
			continue
		}
		if n > bestN || n == bestN && (len(s) < len(best) || len(s) == len(best) && s < best) {
			best, bestN = s, n
		}
	}
	if best == "" {
		return st.capital
	}
	return best
}

// usableTerm rejects terms too short or numeric to say what a text is
// about. Verbs and adjectives stay key terms (they rank: with nouns only,
// documents of one series found each other first 0.58 instead of 0.65 of
// the time, cmd/relevance), but a reason names only nouns (compare).
func usableTerm(t string) bool {
	if utf8.RuneCountInString(t) < minTermRunes || isNoiseTerm(t) {
		return false
	}
	for _, r := range t {
		if unicode.IsDigit(r) {
			return false
		}
	}
	return true
}

// nounLike reports whether a term is a noun by the Swedish lexicon: it, or
// its base form, has a definite singular form (metod → metoden, jobb →
// jobbet, arbete → arbetet, kvinna → kvinnan). Verbs (bedriva, arbeta),
// adjectives (regional, viktig), pronouns and adverbs have none. A word
// the lexicon does not know (most compounds) is judged by its longest
// tail it knows (arbetsgivarkontakt → kontakt); one with no known tail
// counts as a noun: rare words are mostly names of things.
func nounLike(t string) bool {
	if _, ok := index.LookupLexicon(t); !ok {
		rs := []rune(t)
		for i := 1; i+minTermRunes <= len(rs); i++ {
			if f, ok := index.LookupLexicon(string(rs[i:])); ok && f.Roles&index.LexWord != 0 {
				return nounLike(string(rs[i:]))
			}
		}
		return true
	}
	bases := []string{t}
	if f, _ := index.LookupLexicon(t); f.Base != "" && f.Base != t {
		bases = append(bases, f.Base)
	}
	if v, ok := strings.CutSuffix(t, "an"); ok {
		// a verbal noun in -an (samverkan: samverka + -n) has no other
		// definite form
		bases = append(bases, v+"a")
	}
	for _, b := range bases {
		last, _ := utf8.DecodeLastRuneInString(b)
		var ends []string
		switch {
		case last == 'a':
			ends = []string{"n"} // kvinnan; never arbetat
		case last == 'e':
			ends = []string{"n", "t"} // deltagaren, arbetet
		case strings.ContainsRune("iouyåäö", last):
			ends = []string{"n", "t", "en", "et"}
		default:
			ends = []string{"en", "et"} // metoden, jobbet
		}
		for _, e := range ends {
			if f, ok := index.LookupLexicon(b + e); ok && f.Roles&index.LexWord != 0 {
				return true
			}
		}
	}
	return false
}

// similarQuery is the recall query of stage 1; nil when the document offers
// nothing to compare with.
func similarQuery(src *ingest.Record, terms []keyTerm) query.Query {
	var should []query.Query
	if len(terms) > 0 {
		top := terms[0].weight
		var alts []query.Query
		for _, kt := range terms {
			for _, f := range similarFields {
				tq := bleve.NewTermQuery(kt.term)
				tq.SetField(f.name)
				tq.SetBoost(f.termBoost * kt.weight / top)
				alts = append(alts, tq)
			}
		}
		should = append(should, bleve.NewDisjunctionQuery(alts...))
	}
	facets := index.FacetValues(src)
	// The programme area is left to the re-ranking: with a handful of
	// values it matches a third of the index and would only add cost.
	for _, field := range []string{"methods", "target_groups", "municipality", "owner"} {
		for _, v := range facets[field] {
			tq := bleve.NewTermQuery(v)
			tq.SetField(field)
			tq.SetBoost(structureBoost[field])
			should = append(should, tq)
		}
	}
	if len(should) == 0 {
		return nil
	}
	bq := bleve.NewBooleanQuery()
	bq.AddShould(should...)
	bq.SetMinShould(1)
	bq.AddMustNot(bleve.NewDocIDQuery([]string{src.ID}))
	return bq
}

// reason is one addend of the re-ranking score with its text.
type reason struct {
	weight float64
	text   string
}

// compare scores a candidate against the source: one reason per kind of
// similarity, in the fixed order methods, target groups, municipalities,
// owner, programme area, key terms (the caller orders them by weight).
func compare(src, cand *ingest.Record, terms *keyTermSet, locs bsearch.FieldTermLocationMap) []reason {
	var out []reason
	if shared := intersect(src.Methods, cand.Methods); len(shared) > 0 {
		names := make([]string, len(shared))
		for i, m := range shared {
			names[i] = naturalCase(m)
		}
		out = append(out, reason{
			weight: methodWeight * float64(min(len(shared), maxCountedShared)),
			text:   "båda använder " + joinAnd(names),
		})
	}
	if shared := intersect(src.TargetGroups, cand.TargetGroups); len(shared) > 0 {
		names := make([]string, len(shared))
		for i, g := range shared {
			names[i] = naturalCase(g)
		}
		label := "samma målgrupp: "
		if len(shared) > 1 {
			label = "samma målgrupper: "
		}
		out = append(out, reason{
			weight: targetWeight * float64(min(len(shared), maxCountedShared)),
			text:   label + joinList(names),
		})
	}
	if shared := intersect(src.Municipalities, cand.Municipalities); len(shared) > 0 {
		label := "samma kommun: "
		if len(shared) > 1 {
			label = "samma kommuner: "
		}
		out = append(out, reason{
			weight: math.Min(municipalityWeight+municipalityExtra*float64(len(shared)-1), municipalityMax),
			text:   label + joinList(shared),
		})
	}
	if src.Owner != "" && strings.EqualFold(src.Owner, cand.Owner) {
		out = append(out, reason{weight: ownerWeight, text: "samma projektägare: " + src.Owner})
	}
	if src.ProgrammeArea != "" && src.ProgrammeArea == cand.ProgrammeArea {
		out = append(out, reason{weight: programmeAreaWeight, text: "samma programområde: " + src.ProgrammeArea})
	}
	got := 0.0
	var nouns []string
	for _, kt := range terms.terms {
		if hasTerm(locs, kt.term) {
			got += kt.weight
			// a planner recognises a shared method, group, place or
			// subject, not a shared verb or adjective ("bedrivits",
			// "regional", "båda")
			if kt.surface != "" && nounLike(kt.term) {
				nouns = append(nouns, kt.surface)
			}
		}
	}
	var words []string
	for _, w := range nouns {
		if len(words) < keywordsShown && !partOfShown(words, w) && !partOfShown(longer(nouns, w), w) {
			words = append(words, w)
		}
	}
	if got > 0 && terms.total > 0 {
		text := "gemensamma nyckelord: " + strings.Join(words, ", ")
		if len(words) == 0 {
			text = "liknande ordval"
		}
		out = append(out, reason{weight: got / terms.total, text: text})
	}
	return out
}

// partOfShown reports whether surface is part of a keyword already shown
// or holds one: the parts of a compound (sökande, lotsar in sökandelotsar)
// are terms of their own, but naming them again tells the reader nothing.
func partOfShown(shown []string, surface string) bool {
	s := strings.ToLower(surface)
	for _, w := range shown {
		w = strings.ToLower(w)
		if strings.Contains(w, s) || strings.Contains(s, w) {
			return true
		}
	}
	return false
}

// longer returns the surfaces of l longer than s: a compound shared
// besides its part (arbetsgivarkontakter beside givar) is named instead.
func longer(l []string, s string) []string {
	var out []string
	for _, w := range l {
		if len(w) > len(s) {
			out = append(out, w)
		}
	}
	return out
}

func hasTerm(locs bsearch.FieldTermLocationMap, term string) bool {
	for _, f := range similarFields {
		if len(locs[f.name][term]) > 0 {
			return true
		}
	}
	return false
}

// intersect returns the values of a also in b, in a's order, without
// repeats.
func intersect(a, b []string) []string {
	var out []string
	for _, v := range a {
		if contains(b, v) && !contains(out, v) {
			out = append(out, v)
		}
	}
	return out
}

// joinList names up to valuesShown values, then how many more.
func joinList(vals []string) string {
	if len(vals) <= valuesShown {
		return strings.Join(vals, ", ")
	}
	return fmt.Sprintf("%s och %d till", strings.Join(vals[:valuesShown], ", "), len(vals)-valuesShown)
}

// joinAnd joins names the Swedish way: "a, b och c".
func joinAnd(vals []string) string {
	if len(vals) == 1 {
		return vals[0]
	}
	return strings.Join(vals[:len(vals)-1], ", ") + " och " + vals[len(vals)-1]
}

// naturalCase lower-cases the capital of each word that is otherwise in
// lower case ("Motiverande samtal (MI)" → "motiverande samtal (MI)"), so a
// display name reads naturally inside a sentence; acronyms and names with
// inner capitals stay as they are.
func naturalCase(s string) string {
	words := strings.Split(s, " ")
	for i, w := range words {
		r, n := utf8.DecodeRuneInString(w)
		if n == 0 || !unicode.IsUpper(r) || len(w) == n {
			continue
		}
		rest := w[n:]
		if strings.ToLower(rest) == rest && strings.IndexFunc(rest, unicode.IsLetter) >= 0 {
			words[i] = string(unicode.ToLower(r)) + rest
		}
	}
	return strings.Join(words, " ")
}

// noiseWords are frequent Swedish words that bleve's stop list keeps but
// that say nothing about what a project is about. In a large index most of
// them exceed the df limit anyway; in a small one they would pass as key
// terms.
const noiseWords = `även också genom samt inom mellan många flera fler kunna kunnat kan får fått
står stått gör göra gjort görs gjorde tar ta tagit tog ger ge gett gav blir bli blivit blev
handlar enligt bland både dock därför sedan redan helt mycket stor större största ny nya nytt
del delar olika egen eget egna sätt bra viktigt viktig finns fanns kommer komma kom används
samtidigt ökad ökat ökade vidare annat andra sig själv även varit vara just idag`

var noiseTerms struct {
	once sync.Once
	set  map[string]bool
}

func isNoiseTerm(term string) bool {
	noiseTerms.once.Do(func() {
		noiseTerms.set = map[string]bool{}
		// Stemmed like the text, so every inflection the stemmer joins
		// is covered; an analysis error leaves the list empty.
		terms, _ := index.QueryTerms(index.AnalyzerText, noiseWords)
		for _, t := range terms {
			noiseTerms.set[t] = true
		}
	})
	return noiseTerms.set[term]
}
