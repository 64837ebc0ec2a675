package main

import (
	"math"
	"math/rand/v2"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/lang/sv"
)

// Query kinds.
const (
	kindTitle      = "title-exact"   // title words as written
	kindFolded     = "title-folded"  // the same typed without å/ä/ö
	kindBody       = "body-sentence" // words of one sentence of the body
	kindInflection = "title-inflect" // a title word in another inflection
)

var kinds = []string{kindTitle, kindFolded, kindBody, kindInflection}

// knownItem is one query with the document it was made from.
type knownItem struct {
	Kind   string
	Query  string
	Target int // index into the corpus
	// Swapped is the word of a title-inflect query that stands in another
	// inflection, lower-cased, and Original the title's own form of it.
	Swapped, Original string
}

// generator makes known-item queries. It knows Swedish only through the
// corpus (which word forms occur) and a stop list: it never calls the
// analyzer under test.
type generator struct {
	docs  []doc
	vocab map[string]int // lower-cased word → documents containing it
	lower map[string]int // word → documents where it is written in lower case
	stop  map[string]bool
	// sentences counts the documents each sentence (its words, lower-cased)
	// occurs in: a sentence many documents share ("Remissvaren ska ha
	// kommit in till Finansdepartementet senast…") is no memory of one
	// document.
	sentences map[string]int
}

func newGenerator(docs []doc) *generator {
	g := &generator{docs: docs, vocab: map[string]int{}, lower: map[string]int{}, stop: map[string]bool{}, sentences: map[string]int{}}
	tm := analysis.NewTokenMap()
	_ = tm.LoadBytes(sv.SwedishStopWords) // an in-memory read cannot fail
	for w := range tm {
		g.stop[w] = true
	}
	for _, d := range docs {
		seen := map[string]bool{}
		for _, sn := range sentencesOf(d.Body) {
			if k := sentenceKey(sn); !seen["\x01"+k] {
				seen["\x01"+k] = true
				g.sentences[k]++
			}
		}
		for _, w := range words(d.Title + "\n" + d.Body) {
			lw := strings.ToLower(w)
			if !seen[lw] {
				seen[lw] = true
				g.vocab[lw]++
			}
			if lw == w && !seen["\x00"+lw] {
				seen["\x00"+lw] = true
				g.lower[lw]++
			}
		}
	}
	return g
}

// words splits text into letter-and-digit runs.
func words(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
}

// content keeps the words a person would type: no stop words, no numbers,
// at least three letters.
func (g *generator) content(ws []string) []string {
	var out []string
	for _, w := range ws {
		lw := strings.ToLower(w)
		if g.stop[lw] || utf8.RuneCountInString(w) < 3 || strings.IndexFunc(w, unicode.IsLetter) < 0 {
			continue
		}
		if strings.IndexFunc(w, unicode.IsDigit) >= 0 {
			continue
		}
		out = append(out, w)
	}
	return out
}

// sample draws n documents with the seed, never one of exclude, and makes
// every kind of query for each (a kind that does not apply to a
// document, such as folding a title without å/ä/ö, is left out).
func (g *generator) sample(seed uint64, n int, exclude map[int]bool) ([]knownItem, map[int]bool) {
	rng := rand.New(rand.NewPCG(seed, seed^0x5eed))
	order := rng.Perm(len(g.docs))
	picked := map[int]bool{}
	var items []knownItem
	for _, i := range order {
		if len(picked) == n {
			break
		}
		if exclude[i] {
			continue
		}
		qs := g.queries(rng, i)
		if qs == nil {
			continue
		}
		picked[i] = true
		items = append(items, qs...)
	}
	return items, picked
}

// queries makes the queries for one document, or nil when its title has
// fewer than two content words or its body no sentence to draw from.
func (g *generator) queries(rng *rand.Rand, i int) []knownItem {
	d := g.docs[i]
	tw := g.content(words(d.Title))
	if len(tw) < 2 {
		return nil
	}
	body := g.sentenceWords(rng, d.Body)
	if body == nil {
		return nil
	}
	k := min(len(tw), 2+rng.IntN(3)) // 2–4 words
	title := g.pick(rng, tw, k)
	out := []knownItem{
		{Kind: kindTitle, Query: strings.Join(title, " "), Target: i},
		{Kind: kindBody, Query: strings.Join(body, " "), Target: i},
	}
	if f := g.foldedQuery(rng, tw, title); f != "" {
		out = append(out, knownItem{Kind: kindFolded, Query: f, Target: i})
	}
	if q, alt, orig := g.inflected(rng, title); q != "" {
		out = append(out, knownItem{Kind: kindInflection, Query: q, Target: i, Swapped: alt, Original: orig})
	}
	return out
}

// pick chooses k of ws at random, keeping their order. As in simulated
// known-item queries (Azzopardi, de Rijke and Balog, SIGIR 2007,
// "discriminative" term selection), a word is drawn with probability
// proportional to its inverse document frequency in the corpus: people
// remember and type what sets a document apart more often than what every
// document says. Repeated words count once.
func (g *generator) pick(rng *rand.Rand, ws []string, k int) []string {
	var uniq []int
	seen := map[string]bool{}
	for i, w := range ws {
		if lw := strings.ToLower(w); !seen[lw] {
			seen[lw] = true
			uniq = append(uniq, i)
		}
	}
	k = min(k, len(uniq))
	n := float64(len(g.docs))
	weight := make([]float64, len(uniq))
	for j, i := range uniq {
		weight[j] = math.Log(n/float64(max(g.vocab[strings.ToLower(ws[i])], 1))) + 0.01
	}
	var idx []int
	for len(idx) < k {
		total := 0.0
		for _, w := range weight {
			total += w
		}
		x := rng.Float64() * total
		j := 0
		for ; j < len(weight)-1; j++ {
			if weight[j] > 0 && x < weight[j] {
				break
			}
			x -= weight[j]
		}
		for weight[j] == 0 { // rounding at the end: the last word not taken
			j--
		}
		idx = append(idx, uniq[j])
		weight[j] = 0
	}
	sort.Ints(idx)
	out := make([]string, len(idx))
	for j, x := range idx {
		out[j] = ws[x]
	}
	return out
}

func sentencesOf(body string) []string {
	return strings.FieldsFunc(body, func(r rune) bool { return r == '.' || r == '!' || r == '?' || r == '\n' })
}

func sentenceKey(s string) string { return strings.ToLower(strings.Join(words(s), " ")) }

// sentenceWords picks a sentence of at least five content words from the
// body, one that no other document has, and returns three or four of its
// words, in order.
func (g *generator) sentenceWords(rng *rand.Rand, body string) []string {
	var cands [][]string
	for _, s := range sentencesOf(body) {
		if g.sentences[sentenceKey(s)] > 1 {
			continue
		}
		if cw := g.content(words(s)); len(cw) >= 5 {
			cands = append(cands, cw)
		}
	}
	if len(cands) == 0 {
		return nil
	}
	s := cands[rng.IntN(len(cands))]
	return g.pick(rng, s, 3+rng.IntN(2))
}

var folder = strings.NewReplacer("å", "a", "ä", "a", "ö", "o", "Å", "A", "Ä", "A", "Ö", "O", "é", "e", "É", "E")

func hasDiacritic(w string) bool { return folder.Replace(w) != w }

// foldedQuery is the title query typed without å/ä/ö; when the words
// drawn have none, one title word that has them replaces a drawn word.
// "" when the title has no such word.
func (g *generator) foldedQuery(rng *rand.Rand, all, title []string) string {
	var with []string
	for _, w := range all {
		if hasDiacritic(w) {
			with = append(with, w)
		}
	}
	if len(with) == 0 {
		return ""
	}
	q := append([]string{}, title...)
	found := false
	for _, w := range q {
		found = found || hasDiacritic(w)
	}
	if !found {
		w := with[rng.IntN(len(with))]
		dup := false
		for _, x := range q {
			dup = dup || x == w
		}
		if !dup {
			q[rng.IntN(len(q))] = w
		}
	}
	return folder.Replace(strings.Join(q, " "))
}

// Swedish inflectional endings of nouns and adjectives, longest first;
// the generator swaps one for another and keeps the result only when the
// corpus uses it as a word.
var endings = []string{
	"ornas", "arnas", "ernas", "orna", "arna", "erna", "ens", "ets",
	"or", "ar", "er", "en", "et", "na", "ne", "a", "e", "n", "t", "",
}

// inflected replaces one title word with another form of it that the
// corpus uses (another ending on the same stem), preferring the most
// common such form, with that form and the word it replaced (lower-cased);
// "" when no word of the query has one.
func (g *generator) inflected(rng *rand.Rand, title []string) (q, alt, orig string) {
	order := rng.Perm(len(title))
	for _, j := range order {
		w := strings.ToLower(title[j])
		if utf8.RuneCountInString(w) < 4 || g.lower[w] < 3 {
			continue // short, or a name (never written in lower case)
		}
		if alt := g.otherForm(w); alt != "" {
			q := append([]string{}, title...)
			q[j] = alt
			return strings.Join(q, " "), alt, w
		}
	}
	return "", "", ""
}

func (g *generator) otherForm(w string) string {
	best, bestN := "", 0
	for _, e := range endings {
		if !strings.HasSuffix(w, e) {
			continue
		}
		stem := strings.TrimSuffix(w, e)
		if utf8.RuneCountInString(stem) < 4 {
			continue
		}
		for _, e2 := range endings {
			if e2 == e {
				continue
			}
			cand := stem + e2
			if cand == w || g.stop[cand] {
				continue
			}
			// a genitive -s alone is no form anyone types
			if strings.HasSuffix(cand, "s") && !strings.HasSuffix(w, "s") && strings.TrimSuffix(cand, "s") == w {
				continue
			}
			if !g.sameWord(stem, e, e2) {
				continue
			}
			// a form the corpus writes in lower case in several documents:
			// a word, not a name or a typo
			if n := g.lower[cand]; n >= 5 && (n > bestN || n == bestN && cand < best) {
				best, bestN = cand, n
			}
		}
	}
	return best
}

// sameWord reports whether stem+e and stem+e2 can be two inflections of
// one word, by the forms the corpus writes (not by the analyzer under
// test): swapping endings by string also turns one word into another of
// another class (nytt → nytta, skydd → skydda, bättre → bättra, besöker
// → besöket, besök → besöker, testa → test), which is no query of this
// kind.
//   - A form in -ar or -er is a verb's present when the corpus writes the
//     infinitive (stem+a) and not a definite plural (-arna, -erna), and
//     a verb's infinitive is stem+a when such a present exists (a stem
//     that ends like an adjective's is none: militärer, militära). A
//     verb's form pairs only with another of the verb (sprider, sprida;
//     sänka, sänkt); a noun's plural never with an infinitive (åtgärder,
//     åtgärda).
//   - A bare -a added or taken away is otherwise an adjective's (svensk,
//     svenska): only when the corpus writes the neuter in -t too, or the
//     stem ends like an adjective (-isk, -lig, -ig, …); else it turns a
//     noun or an adjective's neuter into another word (skydd, skydda;
//     nytt, nytta).
//   - -e and -a are no endings of one Swedish word (bättre, bättra), and
//     a bare -e comes and goes only on a participle in -d (ökad, ökade;
//     not invandrare, whose invandrar- is a compound's first part).
//   - -or, -orna belong to nouns in -a (skola, skolor): they pair with
//     each other and -a only (not nytt, nyttor).
func (g *generator) sameWord(stem, e, e2 string) bool {
	const seen = 3 // documents writing a form in lower case
	present := func(x string) bool {
		return (x == "ar" || x == "er") && g.lower[stem+x] >= seen && g.lower[stem+"a"] >= seen && g.lower[stem+x+"na"] < seen && !adjectiveStem(stem)
	}
	verb := func(x string) bool {
		return present(x) || x == "a" && (present("ar") || present("er"))
	}
	pair := func(a, b string) bool { return e == a && e2 == b || e == b && e2 == a }
	orForm := map[string]bool{"a": true, "or": true, "orna": true, "ornas": true}
	switch {
	case pair("a", "t") && (verb("a") || verb("t")):
		return true // the infinitive and the participle (sänka, sänkt)
	case verb(e) || verb(e2):
		return verb(e) && verb(e2)
	case (e == "ar" || e == "er") && e2 == "a", (e2 == "ar" || e2 == "er") && e == "a":
		return false // a noun's plural and a verb
	case pair("", "a"):
		return g.lower[stem+"t"] >= seen || adjectiveStem(stem)
	case pair("e", "a"):
		return false
	case pair("", "e"):
		return strings.HasSuffix(stem, "d") // a participle's (ökad, ökade)
	case e != "a" && orForm[e] || e2 != "a" && orForm[e2]:
		return orForm[e] && orForm[e2]
	}
	return true
}

// adjectiveStem reports whether a stem ends as Swedish adjectives do.
func adjectiveStem(stem string) bool {
	for _, suf := range []string{"isk", "lig", "ig", "ell", "iv", "är", "bar", "sam", "ös"} {
		if strings.HasSuffix(stem, suf) {
			return true
		}
	}
	return false
}
