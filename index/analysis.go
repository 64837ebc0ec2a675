package index

// Swedish analysis
//
// Every projektsok analyzer is a letter-run tokenizer (tokenizer.go) and one
// token filter (swedishFilter) that, per token surface:
//
//  1. lowercases it and drops Swedish stop words (bleve's stop_sv list, plus
//     the same words written without å/ä/ö, so "for" and "över" behave alike
//     in both fields);
//  2. reduces it to its base form with the Swedish lexicon
//     (data/sv_lexicon.bin: every form of every word of the Swedish Hunspell
//     dictionary, hunspell-sv 7.5.0, expanded with its own affix rules by
//     cmd/mklexicon; see lexicon.go and data/README.md): projektets ->
//     projekt, kvinnorna -> kvinna, böckerna -> bok, städer -> stad, männen
//     -> man (vowel-changing plurals are linked to their singular), planet
//     -> planet (a word of its own, not plan + -et), deltagarna ->
//     deltagare and deltagandet -> deltagande (derived words keep their own
//     base, apart from the verb deltaga). A form of several words gets the
//     base of each, at its position: first its own entry's, else a noun's,
//     else the shortest (the term that names it), then the others
//     (hemliga -> hemliga, hemlig; tunga -> tunga, tung; samlade -> samla,
//     samlad), in the query analyzers too, so a query word finds the
//     documents of any of its readings and each base finds the form. The
//     lexicon leaves out readings that are chance (see cmd/mklexicon): a
//     name's form has no other (Boden, the town, is no bod), nor has a
//     linked vowel-changing plural (bröder is no bröd), and a reading as a
//     noun counts only when the form is its base with an ending (ta is no
//     form of tum). The last part of a compound gets its other readings
//     that are no verb's (kulturhemliga -> kulturhemliga, kulturhemlig;
//     parts hemliga, hemlig; projektlotsar is no form of a verb). A strong
//     verb's present tense, a stem of its own in the dictionary, has the
//     verb as another reading (driver -> driver, driva). A query word
//     (AnalyzerTyped, QueryTerms) that is a noun's dictionary entry with
//     its own paradigm means that noun: stod -> stod, not stå; svenska ->
//     svenska, not svensk (the index has every reading, so stå finds stod
//     and svensk finds svenska). A word the lexicon
//     does not know gets the surface of its compound's first parts and the
//     base of its last (sökandelotsen -> sökandelots); one that does not
//     split, what the corpus word list gives (data/sv_words.txt.gz, for
//     names and foreign words: Övertorneås -> övertorneå), but never a base
//     of the lexicon (its paradigms are complete). This replaces Snowball
//     (bleve's "sv", also PostgreSQL's and Xapian's), which is not
//     consistent on exactly these words (sökandelots -> sökandelot but
//     sökandelotsen -> sökandelots; projekt -> projek but projektet
//     unchanged) and conflates derivations (deltagare/deltagande,
//     jämställd/jämställdhet, stat/statlig);
//  3. at index time only (AnalyzerText, AnalyzerFolded), splits compounds
//     by the lexicon's compound rules and emits, at the compound's
//     position and with the byte offsets of the letters, every run of its
//     parts but the whole, as the surface of its first parts and the base
//     of its last (arbetsmarknadspolitiken -> arbetsmarknad, politik;
//     sökandelotsmetoden -> sökande, sökandelots, lots, lotsmetod, metod;
//     storstäderna -> stor, stad; kvinnoprojekten -> kvinna, projekt).
//     Every part must be a form the lexicon allows where it stands
//     (first, inside, last); heads of three letters are parts (lots, bok,
//     nät); a word the lexicon knows is split only when it inflects as its
//     last part and is no verb form, so "kommun" is never found in
//     "kommunikation", "hand" not in "handling", "man" not in "mandat". See
//     decompound.go;
//  4. in AnalyzerFolded and AnalyzerFoldedQuery, folds å/ä/ö, é, ü... to
//     ASCII before step 2 (after stop words and compound splitting, which
//     need the real spelling), with a folded word list, so "sokandelots",
//     "Overtornea" and "forsorjning" get the terms of "sökandelots",
//     "Övertorneå" and "försörjning". No field is indexed folded any more:
//     a word typed without diacritics finds the spellings with them through
//     the text fields' dictionaries (foldpattern.go), using the same folded
//     word list for its base forms; these analyzers show that folded
//     analysis, and AnalyzerFoldedOnly opens indexes made before.
//
// Query words must be analyzed without step 3 (AnalyzerTextQuery,
// AnalyzerFoldedQuery, QueryTerms): the index already holds every part of
// every compound, so the whole query word finds its compounds, while
// splitting the query would turn "sökandelots" into sökande + lots.
//
// All of that depends only on the surface, so it is computed once per
// distinct surface and cached (bounded, concurrency-safe); the analyzers'
// cost per token is then one map lookup. The lexicon (817,000 forms, a 2.7
// MB FST, embedded) is used in place, not decoded; the corpus word list
// (~47,000 words, 220 KB gzipped) is decoded on first use, in about 30 ms.

import (
	"fmt"
	"sync"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/lang/sv"
	"github.com/blevesearch/bleve/v2/registry"
)

// Analyzer names registered with bleve by this package.
const (
	// AnalyzerText is the Swedish analyzer for running text: inflected
	// forms and compound parts of a word share a term.
	AnalyzerText = "projektsok_sv"
	// AnalyzerFolded is AnalyzerText with å/ä/ö (and other diacritics)
	// folded after stemming, so "sokandelots" finds "sökandelots".
	AnalyzerFolded = "projektsok_sv_fold"
	// AnalyzerTextQuery is AnalyzerText without compound splitting: use it
	// to analyze query text searched in AnalyzerText fields.
	AnalyzerTextQuery = "projektsok_sv_query"
	// AnalyzerFoldedQuery is AnalyzerFolded without compound splitting:
	// use it to analyze query text searched in AnalyzerFolded fields.
	AnalyzerFoldedQuery = "projektsok_sv_fold_query"
	// AnalyzerTyped is AnalyzerTextQuery for the words a user types:
	// a noun's dictionary entry as typed (stod, vilt, svenska) means that
	// noun, not the words it is also a form of (stå, vild, svensk), which
	// the index holds for it as for every form. Use it to choose the terms
	// of a query word (QueryTerms does); it is in no mapping.
	AnalyzerTyped = "projektsok_sv_typed"
	// AnalyzerFoldedOnly is AnalyzerFolded keeping only the terms that
	// folding changed (words with å/ä/ö, é, ü …). Indexes made before
	// words typed without diacritics were looked up at query time
	// (index/foldpattern.go) had a folded field analyzed with it; it stays
	// registered so that they still open.
	AnalyzerFoldedOnly = "projektsok_sv_fold_only"
)

// registerErr records a failed registration in init; Open reports it.
var registerErr error

func init() {
	for _, a := range []struct {
		name                                 string
		fold, decompound, changedOnly, typed bool
	}{
		{AnalyzerText, false, true, false, false},
		{AnalyzerFolded, true, true, false, false},
		{AnalyzerTextQuery, false, false, false, false},
		{AnalyzerFoldedQuery, true, false, false, true},
		{AnalyzerFoldedOnly, true, true, true, false},
		{AnalyzerTyped, false, false, false, true},
	} {
		f := &swedishFilter{fold: a.fold, decompound: a.decompound, changedOnly: a.changedOnly, typed: a.typed}
		ctor := func(map[string]interface{}, *registry.Cache) (analysis.Analyzer, error) {
			return &analysis.DefaultAnalyzer{Tokenizer: wordTokenizer{}, TokenFilters: []analysis.TokenFilter{f}}, nil
		}
		if err := registry.RegisterAnalyzer(a.name, ctor); err != nil && registerErr == nil {
			registerErr = fmt.Errorf("register analyzer %s: %w", a.name, err)
		}
	}
}

// Token is one term produced by an analyzer.
type Token struct {
	Term string
	// Start and End are byte offsets into the analyzed text. For a compound
	// part they cover that part of the surface word.
	Start, End int
	// Position is the 1-based word position; compound parts share the
	// position of their word.
	Position int
}

// analyzers holds the analyzers Analyze has built, by name; it is read on
// every call (snippets analyze whole documents under concurrent load), so
// lookups take no lock.
var analyzers sync.Map // name → analysis.Analyzer

func analyzerNamed(name string) (analysis.Analyzer, error) {
	if registerErr != nil {
		return nil, registerErr
	}
	if a, ok := analyzers.Load(name); ok {
		return a.(analysis.Analyzer), nil
	}
	a, err := registry.NewCache().AnalyzerNamed(name)
	if err != nil {
		return nil, fmt.Errorf("analyzer %q: %w", name, err)
	}
	actual, _ := analyzers.LoadOrStore(name, a)
	return actual.(analysis.Analyzer), nil
}

// Analyze runs the registered analyzer on text and returns its tokens in
// order. Compound parts follow their word, at the same position, with the
// byte offsets of the part.
func Analyze(analyzer, text string) ([]Token, error) {
	a, err := analyzerNamed(analyzer)
	if err != nil {
		return nil, err
	}
	ts := a.Analyze([]byte(text))
	out := make([]Token, len(ts))
	for i, t := range ts {
		out[i] = Token{Term: string(t.Term), Start: t.Start, End: t.End, Position: t.Position}
	}
	return out, nil
}

// TextTerms returns the AnalyzerText terms of one word of a text (its
// own and its compound parts'), from a cache shared by all callers of
// 32,768 words: analysing a word through bleve's analyzer costs about
// 7 µs (a token stream, the surface cache's look-up, copies), and the
// snippets of every search analyse each distinct word that could match,
// while the words of the documents recur from search to search.
func TextTerms(word string) []string {
	return textTermsCache.get(word, textTerms)
}

var textTermsCache = wordCache[[]string]{perShard: 1024}

func textTerms(word string) []string {
	toks, err := Analyze(AnalyzerText, word)
	if err != nil {
		return nil // AnalyzerText is registered at init: cannot happen
	}
	terms := make([]string, len(toks))
	for i, t := range toks {
		terms[i] = t.Term
	}
	return terms
}

// QueryTerms returns the distinct terms to search for in a field indexed with
// analyzer when the user typed text (usually one word). Compounds in a query
// are not split: AnalyzerText and AnalyzerFolded are replaced by their query
// counterparts. Stop words yield no terms. The terms of one word are its
// readings, its base first (hemliga: hemliga, hemlig): a document holding
// any of them holds the word; Analyze gives their positions.
func QueryTerms(analyzer, text string) ([]string, error) {
	switch analyzer {
	case AnalyzerText, AnalyzerTextQuery:
		analyzer = AnalyzerTyped
	case AnalyzerFolded:
		analyzer = AnalyzerFoldedQuery
	}
	toks, err := Analyze(analyzer, text)
	if err != nil {
		return nil, err
	}
	var out []string
	seen := map[string]bool{}
	for _, t := range toks {
		if !seen[t.Term] {
			seen[t.Term] = true
			out = append(out, t.Term)
		}
	}
	return out, nil
}

// Stop words: bleve's Swedish list and the same words folded to ASCII.
var stopWords struct {
	once sync.Once
	set  map[string]bool
}

func isStopWord(lower string) bool {
	stopWords.once.Do(func() {
		tm := analysis.NewTokenMap()
		// LoadBytes only fails on a read error of an in-memory reader.
		_ = tm.LoadBytes(sv.SwedishStopWords)
		set := make(map[string]bool, 2*len(tm))
		for w := range tm {
			set[w] = true
			set[foldSwedish(w)] = true
		}
		stopWords.set = set
	})
	return stopWords.set[lower]
}
