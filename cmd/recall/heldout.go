package main

import (
	"fmt"
	"io/fs"
	"math/rand"
	"os"
	"slices"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"projektsok/index"
)

// The held-out list and its ground truth.
//
// The held-out words are drawn (go run ./cmd/recall -draw) with a fixed
// seed from the nouns of the Swedish lexicon (index/data/sv_lexicon.bin,
// from Hunspell) that occur, in some inflected form, as a word in at least
// 20 documents of the corpus, leaving out the tuning list's words and stop
// words: heldoutVowel with a vowel-changing plural (städer, böcker, män),
// then heldoutShort with a base of at most four letters, then heldoutOther
// of the rest. The list is written to heldout.txt and not edited by hand.
//
// Its ground truth uses only the lexicon, never the analyzer nor corpus
// counts. A token (a lowercased run of letters) holds the word b when
//
//  1. it is a form of b: a lexicon form whose base is b (städerna: stad);
//  2. or b is the word of a run of consecutive pieces (not all of them) of
//     one of its full segmentations (3): the run's letters when they are a
//     lexicon form of b (as a word if the run ends the token, else as a
//     compound's first part: kvinno-, arbets-), or the letters of its
//     pieces but the last followed by the last piece's base
//     (kollektiv|avtals|villkor: kollektivavtal, avtal, villkor);
//  3. a segmentation follows the compound rules of the lexicon (Hunspell's
//     COMPOUNDBEGIN, COMPOUNDMIDDLE and COMPOUNDEND flags): a first part
//     the lexicon allows at the start, any number of parts it allows
//     inside or at the start (a compound of compounds begins with one:
//     klimat|bonus|bilar), and a last part that is a form of a word it
//     allows at the end or of a noun (Hunspell-sv leaves COMPOUNDEND off
//     some nouns); every part has at least three letters and is not a
//     stop word; after a part ending in a double consonant the next part
//     may begin with its last letter, three equal consonants being written
//     two (natt|tåg in nattåg), unless what follows is an inflectional
//     ending (klubben). The token's best segmentations are those with the
//     fewest parts, then the fewest such shared consonants (rygg|rad, not
//     rygg|grad), then the longest shortest part, or no part under four
//     letters (skol|enhet, not sko|lenhet; minister|rådsmöte and
//     ministerråds|möte). Its full segmentations open every part that is
//     a compound itself by the same rules: a last part as the word it is
//     (avtalsvillkor: avtals|villkor), a first or middle part as the word
//     it stands for, whose pieces but the last replace the beginning of
//     the part (luftfarts-: luftfart, luft|fart, so luft|farts).
//
// When the token (or an opened part) is itself a word of the lexicon
// (lexicalised), its last part, if its lexicon entry is no noun, is read as
// the rest of the token's base after the first parts when that is a noun
// (lagförslagen: förslag, not the adjective förslagen), and a segmentation
// also needs: it is no verb form and
// inflects as its last part (the gender and plural classes of one are
// among the other's: storstad as stad; handlade is not hand + lade); a
// word listed in one form only (genitive only: abortfrågan) has no
// paradigm to compare, and one listed with no flags at all (biläggs) is no
// compound; a name (capitalised in the dictionary: LexName) is a compound
// only with a definite noun form as last part (Drottninggatan,
// Läkemedelsverket; not Gävleborg, Strömstad, Borgström); a last part that
// may not end a compound by Hunspell's flags only after parts that stand
// for nouns (kultur holds no tur); no split inside the token's
// derivational suffix (medlemskap holds no kap); and no last part that is
// a derivational suffix homograph (-dom, -het, -skap, -bar ...: ungdom is
// not ung + dom).

const (
	heldoutSeed    = 20261204
	heldoutMinDocs = 20
	heldoutVowel   = 25
	// heldoutVowelMinDocs: the fewest documents of a vowel-changing noun
	// that fills its group when too few are in heldoutMinDocs
	heldoutVowelMinDocs = 5
	heldoutShort        = 40
	heldoutOther        = 60
)

// derivHeads are suffixes that make a derivation, not a compound, when they
// end a word (ungdom, frihet, vänskap, hållbar, långsam, farlig).
var derivHeads = map[string]bool{}

func init() {
	for _, s := range strings.Fields(`dom het skap bar sam lig isk else ing ning ande ende are ism ist ion itet ör`) {
		derivHeads[s] = true
	}
}

// part is a part of a segmentation.
type part struct {
	text string // its letters in the token
	last bool
	form string // the lexicon form it is: text, or text after the consonant it shares (natt|tåg in nattåg: åg, tåg)
	head string // a last part: the word it stands for (headReading)
}

// lexTruth decides by the rule above which held-out words a token holds.
type lexTruth struct {
	words  []string
	forms  map[string][]int // whole-word form -> words
	comps  map[string][]int // compound form -> words
	memo   map[string]index.LexForm
	stop   func(string) bool
	byBase map[string][]int // list word -> its index
	// pieceMemo caches pieces
	pieceMemo map[string][][]piece
	derived   map[string]bool
}

func newLexTruth(words []string, stop func(string) bool) (*lexTruth, error) {
	lt := &lexTruth{words: words, forms: map[string][]int{}, comps: map[string][]int{}, memo: map[string]index.LexForm{}, stop: stop, pieceMemo: map[string][][]piece{}}
	idx := map[string]int{}
	lt.byBase = map[string][]int{}
	for i, w := range words {
		idx[w] = i
		lt.byBase[w] = append(lt.byBase[w], i)
	}
	err := index.EachLexiconForm(func(f index.LexForm) {
		if i, ok := idx[f.Base]; ok && f.Roles&index.LexWord != 0 {
			lt.forms[f.Form] = append(lt.forms[f.Form], i)
		}
		if i, ok := idx[f.CompBase]; ok {
			lt.comps[f.Form] = append(lt.comps[f.Form], i)
		}
	})
	return lt, err
}

func (lt *lexTruth) lookup(s string) index.LexForm {
	f, ok := lt.memo[s]
	if !ok {
		f, _ = index.LookupLexicon(s)
		lt.memo[s] = f
	}
	return f
}

// a part of at least three letters, not a stop word, in a role
func (lt *lexTruth) is(s string, roles uint8) bool {
	if utf8.RuneCountInString(s) < 3 || lt.stop(s) {
		return false
	}
	return lt.lookup(s).Roles&roles != 0
}

// end: a form that may end a compound (its stem has COMPOUNDEND), not a
// derivational suffix; if the token is a word of the lexicon, inflecting
// as the token does.
func (lt *lexTruth) end(s string, f, token index.LexForm) bool {
	if utf8.RuneCountInString(s) < 3 || lt.stop(s) || f.Roles&index.LexWord == 0 ||
		f.Roles&index.LexEnd == 0 && !(strings.ContainsAny(f.Class, "BCDE") && !strings.ContainsAny(f.Class, "jKLMNm")) ||
		derivHeads[s] || derivHeads[f.Base] || suffixForm(s) {
		return false
	}
	if token.Roles&index.LexWord == 0 {
		return true
	}
	if token.Roles&index.LexName != 0 {
		// a name is a compound only with a definite head (Skolverket,
		// Drottninggatan), not a place or person name (Gävleborg)
		return definiteNoun(f)
	}
	return !strings.ContainsAny(token.Class, "jKLMNm") && inflectsAs(token.Class, f.Class)
}

// headReading returns the reading of p, the last part of token t: its
// lexicon entry or, when that is no noun and t is a word of the lexicon,
// the rest of t's base after the first parts, if that is a noun's base
// (lagförslagen: förslag, not the adjective förslagen; skolbänkar: bänk,
// not the verb bänka).
func (lt *lexTruth) headReading(t, p string, token index.LexForm) index.LexForm {
	f := lt.lookup(p)
	if token.Roles&index.LexWord == 0 || f.Roles&index.LexWord == 0 || nounCore(f.Class) != "" && !strings.ContainsAny(f.Class, "jKLMNm") {
		return f
	}
	hb, ok := strings.CutPrefix(token.Base, t[:len(t)-len(p)])
	if !ok || hb == p {
		return f
	}
	if h := lt.lookup(hb); h.Roles&index.LexWord != 0 && h.Base == hb && !strings.ContainsAny(h.Class, "jKLMNm") {
		return h
	}
	return f
}

// definiteNoun reports whether f is a definite form of a noun: its ending
// after the base ends as Swedish definite endings do (-n, -t, -na, and their
// genitives: verket, gatan, styrelsens, nationerna).
func definiteNoun(f index.LexForm) bool {
	if f.Form == f.Base || !strings.ContainsAny(f.Class, "BCDE") {
		return false
	}
	k := 0
	for k < len(f.Form) && k < len(f.Base) && f.Form[k] == f.Base[k] {
		k++
	}
	ending := strings.TrimSuffix(f.Form[k:], "s")
	return strings.HasSuffix(ending, "n") || strings.HasSuffix(ending, "t") || strings.HasSuffix(ending, "na")
}

// holds returns the indexes of the words token t holds: its own forms,
// and the word of every run of consecutive pieces of its full
// segmentations (see pieces) but the whole: the run's letters, when a
// lexicon form of a list word (as a word if the run ends the token, else
// as a compound's first part), or the letters of its pieces but the last
// followed by the last piece's base (kollektiv|avtals: kollektivavtal).
func (lt *lexTruth) holds(t string) []int {
	var out []int
	add := func(is []int) {
		for _, i := range is {
			if !slices.Contains(out, i) {
				out = append(out, i)
			}
		}
	}
	add(lt.forms[t])
	for _, seg := range lt.pieces(t) {
		for a := range seg {
			run := ""
			for b := a; b < len(seg); b++ {
				if a == 0 && b == len(seg)-1 {
					break // the whole token: its own forms, above
				}
				add(lt.byBase[run+seg[b].base])
				run += seg[b].text
				if b == len(seg)-1 {
					add(lt.forms[run])
				} else {
					add(lt.comps[run])
				}
			}
		}
	}
	return out
}

// piece is one element of a token's full segmentation.
type piece struct {
	text string // its letters in the token
	base string // the word it stands for
}

// maxPieceSegs bounds the full segmentations kept for one token.
const maxPieceSegs = 8

// pieces returns the full segmentations of t: its best segmentations
// (segment), each part that is itself a compound replaced by its own
// pieces. A last part is a word and is segmented as one (avtalsvillkor:
// avtals|villkor). A first or middle part stands for its compound base
// (livsmedels-: livsmedel); when that base splits into pieces whose first
// ones begin the part, they replace it, and the rest of the part stands
// for the base's last piece (livs|medels). nil if t does not split.
func (lt *lexTruth) pieces(t string) [][]piece {
	if p, ok := lt.pieceMemo[t]; ok {
		return p
	}
	lt.pieceMemo[t] = nil // no cycles
	var out [][]piece
	for _, seg := range lt.segment(t) {
		acc := [][]piece{nil}
		for _, p := range seg {
			var alts [][]piece
			if p.last {
				if p.form == p.text && p.head == lt.lookup(p.text).Base {
					alts = lt.pieces(p.text)
				}
				if alts == nil {
					alts = [][]piece{{{p.text, p.head}}}
				}
			} else {
				f := lt.lookup(p.form)
				own := [][]piece{{{p.text, f.CompBase}}}
				if p.form != p.text {
					// sharing a consonant: not opened
				} else if f.CompBase == "" || f.CompBase == p.text {
					// a form that stands for itself (barnrätts-,
					// livscykel-): its own pieces
					alts = lt.pieces(p.text)
				} else {
					for _, sub := range lt.pieces(f.CompBase) {
						prefix := ""
						for _, q := range sub[:len(sub)-1] {
							prefix += q.text
						}
						if rest, ok := strings.CutPrefix(p.text, prefix); ok && rest != "" {
							alt := append(append([]piece(nil), sub[:len(sub)-1]...), piece{rest, sub[len(sub)-1].base})
							alts = append(alts, alt)
						}
					}
				}
				if alts == nil {
					alts = own
				}
			}
			var next [][]piece
			for _, a := range acc {
				for _, b := range alts {
					if len(next) < maxPieceSegs {
						next = append(next, append(append([]piece(nil), a...), b...))
					}
				}
			}
			acc = next
		}
		out = append(out, acc...)
	}
	lt.pieceMemo[t] = out
	return out
}

// segment returns the best segmentations of t by the compound rules
// (fewest parts, then the longest shortest part), or nil.
func (lt *lexTruth) segment(t string) [][]part {
	n := len(t)
	if n > 64 || n < 6 {
		return nil
	}
	token := lt.lookup(t)
	// every segmentation: a first part, middle parts, a last part
	type seg struct {
		parts    []part
		shortest int // letters of its shortest part
		shared   int // parts that share a consonant with the one before
	}
	var segs []seg
	fewest := 1 << 30
	var cur []part
	visits := 0
	// walk tries every part whose letters start at i and whose lexicon
	// form starts at from (i, or i-1 after a double consonant: three
	// consonants are written two, natt|tåg in nattåg, Hunspell's
	// SIMPLIFIEDTRIPLE)
	var walk func(i, from int)
	walk = func(i, from int) {
		if visits++; visits > 20000 {
			return
		}
		for j := i + 1; j <= n; j++ {
			if j < n && !utf8.RuneStart(t[j]) {
				continue
			}
			p := t[from:j]
			if from < i {
				switch t[i:j] {
				case "en", "et", "er", "ar", "or", "na", "ns", "ts", "es", "as", "os", "rs", "ne":
					continue // an ending: klubben is no klubb|ben
				}
			}
			if j == n {
				f := lt.headReading(t, p, token)
				if i == 0 || !lt.end(p, f, token) || !lt.generated(t, cur, p, f, token) {
					continue
				}
				cur = append(cur, part{t[i:j], true, p, f.Base})
				shortest, shared := 1<<30, 0
				for _, c := range cur {
					shortest = min(shortest, utf8.RuneCountInString(c.form))
					if c.form != c.text {
						shared++
					}
				}
				if len(cur) < fewest {
					fewest, segs = len(cur), nil
				}
				if len(cur) == fewest {
					segs = append(segs, seg{append([]part(nil), cur...), shortest, shared})
				}
				cur = cur[:len(cur)-1]
				continue
			}
			// inside, a form that may begin a compound too: a compound
			// of compounds begins with one (klimat|bonus|bilar)
			role := uint8(index.LexMiddle | index.LexBegin)
			if i == 0 {
				role = index.LexBegin
			}
			if !lt.is(p, role) || i > 0 && derivHeads[p] {
				continue // inside, no derivational suffix: freds|byggande, not bygg|ande
			}
			cur = append(cur, part{t[i:j], false, p, ""})
			walk(j, j)
			if j >= 2 && t[j-1] == t[j-2] && strings.IndexByte("bcdfghjklmnpqrstvwxz", t[j-1]) >= 0 {
				walk(j, j-1)
			}
			cur = cur[:len(cur)-1]
		}
	}
	walk(0, 0)
	// a consonant is shared only where no plain reading has as few parts
	// (rygg|rad, not rygg|grad)
	fewestShared := 1 << 30
	for _, g := range segs {
		fewestShared = min(fewestShared, g.shared)
	}
	longest := 0
	for _, g := range segs {
		if g.shared == fewestShared {
			longest = max(longest, g.shortest)
		}
	}
	var best [][]part
	for _, g := range segs {
		if g.shared == fewestShared && (g.shortest == longest || g.shortest >= 4) {
			best = append(best, g.parts)
		}
	}
	return best
}

// generated applies the rule for a token the lexicon knows as a whole
// word (lexicalised) split into first parts and a last part: when the last
// part may not end a compound by Hunspell's flags (no COMPOUNDEND), every
// first part must stand for a noun (lag|stiftning, huvud|sak; not
// kul|tur: kultur holds no tur), and no split falls inside the token's
// derivational suffix (medlemskap is not medlems + kap).
func (lt *lexTruth) generated(t string, first []part, last string, lastF, token index.LexForm) bool {
	if token.Roles&index.LexWord == 0 {
		return true
	}
	if lastF.Roles&index.LexEnd == 0 {
		for _, p := range first {
			c := lt.lookup(p.form).Class
			if f := lt.lookup(p.form); c == "" && f.CompBase != "" {
				c = lt.lookup(f.CompBase).Class
			}
			if nounCore(c) == "" {
				return false
			}
		}
	}
	n := len(t) - len(last) // where the last part starts, in the base too
	for d := range derivHeads {
		if len(token.Base)-n <= len(d) && strings.HasSuffix(token.Base, d) {
			return false // medlems|kap, asylsök|andes
		}
	}
	// a noun in -ing made of a verb (lagring: lagra, värdering: värdera)
	// is a compound only with such a noun as last part (data|lagring),
	// not with one that swallows the verb's last letters (lag|ring)
	if lt.nominal(token.Base) && !lt.nominal(lastF.Base) {
		return false
	}
	return true
}

// nominal reports whether b is a noun in -ing made of a verb of the
// lexicon (lagring: lagra).
func (lt *lexTruth) nominal(b string) bool {
	stem, ok := strings.CutSuffix(b, "ing")
	return ok && stem != "" && strings.ContainsAny(lt.lookup(stem+"a").Class, "jKLMNm")
}

// suffixForm reports whether a last part is a derivational suffix of four
// letters or more with an inflection (anden, andes: -ande).
func suffixForm(p string) bool {
	for d := range derivHeads {
		if len(d) >= 4 && len(p) > len(d) && len(p)-len(d) <= 3 && strings.HasPrefix(p, d) {
			return true
		}
	}
	return false
}

// vowelChanged reports whether form f of base b changes a vowel of b to
// ä/ö (städer: stad, böcker: bok, män: man).
func vowelChanged(b, f string) bool {
	br, fr := []rune(b), []rune(f)
	for i := 0; i < len(br) && i < len(fr); i++ {
		if br[i] != fr[i] {
			return (fr[i] == 'ä' || fr[i] == 'ö') && strings.ContainsRune("aoåu", br[i])
		}
	}
	return false
}

// isNounClass reports whether a lexicon class is a noun's: a genitive (A),
// definite forms (B–E), no verb or adjective forms (K–O, j, k, m).
func isNounClass(c string) bool {
	return strings.ContainsRune(c, 'A') && strings.ContainsAny(c, "BCDE") && !strings.ContainsAny(c, "KLMNOjmk")
}

// inflectsAs reports whether a word of class whole inflects as a last part
// of class head: the gender and plural classes of one are among the
// other's (the lexicon often lists fewer for one of them).
func inflectsAs(whole, head string) bool {
	if whole != "" && strings.Trim(whole, "A") == "" {
		return true // listed in one form (abortfrågan): no paradigm to compare
	}
	w, h := nounCore(whole), nounCore(head)
	if (w == "") != (h == "") {
		return false // a noun and a word that is not
	}
	sub := func(a, b string) bool {
		for _, c := range a {
			if !strings.ContainsRune(b, c) {
				return false
			}
		}
		return true
	}
	return sub(w, h) || sub(h, w)
}

// nounCore is the part of a class that a compound shares with its head:
// gender and plural (B–J).
func nounCore(c string) string {
	var b strings.Builder
	for _, r := range c {
		if r >= 'B' && r <= 'J' {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// drawHeldout draws the held-out list and writes it to path.
func drawHeldout(corpus, path string, seed int64, tuning []wordSpec, stop func(string) bool) error {
	tuned := map[string]bool{}
	for _, s := range tuning {
		tuned[s.Word] = true
	}
	// A further list leaves out the words of every list drawn with a
	// smaller seed (measured, so no longer held out).
	names, err := fs.Glob(heldoutLists, "heldout*.txt")
	if err != nil {
		return err
	}
	for _, name := range names {
		b, err := heldoutLists.ReadFile(name)
		if err != nil {
			return err
		}
		text := string(b)
		if s := listSeed(text); s != 0 && s < seed {
			ws, _ := parseHeldout(text)
			for _, w := range ws {
				tuned[w] = true
			}
		}
	}
	type cand struct {
		noun, vowel bool
		docs        int
	}
	cands := map[string]*cand{}
	baseOf := map[string]string{}
	err = index.EachLexiconForm(func(f index.LexForm) {
		if f.Roles&index.LexWord == 0 || f.Base == "" {
			return
		}
		c := cands[f.Base]
		if c == nil {
			c = &cand{}
			cands[f.Base] = c
		}
		baseOf[f.Form] = f.Base
		if f.Form == f.Base && f.Roles&index.LexStem != 0 && isNounClass(f.Class) {
			c.noun = true
		}
		if vowelChanged(f.Base, f.Form) {
			c.vowel = true
		}
	})
	if err != nil {
		return err
	}
	// documents that hold some form of the base as a word
	err = eachDoc(corpus, func(name, doc string) {
		seen := map[string]bool{}
		for _, tok := range strings.FieldsFunc(strings.ToLower(doc), func(r rune) bool { return !unicode.IsLetter(r) }) {
			if b, ok := baseOf[tok]; ok && !seen[b] {
				seen[b] = true
				cands[b].docs++
			}
		}
	})
	if err != nil {
		return err
	}
	var vowel, vowelRare, short, other []string
	for b, c := range cands {
		if !c.noun || tuned[b] || stop(b) || utf8.RuneCountInString(b) < 3 {
			continue
		}
		if c.vowel && c.docs >= heldoutVowelMinDocs && c.docs < heldoutMinDocs {
			vowelRare = append(vowelRare, b)
			continue
		}
		if c.docs < heldoutMinDocs {
			continue
		}
		switch {
		case c.vowel:
			vowel = append(vowel, b)
		case utf8.RuneCountInString(b) <= 4:
			short = append(short, b)
		default:
			other = append(other, b)
		}
	}
	rng := rand.New(rand.NewSource(seed))
	pick := func(l []string, n int) []string {
		sort.Strings(l)
		rng.Shuffle(len(l), func(i, j int) { l[i], l[j] = l[j], l[i] })
		if len(l) > n {
			l = l[:n]
		}
		sort.Strings(l)
		return l
	}
	// Too few vowel-changing nouns in heldoutMinDocs documents are left
	// once earlier lists are out: the group is filled from those in at
	// least heldoutVowelMinDocs, most documents first (ties by the seed).
	nVowel := min(heldoutVowel, len(vowel))
	vowel = pick(vowel, heldoutVowel)
	if len(vowel) < heldoutVowel {
		sort.Strings(vowelRare)
		rng.Shuffle(len(vowelRare), func(i, j int) { vowelRare[i], vowelRare[j] = vowelRare[j], vowelRare[i] })
		sort.SliceStable(vowelRare, func(i, j int) bool { return cands[vowelRare[i]].docs > cands[vowelRare[j]].docs })
		vowel = append(vowel, vowelRare[:min(len(vowelRare), heldoutVowel-len(vowel))]...)
		sort.Strings(vowel)
	}
	var b strings.Builder
	fmt.Fprintf(&b, "# Held-out words of cmd/recall: drawn by `go run ./cmd/recall -draw FILE -seed %d` from\n", seed)
	fmt.Fprintf(&b, "# the lexicon's nouns with a form that is a word in at least %d corpus documents,\n", heldoutMinDocs)
	fmt.Fprintf(&b, "# not in words.txt (nor in a list drawn with a smaller seed): %d with vowel-changing plurals (%d of those in %d+ documents, the rest\n", len(vowel), nVowel, heldoutMinDocs)
	fmt.Fprintf(&b, "# from the %d in %d-%d documents, most documents first), %d with a base of at\n", len(vowelRare), heldoutVowelMinDocs, heldoutMinDocs-1, heldoutShort)
	fmt.Fprintf(&b, "# most four letters (of %d), %d others (of %d). Never edit or tune on it; see heldout.go.\n", len(short), heldoutOther, len(other))
	for _, group := range []struct {
		name string
		l    []string
		n    int
	}{{"vowel", vowel, heldoutVowel}, {"short", short, heldoutShort}, {"other", other, heldoutOther}} {
		fmt.Fprintf(&b, "\n# %s\n", group.name)
		l := group.l
		if group.name != "vowel" {
			l = pick(l, group.n)
		}
		for _, w := range l {
			fmt.Fprintln(&b, w)
		}
	}
	return os.WriteFile(path, []byte(b.String()), 0o644)
}

// listSeed returns the seed a held-out list's header names ("-seed N" or
// "(seed N)"; 0 if none).
func listSeed(text string) int64 {
	for _, key := range []string{"-seed ", "(seed "} {
		if _, rest, ok := strings.Cut(text, key); ok {
			var n int64
			fmt.Sscan(rest, &n)
			return n
		}
	}
	return 0
}

// parseHeldout reads heldout.txt: one word a line, '#' starts a comment;
// the group is the last "# name" comment line before it.
func parseHeldout(text string) (words, groups []string) {
	group := ""
	for _, line := range strings.Split(text, "\n") {
		line = strings.TrimSpace(line)
		if g, ok := strings.CutPrefix(line, "# "); ok && !strings.Contains(g, " ") {
			group = g
			continue
		}
		if i := strings.IndexByte(line, '#'); i >= 0 {
			line = strings.TrimSpace(line[:i])
		}
		if line != "" {
			words = append(words, line)
			groups = append(groups, group)
		}
	}
	return words, groups
}
