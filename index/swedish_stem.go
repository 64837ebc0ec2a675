package index

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Swedish stemming
//
// The analyzers reduce a word to its base form (lemma) with the word list
// instead of the Snowball stemmer. Snowball removes one suffix per call, and
// the base form of a word may itself end in something that looks like a
// suffix, so one pass maps "arbetsmarknad" -> "arbetsmarkn" but
// "arbetsmarknaden" -> "arbetsmarknad", "sökandelots" -> "sökandelot" but
// "sökandelotsen" -> "sökandelots", and leaves "projektet" whole; applying it
// until nothing changes fixes that but then over-stems ("kompensera" and
// "kompetens" -> "komp", "insats" and "inser" -> "ins"). Snowball also strips
// derivational suffixes, conflating "deltagare" with "deltagande",
// "jämställd" with "jämställdhet" and "stat" with "statlig".
//
// lemma strips only inflectional endings, and only when what is left is a
// word of the corpus: "projektets" -> "projekt" because "projekt" occurs on
// its own; "kvinnorna" -> "kvinna" because the base of an -or plural lost
// its final -a. The shortest such base wins, so every
// form of a word reaches the same base. A word that is not in the list (a
// rare compound) gets the lemma of its longest known final part:
// "tigerbevarandeprojektet" -> "tigerbevarandeprojekt".

// inflEndings are Swedish inflectional endings of nouns and adjectives, with
// their genitives, longest first within each family. A bare -e is left out:
// it is rarely an inflection and mostly maps English words ("state").
var inflEndings = []string{
	"ornas", "arnas", "ernas",
	"orna", "arna", "erna",
	"ors", "ars", "ers", "ens", "ets", "nas", "rs", "ns", "ts", "as",
	"or", "ar", "er", "en", "et", "na", "r", "n", "t", "a", "s",
}

// minBaseRunes is the shortest base an ending may be stripped to; bases of
// exactly minBaseRunes letters must be common (shortBaseDF).
const (
	minBaseRunes = 3
	shortBaseDF  = 20
)

// corpusLemma returns the base form of the lowercased word w using words
// (the corpus word list; the folded list for a folded w): the fallback for
// words the lexicon does not know and cannot split (names, foreign
// words). A word it cannot analyse is returned as it is.
func corpusLemma(w string, words map[string]uint32) string {
	b, ok := baseForm(w, words)
	if !ok {
		b = w
	}
	// A compound whose base is not in the list (kommunförbundet: no
	// "kommunförbund") or that is not in the list at all
	// (tigerbevarandeprojektet) takes the base of its longest final part
	// that is an inflected word (förbundet -> förbund, projektet ->
	// projekt): at least four letters, after at least three.
	out := b
	finalParts(b, func(i int, tail string) bool {
		if tb, ok := baseForm(tail, words); ok && tb != tail {
			out = b[:i] + tb
			return false
		}
		return true
	})
	return out
}

// finalParts calls fn with each final part of w that lemma tries, longest
// first: at least four letters, after at least three; fn returns false to
// stop.
func finalParts(w string, fn func(i int, tail string) bool) {
	runes := 0
	for i := range w {
		if runes >= 3 {
			tail := w[i:]
			if utf8.RuneCountInString(tail) < 4 || !fn(i, tail) {
				return
			}
		}
		runes++
	}
}

// baseForm finds the shortest base of w in words: w minus an inflectional
// ending, possibly with a final -a or -e restored (kvinn|orna -> kvinna,
// deltagar|na -> deltagare). w itself counts if it is in words.
func baseForm(w string, words map[string]uint32) (string, bool) {
	_, known := words[w]
	best := ""
	if known {
		best = w
	}
	bases(w, words, func(b string) bool {
		best = b
		return true
	}, func(stem string) bool { return len(best) > 0 && len(stem) >= len(best) })
	return best, best != ""
}

// bases calls found with every base of w in words (see baseForm), one per
// ending, longest ending first; skip, when not nil, says which stems (w
// minus an ending) need no look-up.
func bases(w string, words map[string]uint32, found func(string) bool, skip func(string) bool) {
	df, known := words[w]
	var buf [maxSplitBytes + 1]byte
	for _, e := range inflEndings {
		if len(w) <= len(e) || !strings.HasSuffix(w, e) {
			continue
		}
		b := w[:len(w)-len(e)]
		if skip != nil && skip(b) {
			continue
		}
		n := utf8.RuneCountInString(b)
		if n < minBaseRunes || len(b) >= len(buf) {
			continue
		}
		restore := [3]byte{0, 'a', 'e'}
		if e == "na" || e == "nas" {
			// deltagar|na: deltagare, before the verb form "deltagar".
			restore = [3]byte{'e', 0, 'a'}
		}
		for _, v := range restore {
			cand := append(buf[:0], b...)
			if v != 0 {
				if !restoreOK(e, v) {
					continue
				}
				cand = append(cand, v)
			} else if e[0] == 'o' {
				// -or plurals belong to -a nouns: "projektor" is
				// not a form of "projekt".
				continue
			}
			bdf, ok := words[string(cand)] // no allocation
			if !ok || (n == minBaseRunes && bdf < shortBaseDF) {
				continue
			}
			// A final -s is a genitive only if the base is at least as
			// common as the -s form ("kurs" is not a form of "kur"), a
			// final -t a neuter form if the base is not much rarer
			// ("kommunist" is not a form of "kommunis").
			if known && ((e == "s" && bdf < df) || (e == "t" && 4*bdf < df)) {
				continue
			}
			// -n, -na, -r (and their genitives) follow a vowel:
			// "barn" is not a form of "bar".
			if (e[0] == 'n' || e[0] == 'r') && !endsInVowel(string(cand)) {
				continue
			}
			if !found(string(cand)) {
				return
			}
			break
		}
	}
}

func endsInVowel(s string) bool {
	r, _ := utf8.DecodeLastRuneInString(s)
	return isSwedishVowel(r)
}

func isSwedishVowel(r rune) bool {
	switch r {
	case 'a', 'e', 'i', 'o', 'u', 'y', 'ä', 'å', 'ö', 'é':
		return true
	}
	return false
}

// restoreOK tells whether a base that lost its final vowel v takes ending
// e: -a nouns make -or plurals (kvinna -> kvinnor), -are nouns -na
// (deltagare -> deltagarna). (-e nouns with -ar plurals, pojke -> pojkar,
// are not restored: arbet|arna would become "arbete", not "arbetare".)
func restoreOK(e string, v byte) bool {
	switch v {
	case 'a':
		return strings.HasPrefix(e, "or")
	case 'e':
		return e == "na" || e == "nas"
	}
	return false
}

// foldSwedish maps å/ä/ö and other Latin letters with diacritics to their
// ASCII base letter ("sökandelots" -> "sokandelots"). It returns s itself when
// there is nothing to fold.
func foldSwedish(s string) string {
	ascii := true
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			ascii = false
			break
		}
	}
	if ascii {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		if r < latinEnd {
			b.WriteString(foldLatin[r])
		} else if f, ok := foldTable[r]; ok {
			b.WriteString(f)
		} else {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// latinEnd bounds the runes of foldLatin and lowerFoldLatin: Latin-1 and
// Latin Extended-A and -B, where every letter of foldTable is.
const latinEnd = 0x250

// foldLatin and lowerFoldLatin are what foldTable and unicode.ToLower make
// of each rune below latinEnd, as arrays: a map look-up per letter with a
// diacritic was a tenth of the snippets' scan (AppendFold).
var foldLatin, lowerFoldLatin = func() (fold, lowerFold [latinEnd]string) {
	one := func(r rune) string {
		if f, ok := foldTable[r]; ok {
			return f
		}
		return string(r)
	}
	for r := range rune(latinEnd) {
		fold[r] = one(r)
		lowerFold[r] = one(unicode.ToLower(r))
	}
	return fold, lowerFold
}()

var foldTable = map[rune]string{
	'å': "a", 'ä': "a", 'à': "a", 'á': "a", 'â': "a", 'ã': "a", 'ā': "a",
	'æ': "ae",
	'ç': "c", 'č': "c", 'ć': "c",
	'é': "e", 'è': "e", 'ê': "e", 'ë': "e", 'ē': "e", 'ę': "e",
	'í': "i", 'ì': "i", 'î': "i", 'ï': "i",
	'ñ': "n", 'ń': "n",
	'ö': "o", 'ø': "o", 'ó': "o", 'ò': "o", 'ô': "o", 'õ': "o", 'ő': "o",
	'š': "s", 'ś': "s", 'ß': "ss",
	'ü': "u", 'ú': "u", 'ù': "u", 'û': "u", 'ű': "u",
	'ý': "y", 'ÿ': "y",
	'ž': "z", 'ź': "z", 'ż': "z",
	'ł': "l",
}
