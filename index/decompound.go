package index

import (
	"math"
	"unicode/utf8"
)

// Compound splitting
//
// Swedish writes compounds as one word (arbetsmarknadspolitiken). At index
// time splitCompound finds the dictionary words a compound is made of and
// the analyzers emit their lemmas as extra tokens at the compound's
// position, so a query for "arbetsmarknad" finds the compound. Which
// segmentation is right is decided by frequency (Koehn & Knight 2003): the
// parts' document frequencies, averaged geometrically, must beat the
// frequency of the whole word. A frequent word is therefore rarely split
// ("regeringen" is not rege|ringen, "kommunikation" not kommun|ikation),
// while a rare compound of common words is.

// minPartRunes is the shortest compound part, in letters. Shorter parts
// ("sök", "lot", "arm") split far more unrelated words than compounds; only
// the three-letter words in data/short_parts.txt (lag, råd, hög...) are
// parts too.
const (
	minPartRunes      = 4
	minShortPartRunes = 3
)

// maxSplitBytes bounds the length of a word we try to split; longer tokens
// are URLs, chemical names or garbage.
const maxSplitBytes = 64

// maxSegmentVisits bounds the search over segmentations of one word.
const maxSegmentVisits = 2000

// splitter finds compound parts of one word.
type splitter struct {
	w         string
	d         *swedishDict
	cur, best []int // boundaries (ends of parts) of the current and best segmentation
	bestScore float64
	visits    int
	minDF     uint32 // parts rarer than this are not considered
}

// part reports whether w[i:j] is a compound part, with the dictionary word
// it stands for, the end of its surface and its document frequency. A part
// that is not last may have lost a final -a or -e (skol|verket: skola,
// arbetsgivar|avgifter: arbetsgivare), may end in -o for -a (kvinno|frid)
// and may end in a linking -s- (arbetsmarknads|politik, arbets|marknad:
// arbete); of these readings the most frequent word wins. The last part is
// any dictionary word (the dictionary holds inflected forms too).
func (s *splitter) part(i, j int) (word string, end int, df uint32) {
	p := s.w[i:j]
	if utf8.RuneCountInString(p) < minShortPartRunes || s.d.bad[p] {
		return "", 0, 0
	}
	// Readings are looked up from a buffer without allocating; only the
	// winner becomes a string.
	var buf [maxSplitBytes + 1]byte
	var best []byte
	// A reading must keep at least minPartRunes letters of the surface,
	// or be a listed short part spelled out in full (lag|stiftning).
	try := func(surface string, add byte, e int) {
		cand := append(buf[:0], surface...)
		if add != 0 {
			cand = append(cand, add)
		}
		if utf8.RuneCountInString(s.w[i:e]) < minPartRunes && !(add == 0 && s.d.short[string(cand)]) {
			return
		}
		if n, ok := s.d.words[string(cand)]; ok && n > df && n >= s.minDF && !s.d.bad[string(cand)] {
			best = append(best[:0], cand...)
			end, df = e, n
		}
	}
	try(p, 0, j)
	if j == len(s.w) {
		if df > 0 {
			word = string(best)
		}
		// The last part may be inflected: count its base form's
		// documents too (enheterna: enhet).
		if b, ok := baseForm(p, s.d.words); ok && b != p && !s.d.bad[b] &&
			(s.d.short[b] || utf8.RuneCountInString(b) >= minPartRunes) {
			if n := s.d.words[b]; n > df && n >= s.minDF {
				word, end, df = p, j, n
			}
		}
		return word, end, df
	}
	try(p, 'a', j)
	try(p, 'e', j)
	last := p[len(p)-1]
	if last == 'o' {
		try(p[:len(p)-1], 'a', j)
	}
	if last == 's' {
		stem := p[:len(p)-1]
		try(stem, 0, j-1)
		try(stem, 'e', j-1)
		try(stem, 'a', j-1)
	}
	if df > 0 {
		word = string(best)
	}
	return word, end, df
}

// search extends the segmentation s.cur (ending at i, with sum of log
// frequencies logSum) in every possible way and remembers the best complete
// one: the highest geometric mean of its parts' document frequencies.
func (s *splitter) search(i int, logSum float64) {
	s.visits++
	if s.visits > maxSegmentVisits {
		return
	}
	n := len(s.w)
	for j := i + minShortPartRunes; j <= n; j++ {
		if j < n && !utf8.RuneStart(s.w[j]) {
			continue
		}
		if i == 0 && j == n {
			continue // the whole word is not a split
		}
		if j < n && n-j < minShortPartRunes {
			j = n - 1 // too little left for a last part: try the end
			continue
		}
		_, _, df := s.part(i, j)
		if df == 0 {
			continue
		}
		s.cur = append(s.cur, j)
		ls := logSum + math.Log(float64(df))
		if j == n {
			if score := ls / float64(len(s.cur)); score > s.bestScore {
				s.bestScore = score
				s.best = append(s.best[:0], s.cur...)
			}
		} else {
			s.search(j, ls)
		}
		s.cur = s.cur[:len(s.cur)-1]
	}
}

// A segmentation is used when the geometric mean of its parts' frequencies
// exceeds splitFactor times the frequency of the whole word, and every part
// occurs in at least minPartDF documents and in minPartDFRatio times as many
// documents as the whole word: a common word is not split into a common
// word and a rare fragment (delta|gare).
const (
	splitFactor    = 0.1
	minPartDF      = 10
	minPartDFRatio = 0.01
)

// splitCompound returns the compound parts of the lowercased word w (whose
// lemma is term). It picks the best segmentation of w into dictionary
// words and, if it beats the whole word, returns every dictionary word
// spanning whole parts of it (for arbets|marknads|politiken: arbete,
// arbetsmarknad, marknad, marknadspolitik, politik) as its lemma, with the
// byte offsets of its surface within w. Parts equal to term are left out.
func splitCompound(d *swedishDict, w, term string) []compoundPart {
	if len(w) < 2*minShortPartRunes || len(w) > maxSplitBytes {
		return nil
	}
	whole := d.words[w]
	s := splitter{w: w, d: d, bestScore: math.Inf(-1), minDF: max(minPartDF, uint32(float64(whole)*minPartDFRatio))}
	s.search(0, 0)
	if s.best == nil {
		return nil
	}
	if whole > 0 && s.bestScore <= math.Log(float64(whole)*splitFactor) {
		return nil
	}
	bounds := append([]int{0}, s.best...)
	var parts []compoundPart
	for a := 0; a < len(bounds); a++ {
		for b := a + 1; b < len(bounds); b++ {
			i, j := bounds[a], bounds[b]
			if i == 0 && j == len(w) {
				continue
			}
			word, end, df := s.part(i, j)
			if df == 0 {
				continue
			}
			t := lemma(word, d.words)
			if t == term || hasPart(parts, t) {
				continue
			}
			parts = append(parts, compoundPart{
				term:   []byte(t),
				folded: []byte(lemma(foldSwedish(word), d.folded)),
				start:  i,
				end:    end,
			})
		}
	}
	return parts
}

func hasPart(parts []compoundPart, term string) bool {
	for _, p := range parts {
		if string(p.term) == term {
			return true
		}
	}
	return false
}
