package index

import (
	"strings"
	"unicode/utf8"

	"github.com/blevesearch/snowballstem"
	"github.com/blevesearch/snowballstem/swedish"
)

// maxStemRounds bounds the fixpoint loop in stemSwedish. Real words converge
// in at most three rounds; the bound only guards against a pathological cycle.
const maxStemRounds = 8

// snowballSwedish is one pass of the Snowball Swedish stemmer (the one bleve's
// "sv" analyzer uses).
func snowballSwedish(w string) string {
	env := snowballstem.NewEnv(w)
	swedish.Stem(env)
	return env.Current()
}

// stemSwedish maps a lowercased Swedish word to a normal form that all of its
// inflected forms share. Snowball removes one suffix per call, which is not
// idempotent: the bare form may end in something that looks like a suffix
// ("arbetsmarknad" -> "arbetsmarkn") while the inflected form only loses its
// real ending ("arbetsmarknaden" -> "arbetsmarknad"). Applying Snowball until
// nothing changes makes both meet ("arbetsmarkn"). Snowball also has no rule
// for the definite neuter ending -et ("projektet", "arbetet", "barnet"); when
// Snowball is done we strip a final "et" inside R1 and continue, so
// "projektet" and "projekt" meet too.
func stemSwedish(w string) string {
	s := w
	for i := 0; i < maxStemRounds; i++ {
		n := snowballSwedish(s)
		if n == s {
			n = stripEt(s)
			if n == s {
				return s
			}
		}
		s = n
	}
	return s
}

// stripEt removes a final "et" when it lies inside R1 (Snowball's region after
// the first non-vowel that follows a vowel, at least three letters in).
func stripEt(s string) string {
	if !strings.HasSuffix(s, "et") {
		return s
	}
	if r1Start(s) > len(s)-2 {
		return s
	}
	return s[:len(s)-2]
}

// r1Start returns the byte offset where Snowball's R1 region starts in s:
// after the first non-vowel following a vowel, but never before the third
// letter.
func r1Start(s string) int {
	seenVowel := false
	runes := 0
	for i, r := range s {
		runes++
		if isSwedishVowel(r) {
			seenVowel = true
			continue
		}
		if seenVowel {
			end := i + utf8.RuneLen(r)
			if runes < 3 {
				// R1 starts after the third letter at the earliest.
				return nthRuneEnd(s, 3)
			}
			return end
		}
	}
	return len(s)
}

func nthRuneEnd(s string, n int) int {
	c := 0
	for i, r := range s {
		c++
		if c == n {
			return i + utf8.RuneLen(r)
		}
	}
	return len(s)
}

func isSwedishVowel(r rune) bool {
	switch r {
	case 'a', 'e', 'i', 'o', 'u', 'y', 'ä', 'å', 'ö':
		return true
	}
	return false
}

// foldSwedish maps å/ä/ö and other Latin letters with diacritics to their
// ASCII base letter ("sökandelot" -> "sokandelot", "övertorne" -> "overtorne").
// It returns s itself when there is nothing to fold.
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
		if f, ok := foldTable[r]; ok {
			b.WriteString(f)
		} else {
			b.WriteRune(r)
		}
	}
	return b.String()
}

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
