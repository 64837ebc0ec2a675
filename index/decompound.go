package index

import (
	"math"
	"slices"
	"strings"
	"unicode/utf8"
)

// Compound splitting
//
// Swedish writes compounds as one word (arbetsmarknadspolitiken). The
// analyzers find the words a compound is made of with the lexicon
// (lexicon.go, from Hunspell) and its compound rules: a split is accepted
// only when every part is a lexicon form allowed where it stands — first
// (COMPOUNDBEGIN: kvinno-, arbets-, flick-, barn), inside (COMPOUNDMIDDLE:
// -marknads-) or last (a word form whose stem may end a compound: -städerna,
// -böcker, -lots; or any noun form: Hunspell-sv leaves COMPOUNDEND off some
// nouns that end compounds, such as del and stiftning). The lexicon's linking forms carry -s-, -e-, -a-, -u-, -o-
// and dropped final vowels (flick|skola, kyrko|gård, kvinno|projekt). Parts
// have three letters or more, so heads like lots, stad, bok and nät are
// found; stop words, the fragments in data/bad_parts.txt and derivational
// suffixes as last parts (-dom, -het, -skap ...) are never parts.
//
// A word the lexicon knows as a whole is split only when it inflects as its
// last part (a compound takes the gender and plural of its head: storstad
// as stad; kommunikation, handling and mandat have no such split), its last
// part is no derivational suffix (ungdom is not ung + dom), it is no verb
// form (handlade is not hand + lade), and the corpus does not speak against
// it: the first parts' document frequencies, averaged geometrically, must
// exceed a hundredth of the whole word's (the last part inflects as the whole,
// so the whole's occurrences speak for it). Among several splits the one
// whose parts are most frequent wins (Koehn & Knight 2003).
//
// A name (capitalised in the dictionary) is split only when its last part
// is a definite noun form, as the names of authorities, streets, bridges
// and seas are (Skolverket, Drottninggatan, Öresundsbron, Medelhavet); a
// bare head makes a place or person name, not a compound (Gävleborg,
// Strömstad, Borgström). A word the dictionary lists with no flags at all
// (biläggs, adverbs) is no compound.
//
// The last part of a word the lexicon knows, when its own letters read as
// no noun, is the form of the head that the whole's form is: the rest of
// the whole's base (lagförslagen: förslag, not the adjective förslagen;
// skolbänkar: bänk, not the verb bänka).
//
// Three equal consonants at a part boundary are written two (natt|tåg:
// nattåg, stopp|punkt: stoppunkt; Hunspell's SIMPLIFIEDTRIPLE): where no
// part begins after a part ending in a double consonant, the next may
// begin with its last letter, unless what follows is an inflectional
// ending (klubben is no klubb|ben).
//
// Parts that are compounds themselves are opened by the same rules
// (refine): luftfarts|avtal holds luft, as luftfart does, and
// kollektiv|avtalsvillkor holds kollektivavtal.

// minPartRunes is the shortest compound part, in letters.
const minPartRunes = 3

// maxSplitBytes bounds the length of a word we try to split; longer tokens
// are URLs, chemical names or garbage.
const maxSplitBytes = 64

// maxSegmentVisits bounds the search over segmentations of one word.
const maxSegmentVisits = 4000

// splitFactor: a lexicon word is split only if its first parts' geometric
// mean document frequency exceeds splitFactor times its own.
const splitFactor = 0.01

// edge is one candidate part w[i:j] of a split.
type edge struct {
	from  int // where the part starts (the part before may end after it: natt|tåg in nattåg)
	j     int
	base  string  // what the part stands for (compound or word base)
	score float64 // log document frequency of base, minus penalties
	class int     // the part's lexicon class
	end   bool    // a last part Hunspell lets end a compound (COMPOUNDEND)
}

// splitter finds the best split of one word.
type splitter struct {
	w         string
	l         *lexicon
	d         *swedishDict
	edges     [][]edge // by start
	done      []bool   // edges[i] computed
	curE      []edge
	bestE     []edge
	bestScore float64
	visits    int
	inner     bool   // w is a first or middle part of a larger compound
	base      string // a lexicon word's base form: no last part may start in its derivational suffix
}

func (s *splitter) partOK(p string) bool {
	return !isStopWord(p) && !s.d.bad[p]
}

func (s *splitter) df(base string) float64 {
	return math.Log(float64(s.d.words[base]) + 1)
}

// edgesAt lists every part the lexicon allows at position i (computed once,
// only for positions a split reaches).
func (s *splitter) edgesAt(i int) []edge {
	if s.done[i] {
		return s.edges[i]
	}
	s.done[i] = true
	n := len(s.w)
	if n-i < minPartRunes {
		return nil
	}
	for _, h := range s.l.formsAt(s.w, i) {
		j, v := i+h.n, h.v
		p := s.w[i:j]
		if i == 0 && j == n {
			continue
		}
		if j == n && s.inner {
			// the last part of a first or middle part must itself be
			// allowed inside a compound (kultur|minister is not
			// kul|tur|minister: tur never stands inside one)
			if v.is(LexMiddle) && s.partOK(p) {
				if base := s.l.compBase(p, v, false); s.partOK(base) {
					s.edges[i] = append(s.edges[i], edge{from: i, j: j, base: base, score: s.df(base), class: v.class()})
				}
			}
			continue
		}
		if j == n {
			if s.base != "" && cutsSuffix(s.base, len(s.base)-i) {
				continue // asylsökandes is not asylsök + andes
			}
			headBase := ""
			if hb, ok := strings.CutPrefix(s.base, s.w[:i]); ok && hb != p && (nounCore(s.l.classes[v.class()]) == "" || isVerbClass(s.l.classes[v.class()])) {
				// a lexicon word's last part read as no noun is the
				// form of the head that the whole's form is: its base
				// is the rest of the whole's base (lagförslagen:
				// förslag, not the adjective förslagen; skolbänkar:
				// bänk, not the verb bänka)
				if hv, ok := s.l.get(hb); ok && hv.is(LexWord) && s.l.wordBase(hb, hv, false) == hb && !isVerbClass(s.l.classes[hv.class()]) {
					v, headBase = hv, hb
				}
			}
			if v.is(LexWord) && (v.is(LexEnd) || mayEnd(s.l.classes[v.class()])) && s.partOK(p) {
				base := headBase
				if base == "" {
					base = s.l.wordBase(p, v, false)
				}
				if !s.partOK(base) || derivHeads[p] || derivHeads[base] || suffixForm(p) {
					continue
				}
				s.edges[i] = append(s.edges[i], edge{from: i, j: j, base: base, score: s.df(base), class: v.class(), end: v.is(LexEnd)})
			}
			continue
		}
		role := uint8(LexMiddle | LexBegin)
		if i == 0 {
			role = LexBegin
		}
		if v.is(role) {
			if base := s.l.compBase(p, v, false); s.partOK(p) && s.partOK(base) {
				s.edges[i] = append(s.edges[i], edge{from: i, j: j, base: base, score: s.df(base), class: v.class()})
			}
		}
	}
	return s.edges[i]
}

// search extends the current split (ending at i, with sum sum) in every
// way and keeps the best complete one: the highest mean part score.
func (s *splitter) search(i int, sum float64) {
	s.visits++
	if s.visits > maxSegmentVisits {
		return
	}
	plain := s.edgesAt(i)
	s.extend(i, sum, plain)
	if len(plain) == 0 && i >= 2 && s.w[i-1] == s.w[i-2] && isConsonant(s.w[i-1]) {
		// a part ending in a double consonant before one that begins
		// with it: the three are written two (natt|tåg: nattåg,
		// Hunspell's SIMPLIFIEDTRIPLE), where no part begins after it
		// (rygg|rad, not rygg|grad)
		for _, e := range s.edgesAt(i - 1) {
			if !shortEnding(s.w[i:e.j]) {
				s.extend(i, sum, []edge{e})
			}
		}
	}
}

// shortEnding reports whether the letters after a shared consonant are an
// inflectional ending, so the word is a form of the part before, not a
// compound (klubben is klubb + en, not klubb|ben; natt|tåg is a compound).
func shortEnding(rest string) bool {
	switch rest {
	case "en", "et", "er", "ar", "or", "na", "ns", "ts", "es", "as", "os", "rs", "ne":
		return true
	}
	return false
}

// isConsonant reports whether b is a lowercase ASCII consonant.
func isConsonant(b byte) bool {
	return b >= 'a' && b <= 'z' && strings.IndexByte("aeiouy", b) < 0
}

// extend tries each of edges after the current split.
func (s *splitter) extend(i int, sum float64, edges []edge) {
	for _, e := range edges {
		s.curE = append(s.curE, e)
		if e.j == len(s.w) {
			if sc := (sum + e.score) / float64(len(s.curE)); sc > s.bestScore {
				s.bestScore = sc
				s.bestE = append(s.bestE[:0], s.curE...)
			}
		} else {
			s.search(e.j, sum+e.score)
		}
		s.curE = s.curE[:len(s.curE)-1]
	}
}

// compoundPart is one word found inside a compound.
type compoundPart struct {
	term, folded []byte
	start, end   int // byte offsets relative to the surface's start
}

// analyzeWord returns the term of the lowercased word w, its other
// readings' terms (alts) and, if split, its compound parts: for a split
// into parts p1..pn, every run of consecutive parts but the whole, as the
// surface of all but its last part followed by the base of its last part
// (arbets|marknads|politiken: arbete, arbetsmarknad, marknad,
// marknadspolitik, politik). The term of a lexicon form is its base, and
// a form of several words has the bases of the others as alts (hemliga:
// hemliga, and hemlig; tunga: tunga, and tung); of an unknown compound
// the surface of its first parts and the base of its last (sökandelotsen:
// sökandelots), with the other bases of its last part as alts and as
// parts (topphemliga: topphemliga, and topphemlig; parts hemliga and
// hemlig); of an unknown word that does not split, what the corpus word
// list gives (corpusLemma).
func analyzeWord(l *lexicon, d *swedishDict, w string) (term string, alts []string, parts []compoundPart) {
	v, inLex := l.get(w)
	known := inLex && v.is(LexWord)
	if known {
		term = l.wordBase(w, v, false)
		alts = l.altBases(w, v, false)
	} else if inLex && v.is(LexBegin|LexMiddle) {
		// a compound's first part cut off before a hyphen
		// ("kvinno- och mansdominerade"): the word it stands for
		return l.compBase(w, v, false), nil, nil
	}
	split := splitWord(l, d, w, v, known, false)
	var lastAlts []string // the other bases of an unknown compound's last part
	if !known {
		if split == nil {
			// The lexicon has every form of its words: a word it does
			// not know is no form of a word it knows (togs is not a
			// form of toga), so the corpus list may not reduce it to one.
			b := corpusLemma(w, d.words)
			if bv, ok := l.get(b); ok && bv.is(LexWord) {
				return w, nil, nil
			}
			return b, nil, nil
		}
		last := split[len(split)-1]
		term = w[:last.start] + last.base
		if lv, ok := l.get(w[last.start:last.end]); ok && l.wordBase(w[last.start:last.end], lv, false) == last.base {
			lastAlts = l.altBases(w[last.start:last.end], lv, true)
			for _, b := range lastAlts {
				alts = append(alts, w[:last.start]+b)
			}
		}
	}
	if split == nil {
		return term, alts, nil
	}
	if known {
		// a compound the lexicon knows: its other readings that read
		// its last part as another word (rikssvenska: rikssvensk, so
		// svensk beside svenska)
		head := w[:split[len(split)-1].start]
		for _, a := range alts {
			if b, ok := strings.CutPrefix(a, head); ok && utf8.RuneCountInString(b) >= minPartRunes {
				lastAlts = append(lastAlts, b)
			}
		}
	}
	lastStart := split[len(split)-1].start
	split = refine(l, d, w, split, 0)
	parts = spanParts(w, term, split, parts, 0)
	if len(lastAlts) > 0 && split[len(split)-1].start == lastStart {
		// the runs ending in the last part, read as its other words
		alt := slices.Clone(split)
		for _, b := range lastAlts {
			alt[len(alt)-1].base = b
			parts = spanParts(w, w[:alt[len(alt)-1].start]+b, alt, parts, 0)
		}
	}
	return term, alts, parts
}

// maxNest bounds how deep refine opens parts that are compounds.
const maxNest = 3

// refine opens the parts of split (of w) that are compounds themselves,
// by the rules for a whole word (splitWord with known): a last part as the
// word it is (kollektiv|avtalsvillkor: avtals|villkor), a first or middle
// part as the word it stands for, its pieces but the last replacing the
// beginning of the part they begin and the rest of the part standing for
// the last piece (luftfarts-: luftfart, luft|fart, so luft|farts). A
// compound's parts hold what the parts' own parts hold (luftfartsavtal
// holds luft, as luftfart does).
func refine(l *lexicon, d *swedishDict, w string, split []splitPart, depth int) []splitPart {
	if depth >= maxNest {
		return split
	}
	out := make([]splitPart, 0, len(split))
	for k, p := range split {
		last := k == len(split)-1
		b := p.base // a first or middle part: the word it stands for
		if last {
			b = w[p.start:p.end] // the last part: the form as it stands
		}
		var sub []splitPart
		if bv, ok := l.get(b); ok && (bv.is(LexWord) || b == w[p.start:p.end]) {
			// a word, or a compound form that stands for itself
			// (barnrätts-: barn|rätts)
			if sub = splitWord(l, d, b, bv, bv.is(LexWord), false); sub != nil {
				sub = refine(l, d, b, sub, depth+1)
			}
		}
		if sub == nil {
			out = append(out, p)
			continue
		}
		lastStart := sub[len(sub)-1].start
		if !last && (!strings.HasPrefix(w[p.start:p.end], b[:lastStart]) || p.start+lastStart >= p.end) {
			out = append(out, p) // its pieces do not begin it
			continue
		}
		for _, q := range sub[:len(sub)-1] {
			out = append(out, splitPart{start: p.start + q.start, end: p.start + q.end, base: q.base})
		}
		end := p.start + sub[len(sub)-1].end
		if !last {
			end = p.end
		}
		out = append(out, splitPart{start: p.start + lastStart, end: end, base: sub[len(sub)-1].base})
	}
	return out
}

// spanParts adds to parts every run of consecutive parts of split (in w,
// whose term is term) but the whole word.
func spanParts(w, term string, split []splitPart, parts []compoundPart, _ int) []compoundPart {
	for a := 0; a < len(split); a++ {
		for b := a + 1; b <= len(split); b++ {
			if split[a].start == 0 && split[b-1].end == len(w) {
				continue
			}
			last := split[b-1]
			t := w[split[a].start:last.start] + last.base
			if t == term || hasPart(parts, t) {
				continue
			}
			parts = append(parts, compoundPart{
				term:   []byte(t),
				folded: []byte(foldSwedish(t)),
				start:  split[a].start,
				end:    last.end,
			})
		}
	}
	return parts
}

// splitPart is a part of a chosen split.
type splitPart struct {
	start, end int
	base       string
}

// splitWord returns the best split of w, or nil. v and known describe w's
// own lexicon entry; inner says w is a first or middle part of a larger
// compound, so its own last part must be allowed inside a compound.
func splitWord(l *lexicon, d *swedishDict, w string, v lexValue, known, inner bool) []splitPart {
	if len(w) < 2*minPartRunes || len(w) > maxSplitBytes {
		return nil
	}
	s := splitter{w: w, l: l, d: d, bestScore: math.Inf(-1), edges: make([][]edge, len(w)), done: make([]bool, len(w)), inner: inner}
	if known {
		s.base = l.wordBase(w, v, false)
	}
	s.search(0, 0)
	if s.bestE == nil {
		return nil
	}
	if known {
		// a lexicon word: only if it inflects as its last part, and
		// either the lexicon's compound flags allow every part where it
		// stands or the parts are common enough next to the whole
		head := s.bestE[len(s.bestE)-1]
		if v.is(LexName) {
			// a name is a compound only with a definite head, as the
			// names of authorities, streets and seas are (Skolverket,
			// Drottninggatan, Medelhavet); a bare head makes a place
			// or person name (Gävleborg, Strömstad, Borgström)
			if !definiteNoun(w[head.from:], head.base, l.classes[head.class]) {
				return nil
			}
		} else if isVerbClass(l.classes[v.class()]) || !inflectsAs(l.classes[v.class()], l.classes[head.class]) {
			return nil
		}
		if !head.end {
			// Hunspell could not have made it a compound (its last
			// part lacks COMPOUNDEND): only nouns before a noun
			// (lag|stiftning, huvud|sak), not kul|tur
			for _, e := range s.bestE[:len(s.bestE)-1] {
				c := l.classes[e.class]
				if bv, ok := l.get(e.base); ok && c == "" {
					c = l.classes[bv.class()] // a linking form (säkerhets-): its word's
				}
				if nounCore(c) == "" {
					return nil
				}
			}
		}
		// a split inside the word's derivational suffix (medlem|skap
		// read as medlems|kap, landskap as lands|kap) is none
		if base := l.wordBase(w, v, false); cutsSuffix(base, len(base)-head.from) {
			return nil
		}
		// The last part inflects as the whole, so the whole's
		// occurrences speak for it: only the first parts must be common.
		// First parts never seen alone in the corpus (riks-) give no
		// evidence either way.
		whole := float64(d.words[l.wordBase(w, v, false)])
		sum, k := 0.0, 0
		for _, e := range s.bestE[:len(s.bestE)-1] {
			if e.score > 0 {
				sum += e.score
				k++
			}
		}
		if whole > 0 && k > 0 && sum/float64(k) <= math.Log(whole*splitFactor) {
			return nil
		}
	}
	out := make([]splitPart, len(s.bestE))
	for k, e := range s.bestE {
		out[k] = splitPart{start: e.from, end: e.j, base: e.base}
	}
	return out
}

// cutsSuffix reports whether the base form w ends with a derivational
// suffix (derivHeads) at least as long as its last n bytes, so a last part
// of n bytes cuts it or is it (medlems|kap, asylsök|andes).
func cutsSuffix(w string, n int) bool {
	for d := range derivHeads {
		if len(d) >= n && strings.HasSuffix(w, d) {
			return true
		}
	}
	return false
}

// nounCore is the part of a lexicon class that a compound shares with its
// head: gender and plural (Hunspell-sv classes B–J).
func nounCore(c string) string {
	out := make([]byte, 0, len(c))
	for i := 0; i < len(c); i++ {
		if c[i] >= 'B' && c[i] <= 'J' {
			out = append(out, c[i])
		}
	}
	return string(out)
}

// inflectsAs reports whether a word of class whole may be a compound with
// a last part of class head: the gender and plural classes of one are
// among the other's (the dictionary often lists fewer forms for one of
// them: lagstiftning DG, stiftning D).
func inflectsAs(whole, head string) bool {
	w, h := nounCore(whole), nounCore(head)
	if isProperClass(whole) {
		return true // a name (Migrationsverket, Skolverket): no classes to compare
	}
	if (w == "") != (h == "") {
		return false // a noun and a word that is not
	}
	return subset(w, h) || subset(h, w)
}

// definiteNoun reports whether form, a form of the noun base of class c,
// is definite: the ending after the base ends as Swedish definite endings
// do (-n, -t, -na, and their genitives: verket, gatan, styrelsens).
func definiteNoun(form, base, c string) bool {
	if form == base || !strings.ContainsAny(c, "BCDE") {
		return false
	}
	k := 0
	for k < len(form) && k < len(base) && form[k] == base[k] {
		k++
	}
	ending := strings.TrimSuffix(form[k:], "s")
	return strings.HasSuffix(ending, "n") || strings.HasSuffix(ending, "t") || strings.HasSuffix(ending, "na")
}

// mayEnd reports whether a word of a lexicon class may end a compound
// without the COMPOUNDEND flag: it has a noun's definite forms (B–E) and
// is no verb.
func mayEnd(c string) bool {
	return strings.ContainsAny(c, "BCDE") && !isVerbClass(c)
}

// isVerbClass reports whether a lexicon class is a verb's (the flags
// Hunspell-sv gives verbs: j, K–N, m). A verb form the lexicon knows is
// never split (handlade is not hand + lade).
func isVerbClass(c string) bool {
	return strings.ContainsAny(c, "jKLMNm")
}

// isProperClass reports whether a class has no inflection but the
// genitive: Hunspell-sv's names and words it lists in one form only
// (abortfrågan). A word listed with no flags at all (biläggs, adverbs,
// verb forms listed alone) has no such class: it is no compound.
func isProperClass(c string) bool {
	if c == "" {
		return false
	}
	for i := 0; i < len(c); i++ {
		if c[i] != 'A' {
			return false
		}
	}
	return true
}

func subset(a, b string) bool {
	for i := 0; i < len(a); i++ {
		if strings.IndexByte(b, a[i]) < 0 {
			return false
		}
	}
	return true
}

// derivHeads end derivations, not compounds (ungdom, frihet, vänskap,
// hållbar, långsam, farlig): never a last part.
var derivHeads = map[string]bool{}

func init() {
	for _, s := range strings.Fields(`dom het skap bar sam lig isk else ing ning ande ende are ism ist ion itet ör`) {
		derivHeads[s] = true
	}
}

// suffixForm reports whether a last part is a derivational suffix of four
// letters or more with an inflection (anden, andes: -ande, asylsök|anden
// is asylsökanden, no duck).
func suffixForm(p string) bool {
	for d := range derivHeads {
		if len(d) >= 4 && len(p) > len(d) && len(p)-len(d) <= 3 && strings.HasPrefix(p, d) {
			return true
		}
	}
	return false
}

func hasPart(parts []compoundPart, term string) bool {
	for _, p := range parts {
		if string(p.term) == term {
			return true
		}
	}
	return false
}
