// Command recall measures how well the projektsok Swedish analyzer finds the
// documents that contain a form of a word, as a word or as a compound part,
// compared with bleve's plain "sv" analyzer.
//
//	go run ./cmd/recall [-corpus ../shared/corpus/regeringen.tar.gz] [-words words.txt] [-v]
//	go run ./cmd/recall -draw     # rewrite heldout.txt (only when the lexicon changes)
//
// It measures two lists, reported separately: the tuning list (words.txt,
// the words the analyzer was tuned on, with the hand-written ground truth
// of rule.go) and the held-out list (heldout.txt, drawn from the lexicon by
// -draw and never tuned on, with the lexicon-only ground truth of
// heldout.go). For each word it computes the ground truth from the raw
// text, then the documents whose
// analyzed terms (index.AnalyzerText) contain the query's terms
// (index.QueryTerms), and the same for "sv" (query analyzed with "sv"). No
// bleve index is built: a document matches a one-word query exactly when its
// term set holds the query's terms. It prints recall (found / ground truth)
// and false matches (found but not in ground truth / found), per word and
// overall (documents summed over words). Then, for every distinct word of
// the corpus with å/ä/ö, whether the word typed without them finds it, and
// for each list word, whether each of its inflected forms with å/ä/ö,
// typed without them (bockerna), finds the word's terms — looked up as
// the search does (foldedFinds).
package main

import (
	"archive/tar"
	"compress/gzip"
	"embed"
	"flag"
	"fmt"
	"io"
	"os"
	"slices"
	"sort"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/analysis"
	svlang "github.com/blevesearch/bleve/v2/analysis/lang/sv"
	"github.com/blevesearch/bleve/v2/registry"

	"projektsok/index"
)

//go:embed words.txt
var defaultWords string

//go:embed heldout.txt
var heldoutWords string

// every held-out list drawn so far (the later ones are measured with
// -heldout FILE): a further draw leaves out all their words
//
//go:embed heldout*.txt
var heldoutLists embed.FS

type counts struct{ truth, found, hit int }

func (c counts) recall() float64 { return pct(c.hit, c.truth) }
func (c counts) falseRate() float64 {
	return pct(c.found-c.hit, c.found)
}

func pct(a, b int) float64 {
	if b == 0 {
		return 0
	}
	return 100 * float64(a) / float64(b)
}

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "recall:", err)
		os.Exit(1)
	}
}

func run() error {
	corpus := flag.String("corpus", "../shared/corpus/regeringen.tar.gz", "tar.gz of Markdown documents")
	wordsPath := flag.String("words", "", "word list (default: the built-in words.txt)")
	verbose := flag.Bool("v", false, "print example misses and false matches per word")
	limit := flag.Int("n", 0, "read at most this many documents (0: all)")
	draw := flag.String("draw", "", "draw the held-out list into this file (cmd/recall/heldout.txt) and exit")
	seed := flag.Int64("seed", heldoutSeed, "with -draw: the seed (another seed also leaves out heldout.txt's words)")
	heldoutPath := flag.String("heldout", "", "measure this held-out list instead of the built-in heldout.txt (e.g. cmd/recall/heldout2.txt)")
	explain := flag.Bool("explain", false, "for each argument (a word as it occurs in a text), print its lexicon entry, the analyzer's terms and the held-out ground truth's segmentations, then exit")
	flag.Parse()

	text := defaultWords
	if *wordsPath != "" {
		b, err := os.ReadFile(*wordsPath)
		if err != nil {
			return err
		}
		text = string(b)
	}
	specs, err := parseWords(text)
	if err != nil {
		return err
	}
	stop := stopWords()
	if *draw != "" {
		return drawHeldout(*corpus, *draw, *seed, specs, stop)
	}
	heldText, heldName := heldoutWords, "cmd/recall/heldout.txt"
	if *heldoutPath != "" {
		b, err := os.ReadFile(*heldoutPath)
		if err != nil {
			return err
		}
		heldText, heldName = string(b), *heldoutPath
	}
	hwords, hgroups := parseHeldout(heldText)
	lt, err := newLexTruth(hwords, stop)
	if err != nil {
		return err
	}
	if *explain {
		return explainWords(os.Stdout, lt, flag.Args())
	}
	// All measured words: the tuning list's, then the held-out list's.
	nt := len(specs)
	words := make([]string, 0, nt+len(hwords))
	for _, s := range specs {
		words = append(words, s.Word)
	}
	words = append(words, hwords...)
	isFormOf := func(i int, tok string) bool {
		if i < nt {
			return specs[i].isForm(tok)
		}
		return slices.Contains(lt.holds(tok), i-nt)
	}
	sv, err := registry.NewCache().AnalyzerNamed("sv")
	if err != nil {
		return err
	}
	// Query terms per word, ours and plain sv.
	ourQ := make([][]string, len(words))
	svQ := make([][]string, len(words))
	for i, w := range words {
		if ourQ[i], err = index.QueryTerms(index.AnalyzerText, w); err != nil {
			return err
		}
		for _, t := range sv.Analyze([]byte(w)) {
			svQ[i] = append(svQ[i], string(t.Term))
		}
	}

	ours := make([]counts, len(words))
	plain := make([]counts, len(words))
	misses := make([]map[string]int, len(words)) // ground-truth tokens of missed docs
	falses := make([]map[string]int, len(words)) // our terms' surfaces in false matches
	for i := range words {
		misses[i] = map[string]int{}
		falses[i] = map[string]int{}
	}
	formCache := map[string][]int{}  // token -> indexes of specs it is a form of
	diacritic := map[string]string{} // words with å/ä/ö (lower-cased) -> their term
	start := time.Now()
	var analyzeDur time.Duration
	var analyzeErr error
	ndocs := 0
	err = eachDoc(*corpus, func(name, doc string) {
		if *limit > 0 && ndocs >= *limit {
			return
		}
		ndocs++
		// Ground truth.
		truth := make([]bool, len(words))
		var truthTokens []string
		for _, tok := range strings.FieldsFunc(strings.ToLower(doc), func(r rune) bool { return !unicode.IsLetter(r) }) {
			idx, ok := formCache[tok]
			if !ok {
				for i := range specs {
					if specs[i].isForm(tok) {
						idx = append(idx, i)
					}
				}
				for _, i := range lt.holds(tok) {
					idx = append(idx, nt+i)
				}
				formCache[tok] = idx
			}
			for _, i := range idx {
				truth[i] = true
			}
			if len(idx) > 0 {
				truthTokens = append(truthTokens, tok)
			}
		}
		t0 := time.Now()
		toks, err := index.Analyze(index.AnalyzerText, doc)
		if err != nil {
			analyzeErr = err
			return
		}
		analyzeDur += time.Since(t0)
		ourTerms := make(map[string][]string, len(toks))
		lastPos := 0
		for _, t := range toks {
			surface := wordAt(doc, t.Start, t.End)
			ourTerms[t.Term] = append(ourTerms[t.Term], surface)
			if t.Position != lastPos { // the whole word, not a compound part
				lastPos = t.Position
				if low := strings.ToLower(surface); index.Fold(low) != low {
					diacritic[low] = t.Term
				}
			}
		}
		svTerms := termSet(sv.Analyze([]byte(doc)))
		for i := range words {
			// a word's terms are its readings, any of which finds
			// it (the search looks for each)
			o := hasAny(ourQ[i], func(t string) bool { _, ok := ourTerms[t]; return ok })
			p := hasAll(svQ[i], func(t string) bool { return svTerms[t] })
			add(&ours[i], truth[i], o)
			add(&plain[i], truth[i], p)
			if *verbose && truth[i] && !o {
				for _, tok := range truthTokens {
					if isFormOf(i, tok) {
						misses[i][tok]++
					}
				}
			}
			if *verbose && o && !truth[i] {
				for _, s := range ourTerms[ourQ[i][0]] {
					falses[i][strings.ToLower(s)]++
				}
			}
		}
	})
	if err == nil {
		err = analyzeErr
	}
	if err != nil {
		return err
	}
	fmt.Printf("%d documents, %d + %d words; analyzing with %s took %v (total %v)\n",
		ndocs, nt, len(hwords), index.AnalyzerText, analyzeDur.Round(time.Millisecond), time.Since(start).Round(time.Millisecond))
	groups := make([]string, len(words))
	copy(groups[nt:], hgroups)
	printList("Tuning list (cmd/recall/words.txt; ground truth rule.go)", words[:nt], groups[:nt], ours[:nt], plain[:nt])
	printList("Held-out list ("+heldName+"; ground truth heldout.go)", words[nt:], groups[nt:], ours[nt:], plain[nt:])
	fmt.Println(foldedCoverage(diacritic, *verbose))
	// Every inflected form with å/ä/ö of each list word, typed without
	// them, must find the word's terms.
	tuningForms := make([][]string, nt)
	for i, s := range specs {
		tuningForms[i] = s.Forms
	}
	heldForms := make([][]string, len(hwords))
	for f, is := range lt.forms {
		for _, i := range is {
			heldForms[i] = append(heldForms[i], f)
		}
	}
	fmt.Println(foldedForms("tuning list", words[:nt], ourQ[:nt], tuningForms, *verbose))
	fmt.Println(foldedForms("held-out list", words[nt:], ourQ[nt:], heldForms, *verbose))
	if *verbose {
		for i, w := range words {
			fmt.Printf("\n%s: missed docs' forms: %s\n", w, top(misses[i], 12))
			fmt.Printf("%s: false matches' surfaces: %s\n", w, top(falses[i], 12))
		}
	}
	return nil
}

// printList prints one list's per-word figures, its totals (documents
// summed over words, and the mean of the words' recall and false rates)
// and its ten worst words by recall.
func printList(title string, words, groups []string, ours, plain []counts) {
	fmt.Printf("\n## %s\n\n", title)
	fmt.Printf("| word | group | truth | ours found | ours recall | ours false | sv found | sv recall | sv false |\n")
	fmt.Printf("|---|---|---:|---:|---:|---:|---:|---:|---:|\n")
	var to, tp counts
	var meanR, meanF, meanSR float64
	below80 := 0
	for i, w := range words {
		o, p := ours[i], plain[i]
		fmt.Printf("| %s | %s | %d | %d | %.1f%% | %.1f%% | %d | %.1f%% | %.1f%% |\n",
			w, groups[i], o.truth, o.found, o.recall(), o.falseRate(), p.found, p.recall(), p.falseRate())
		to.truth += o.truth
		to.found += o.found
		to.hit += o.hit
		tp.truth += p.truth
		tp.found += p.found
		tp.hit += p.hit
		meanR += o.recall()
		meanF += o.falseRate()
		meanSR += p.recall()
		if o.recall() < 80 {
			below80++
		}
	}
	n := float64(max(len(words), 1))
	fmt.Printf("| **all (documents)** | | %d | %d | **%.1f%%** | **%.1f%%** | %d | %.1f%% | %.1f%% |\n",
		to.truth, to.found, to.recall(), to.falseRate(), tp.found, tp.recall(), tp.falseRate())
	fmt.Printf("| **mean of words** | | | | **%.1f%%** | **%.1f%%** | | %.1f%% | |\n", meanR/n, meanF/n, meanSR/n)
	order := make([]int, len(words))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(a, b int) bool { return ours[order[a]].recall() < ours[order[b]].recall() })
	var worst []string
	for _, i := range order[:min(10, len(order))] {
		worst = append(worst, fmt.Sprintf("%s %.1f%% (false %.1f%%)", words[i], ours[i].recall(), ours[i].falseRate()))
	}
	fmt.Printf("\n%d words; %d below 80%% recall; worst 10: %s\n", len(words), below80, strings.Join(worst, ", "))
}

// stopWords is bleve's Swedish stop list.
func stopWords() func(string) bool {
	tm := analysis.NewTokenMap()
	_ = tm.LoadBytes(svlang.SwedishStopWords)
	return func(w string) bool { return tm[w] }
}

func add(c *counts, truth, found bool) {
	if truth {
		c.truth++
	}
	if found {
		c.found++
		if truth {
			c.hit++
		}
	}
}

func hasAny(terms []string, has func(string) bool) bool {
	return slices.ContainsFunc(terms, has)
}

func hasAll(terms []string, has func(string) bool) bool {
	if len(terms) == 0 {
		return false
	}
	for _, t := range terms {
		if !has(t) {
			return false
		}
	}
	return true
}

func termSet(ts analysis.TokenStream) map[string]bool {
	m := make(map[string]bool, len(ts))
	for _, t := range ts {
		m[string(t.Term)] = true
	}
	return m
}

func top(m map[string]int, n int) string {
	type kv struct {
		k string
		v int
	}
	var l []kv
	for k, v := range m {
		l = append(l, kv{k, v})
	}
	sort.Slice(l, func(i, j int) bool { return l[i].v > l[j].v || (l[i].v == l[j].v && l[i].k < l[j].k) })
	if len(l) > n {
		l = l[:n]
	}
	var parts []string
	for _, x := range l {
		parts = append(parts, fmt.Sprintf("%s:%d", x.k, x.v))
	}
	return strings.Join(parts, " ")
}

// eachDoc calls fn for every Markdown document in the tar.gz at path.
func eachDoc(path string, fn func(name, doc string)) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		return err
	}
	tr := tar.NewReader(zr)
	for {
		h, err := tr.Next()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		if h.Typeflag != tar.TypeReg || !strings.HasSuffix(h.Name, ".md") {
			continue
		}
		data, err := io.ReadAll(tr)
		if err != nil {
			return err
		}
		fn(h.Name, string(data))
	}
}

// wordAt widens doc[start:end] (a word or compound part) to the whole word.
func wordAt(doc string, start, end int) string {
	for start > 0 {
		r, n := utf8.DecodeLastRuneInString(doc[:start])
		if !unicode.IsLetter(r) {
			break
		}
		start -= n
	}
	for end < len(doc) {
		r, n := utf8.DecodeRuneInString(doc[end:])
		if !unicode.IsLetter(r) {
			break
		}
		end += n
	}
	return doc[start:end]
}

// foldedCoverage measures words typed without å/ä/ö: for every distinct
// word of the corpus that has such letters, whether the word typed without
// them finds the word's term, as the search looks it up (foldedFinds).
func foldedCoverage(words map[string]string, verbose bool) string {
	found := 0
	var missed []string
	for w, term := range words {
		if foldedFinds(index.Fold(w), []string{term}) {
			found++
		} else {
			missed = append(missed, w+" ("+term+")")
		}
	}
	sort.Strings(missed)
	out := fmt.Sprintf("typed without å/ä/ö: %d of %d distinct words with them found (%.2f%%)",
		found, len(words), pct(found, len(words)))
	if verbose && len(missed) > 0 {
		out += "\nmissed: " + strings.Join(missed[:min(len(missed), 50)], ", ")
	}
	return out
}

// foldedFinds reports whether the search finds every one of terms (index
// terms) for typed, a word typed without å/ä/ö: a term with diacritics
// through the fold tables (its folded spelling is one of
// index.FoldedForms), one without as the typed word's own term
// (index.QueryTerms) or a base of the words it stands for
// (index.FoldedBases) — what search.(*Engine).foldedTerms looks up.
func foldedFinds(typed string, terms []string) bool {
	if len(terms) == 0 {
		return false
	}
	forms := index.FoldedForms(typed)
	plain, _ := index.QueryTerms(index.AnalyzerText, typed)
	plain = append(plain, index.FoldedBases(typed)...)
	// the word's own base (its first term): a form of the word need not
	// find the word's other readings (tungorna: tunga, not tung)
	for _, t := range terms[:1] {
		if index.Fold(t) != t {
			if !slices.Contains(forms, index.Fold(t)) {
				return false
			}
		} else if !slices.Contains(plain, t) {
			return false
		}
	}
	return true
}

// foldedForms measures, for each word of a list, its inflected forms with
// å/ä/ö typed without them (böckerna as bockerna): whether each finds the
// word's query terms, so every document with any form of the word.
func foldedForms(title string, words []string, queryTerms, forms [][]string, verbose bool) string {
	n, found, wordsWith, wordsAll := 0, 0, 0, 0
	var missed []string
	for i := range words {
		k, ok := 0, 0
		for _, f := range forms[i] {
			if index.Fold(f) == f {
				continue
			}
			k++
			if foldedFinds(index.Fold(f), queryTerms[i]) {
				ok++
			} else {
				missed = append(missed, index.Fold(f)+" ("+words[i]+")")
			}
		}
		n += k
		found += ok
		if k > 0 {
			wordsWith++
			if ok == k {
				wordsAll++
			}
		}
	}
	sort.Strings(missed)
	out := fmt.Sprintf("%s, inflected forms typed without å/ä/ö: %d of %d forms find their word (%.1f%%); %d of %d words found from every form",
		title, found, n, pct(found, n), wordsAll, wordsWith)
	if len(missed) > 0 {
		out += "\nmissed: " + strings.Join(missed[:min(len(missed), 30)], ", ")
	}
	return out
}

// explainWords prints, for each word, its lexicon entry, the analyzer's
// terms and the held-out ground truth's full segmentations.
func explainWords(w io.Writer, lt *lexTruth, words []string) error {
	for _, word := range words {
		low := strings.ToLower(word)
		f, ok := index.LookupLexicon(low)
		fmt.Fprintf(w, "%s\n  lexicon: ", word)
		if ok {
			fmt.Fprintf(w, "base %q, compound base %q, class %q, roles %s", f.Base, f.CompBase, f.Class, roleNames(f.Roles))
			if len(f.Alts) > 0 {
				fmt.Fprintf(w, ", also a form of %s", strings.Join(f.Alts, ", "))
			}
			fmt.Fprintln(w)
		} else {
			fmt.Fprintln(w, "unknown")
		}
		toks, err := index.Analyze(index.AnalyzerText, word)
		if err != nil {
			return err
		}
		var terms []string
		for _, t := range toks {
			terms = append(terms, t.Term)
		}
		fmt.Fprintf(w, "  analyzer: %s\n", strings.Join(terms, " "))
		for _, seg := range lt.pieces(low) {
			var ps []string
			for _, p := range seg {
				ps = append(ps, p.text)
			}
			fmt.Fprintf(w, "  ground truth: %s\n", strings.Join(ps, "|"))
		}
		var held []string
		for _, i := range lt.holds(low) {
			held = append(held, lt.words[i])
		}
		fmt.Fprintf(w, "  holds (of the held-out list): %s\n", strings.Join(held, " "))
	}
	return nil
}

func roleNames(r uint8) string {
	var out []string
	for _, x := range []struct {
		bit  uint8
		name string
	}{{index.LexWord, "word"}, {index.LexBegin, "begin"}, {index.LexMiddle, "middle"}, {index.LexEnd, "end"},
		{index.LexStem, "stem"}, {index.LexVowelPlural, "vowel-plural"}, {index.LexName, "name"}, {index.LexOther, "other"}} {
		if r&x.bit != 0 {
			out = append(out, x.name)
		}
	}
	return strings.Join(out, ",")
}
