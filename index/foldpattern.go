package index

import (
	"errors"
	"slices"
	"strings"
	"unicode/utf8"
)

// Words typed without å/ä/ö.
//
// The index keeps each word as written (its base form, in the text
// fields). A word typed without diacritics finds the spellings with them
// at query time: FoldedForms lists the folded words it may stand for,
// (*Index).FoldedTerms looks them up in each segment's fold table (its
// terms with diacritics, sorted by their folded spelling: foldtable.go)
// and returns those terms (the plain query finds the others). FoldPattern
// spells the same look-up as a regular expression ("sokandelots" becomes
// [sšś][oöøóòôõő]k[aåäàáâãā]…); the search uses it to bound the words it
// looks up, and the tests use it as the reference the fold tables must
// agree with. An earlier design indexed a folded
// copy of every word with diacritics; it cost an eighth of the ingest
// time.

// MaxFoldedRunes bounds the words looked for with their diacritics: the
// pattern grows with the square of the length (and no Swedish word is this
// long).
const MaxFoldedRunes = 40

// unfold maps an ASCII letter to the letters that fold to it (foldTable),
// in a stable order.
var unfold = func() map[rune][]rune {
	m := map[rune][]rune{}
	for r, f := range foldTable {
		if utf8.RuneCountInString(f) == 1 {
			a, _ := utf8.DecodeRuneInString(f)
			m[a] = append(m[a], r)
		}
	}
	for a := range m {
		rs := m[a]
		for i := 1; i < len(rs); i++ {
			for j := i; j > 0 && rs[j] < rs[j-1]; j-- {
				rs[j], rs[j-1] = rs[j-1], rs[j]
			}
		}
	}
	return m
}()

// FoldPattern returns a regular expression (whole term) matching the
// terms that fold (foldSwedish) to one of forms, or, with prefix, start
// with a word that folds to forms[0]. ok is false when no letter of the
// forms has a form with a diacritic, or a form is longer than
// MaxFoldedRunes. Folds of one letter to two ("æ" to "ae", "ß" to "ss")
// are not reversed.
func FoldPattern(forms []string, prefix bool) (pattern string, ok bool) {
	var alts []string
	for _, f := range forms {
		if utf8.RuneCountInString(f) > MaxFoldedRunes {
			return "", false
		}
		var b strings.Builder
		for _, r := range f {
			if u := unfold[r]; len(u) > 0 {
				ok = true
				b.WriteString("[" + string(r) + string(u) + "]")
			} else {
				b.WriteString(quoteRune(r))
			}
		}
		alts = append(alts, b.String())
		if prefix {
			break
		}
	}
	if !ok {
		return "", false
	}
	pattern = alts[0]
	if len(alts) > 1 {
		pattern = "(?:" + strings.Join(alts, "|") + ")"
	}
	if prefix {
		pattern += ".*"
	}
	return pattern, true
}

// quoteRune writes a rune for a regular expression.
func quoteRune(r rune) string {
	if r < utf8.RuneSelf && strings.ContainsRune(`\.+*?()|[]{}^$`, r) {
		return `\` + string(r)
	}
	return string(r)
}

// FoldedForms returns the folded words a word typed without diacritics may
// stand for in the text fields: itself, the folded base of every lexicon
// form spelled like it but for diacritics ("bockerna": böckerna, so bok;
// "samhallet": samhälle), for an unknown compound the same for its final
// parts ("sokandelotsen": sokandelots), and the bases the corpus's folded
// word list allows. Folding merges words ("läge", "låg", "lag"), so one
// base alone would miss some.
//
// The answer is remembered (foldedFormsCache): a query's words recur from
// search to search, and the lexicon walk allocates a state per step. The
// list is shared; do not modify it.
func FoldedForms(typed string) []string {
	return foldedFormsCache.get(typed, clipped(foldedForms))
}

// foldedFormsCache and foldedBasesCache hold FoldedForms' and FoldedBases'
// answers for 8,192 typed words each (a few hundred KB).
var foldedFormsCache, foldedBasesCache = wordCache[[]string]{perShard: 256}, wordCache[[]string]{perShard: 256}

// clipped returns f with its lists' capacity cut to their length, so that
// a caller appending to a shared list copies it.
func clipped(f func(string) []string) func(string) []string {
	return func(w string) []string { return slices.Clip(f(w)) }
}

func foldedForms(typed string) []string {
	w := Fold(typed)
	out := []string{w}
	add := func(s string) bool {
		for _, o := range out {
			if o == s {
				return true
			}
		}
		out = append(out, s)
		return true
	}
	l, d, err := loadSwedish()
	if err != nil {
		return out
	}
	found := false
	l.foldedForms(w, 32, func(form string, v lexValue) {
		if v.is(LexWord) {
			found = true
			l.wordBases(form, v, func(b string) { add(foldSwedish(b)) })
		} else if v.is(LexBegin | LexMiddle) {
			// a compound's first part cut off before a hyphen
			// ("lärar- och"): the word it stands for
			found = true
			add(foldSwedish(l.compBase(form, v, false)))
		}
	})
	add(corpusLemma(w, d.folded))
	bases(w, d.folded, add, nil)
	// and the bases of a compound's final parts
	finalParts(w, func(i int, tail string) bool {
		bases(tail, d.folded, func(b string) bool { return add(w[:i] + b) }, nil)
		if !found {
			l.foldedForms(tail, 8, func(form string, v lexValue) {
				l.wordBases(form, v, func(b string) { add(w[:i] + foldSwedish(b)) })
			})
		}
		return true
	})
	return out
}

// IsWord reports whether a word (lower-cased) is a Swedish word as
// typed: a form of the lexicon, or, typed without diacritics, one but for
// them ("ohalsa": ohälsa). A correctly spelled word that no document holds
// is no typo: did-you-mean leaves it as it is.
func IsWord(typed string) bool {
	l, err := loadLexicon()
	if err != nil || typed == "" {
		return false
	}
	if v, ok := l.get(typed); ok && v.is(LexWord) {
		return true
	}
	if Fold(typed) != typed {
		return false
	}
	found := false
	l.foldedForms(typed, 32, func(_ string, v lexValue) { found = found || v.is(LexWord) })
	return found
}

// FoldedBases returns the base forms without diacritics of the lexicon's
// words written with them that a word typed without diacritics may stand
// for: an inflected form whose base keeps no å/ä/ö ("bockerna": böckerna,
// so bok; "storstader": storstäder, so storstad; "storre": större, so
// stor). Such a base is a plain term of the text fields, so the look-up of
// terms with diacritics (FoldedForms, FoldedTerms) does not find it, and
// the typed word's own analysis does not reach it (bockerna is no form of
// the lexicon). The typed word's own base (QueryTerms) is left out.
//
// The answer is remembered as FoldedForms' is; do not modify it.
func FoldedBases(typed string) []string {
	return foldedBasesCache.get(typed, clipped(foldedBases))
}

func foldedBases(typed string) []string {
	w := Fold(typed)
	l, err := loadLexicon()
	if err != nil || w == "" {
		return nil
	}
	own := map[string]bool{}
	if ts, err := QueryTerms(AnalyzerText, typed); err == nil {
		for _, t := range ts {
			own[t] = true
		}
	}
	var out []string
	found := false
	add := func(head, tail string) {
		l.foldedForms(tail, 32, func(form string, v lexValue) {
			if !v.is(LexWord) {
				return
			}
			found = true
			if form == tail {
				return
			}
			l.wordBases(form, v, func(base string) {
				b := head + base
				if foldSwedish(b) != b || own[b] || slices.Contains(out, b) {
					return
				}
				out = append(out, b)
			})
		})
	}
	add("", w)
	if !found {
		// an unknown compound: its longest final part the lexicon
		// knows, as the index's term of it (skolböckerna: skolbok)
		finalParts(w, func(i int, tail string) bool {
			add(w[:i], tail)
			return !found
		})
	}
	return out
}

// ErrTooManyTerms means a pattern matched more terms than allowed.
var ErrTooManyTerms = errors.New("too many terms match")
