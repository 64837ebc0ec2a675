package index

import (
	"bufio"
	"bytes"
	_ "embed"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"sync"
	"unicode/utf8"

	"github.com/blevesearch/vellum"
)

// The Swedish lexicon: every word form of the Swedish Hunspell dictionary
// (hunspell-sv 7.5.0, LGPL-3; see data/README.md and data/LICENSE-sv_lexicon),
// expanded with the dictionary's own affix rules by cmd/mklexicon, mapped to
// its base form, with the compound positions the dictionary allows it in.
//
// It is a vellum FST from the lowercased form to a packed value: how to
// turn the form into its base form as a word and as a compound part (an
// index into a table of "strip n letters, add s" transforms, so the same
// value serves every word of a paradigm and the FST shares their
// endings), the form's roles (LexWord, LexBegin, ...), its inflection
// class and, for a form of several words (LexOther: hemliga, of hemliga
// and hemlig), which of a few hundred sets of other readings it has. 1.5 million forms take about 4 MB and are not decoded: lookups
// walk the FST in place.
//
//go:embed data/sv_lexicon.bin
var lexiconBin []byte

// Roles of a lexicon form.
const (
	LexWord        = 1 << iota // a word on its own (not only inside compounds)
	LexBegin                   // may begin a compound (COMPOUNDBEGIN)
	LexMiddle                  // may be inside a compound (COMPOUNDMIDDLE)
	LexEnd                     // may end a compound (its stem has COMPOUNDEND)
	LexStem                    // a dictionary entry as written: a base form
	LexVowelPlural             // a form of a vowel-changing plural (böcker: bok)
	LexName                    // a form of a name: its dictionary entry is capitalised (Gävleborg, Skolverket)
	LexOther                   // a form of other words too: its other bases are in the lexicon's table of readings (hemliga: hemlig)
)

// LexTransform turns a form into its base: strip Strip letters (runes)
// from the end and add Add.
type LexTransform struct {
	Strip int
	Add   string
}

// MakeLexTransform returns the transform from form to base.
func MakeLexTransform(form, base string) LexTransform {
	f, b := []rune(form), []rune(base)
	k := 0
	for k < len(f) && k < len(b) && f[k] == b[k] {
		k++
	}
	return LexTransform{Strip: len(f) - k, Add: string(b[k:])}
}

// apply returns the base of form (or of its folded spelling, with the
// transform's letters folded).
func (t LexTransform) apply(form string, fold bool) string {
	if t.Strip == 0 && t.Add == "" {
		return form
	}
	end := len(form)
	for n := 0; n < t.Strip && end > 0; n++ {
		_, w := utf8.DecodeLastRuneInString(form[:end])
		end -= w
	}
	add := t.Add
	if fold {
		add = foldSwedish(add)
	}
	return form[:end] + add
}

// LexEntry is one form of the lexicon as cmd/mklexicon writes it.
type LexEntry struct {
	Form  string
	Word  int // transform to its base as a word (if Roles has LexWord)
	Comp  int // transform to its base as a compound part (LexBegin/LexMiddle)
	Roles uint8
	Class int          // its inflection class (index into the class table)
	Alts  []LexReading // its other readings as a word (Roles then has LexOther)
}

// LexReading is another reading of a form: the transform to its base and the
// base's inflection class.
type LexReading struct{ Word, Class int }

// Value bits: word transform 12, compound transform 12, roles 8, class
// 12, other readings 20 (an index into the table of sets of readings).
const (
	lexTransformBits = 12
	lexClassBits     = 12
	lexOtherBits     = 20
	lexOtherShift    = 2*lexTransformBits + 8 + lexClassBits
	lexMagic         = "PSLEX2\n"
)

func (e LexEntry) value(otherSet int) uint64 {
	return uint64(e.Word) | uint64(e.Comp)<<lexTransformBits | uint64(e.Roles)<<(2*lexTransformBits) |
		uint64(e.Class)<<(2*lexTransformBits+8) | uint64(otherSet)<<lexOtherShift
}

// EncodeLexicon writes the lexicon: the transforms, the classes, the
// distinct sets of other readings (a form's value names its set, so the
// table is a few hundred sets, not a map of forms), and the FST of
// entries (sorted by Form).
func EncodeLexicon(w io.Writer, transforms []LexTransform, classes []string, entries []LexEntry) error {
	if len(transforms) >= 1<<lexTransformBits || len(classes) >= 1<<lexClassBits {
		return fmt.Errorf("lexicon: %d transforms, %d classes: too many", len(transforms), len(classes))
	}
	var hdr bytes.Buffer
	hdr.WriteString(lexMagic)
	var tmp [binary.MaxVarintLen64]byte
	putU := func(v uint64) { hdr.Write(tmp[:binary.PutUvarint(tmp[:], v)]) }
	putS := func(s string) { putU(uint64(len(s))); hdr.WriteString(s) }
	putU(uint64(len(transforms)))
	for _, t := range transforms {
		putU(uint64(t.Strip))
		putS(t.Add)
	}
	putU(uint64(len(classes)))
	for _, c := range classes {
		putS(c)
	}
	setOf := make([]int, len(entries)) // entry -> its set of other readings (0: none)
	setID := map[string]int{}
	var sets [][]LexReading
	for i, e := range entries {
		if (len(e.Alts) > 0) != (e.Roles&LexOther != 0) || len(e.Alts) > maxOtherReadings {
			return fmt.Errorf("lexicon: %q: other readings and LexOther disagree, or too many", e.Form)
		}
		if len(e.Alts) == 0 {
			continue
		}
		key := fmt.Sprint(e.Alts)
		id, ok := setID[key]
		if !ok {
			for _, a := range e.Alts {
				if a.Word >= len(transforms) || a.Class >= len(classes) {
					return fmt.Errorf("lexicon: %q: no transform %d or class %d", e.Form, a.Word, a.Class)
				}
			}
			sets = append(sets, e.Alts)
			id = len(sets)
			setID[key] = id
		}
		setOf[i] = id
	}
	if len(sets) >= 1<<lexOtherBits {
		return fmt.Errorf("lexicon: %d sets of other readings: too many", len(sets))
	}
	putU(uint64(len(sets)))
	for _, set := range sets {
		putU(uint64(len(set)))
		for _, a := range set {
			putU(uint64(a.Word))
			putU(uint64(a.Class))
		}
	}
	var fst bytes.Buffer
	b, err := vellum.New(&fst, nil)
	if err != nil {
		return err
	}
	for i, e := range entries {
		if err := b.Insert([]byte(e.Form), e.value(setOf[i])); err != nil {
			return fmt.Errorf("lexicon: %q: %w", e.Form, err)
		}
	}
	if err := b.Close(); err != nil {
		return err
	}
	putU(uint64(fst.Len()))
	if _, err := w.Write(hdr.Bytes()); err != nil {
		return err
	}
	_, err = w.Write(fst.Bytes())
	return err
}

// lexicon is the decoded lexicon.
type lexicon struct {
	fst        *vellum.FST
	transforms []LexTransform
	classes    []string
	others     [][]lexAlt // the sets of other readings; a form's value names its set (1-based)
}

// maxOtherReadings bounds the other readings of one form.
const maxOtherReadings = 16

var lex struct {
	once sync.Once
	l    *lexicon
	err  error
}

func loadLexicon() (*lexicon, error) {
	lex.once.Do(func() { lex.l, lex.err = decodeLexicon(lexiconBin) })
	return lex.l, lex.err
}

func decodeLexicon(data []byte) (*lexicon, error) {
	if !bytes.HasPrefix(data, []byte(lexMagic)) {
		return nil, errors.New("swedish lexicon: bad header")
	}
	r := bufio.NewReader(bytes.NewReader(data[len(lexMagic):]))
	getU := func() uint64 { v, _ := binary.ReadUvarint(r); return v }
	getS := func() string {
		n := getU()
		b := make([]byte, n)
		_, _ = io.ReadFull(r, b)
		return string(b)
	}
	l := &lexicon{}
	nt := getU()
	if nt >= 1<<lexTransformBits {
		return nil, errors.New("swedish lexicon: bad transform table")
	}
	for i := uint64(0); i < nt; i++ {
		k := getU()
		l.transforms = append(l.transforms, LexTransform{Strip: int(k), Add: getS()})
	}
	nc := getU()
	if nc >= 1<<lexClassBits {
		return nil, errors.New("swedish lexicon: bad class table")
	}
	for i := uint64(0); i < nc; i++ {
		l.classes = append(l.classes, getS())
	}
	ns := getU()
	if ns >= 1<<lexOtherBits || ns > uint64(len(data)) {
		return nil, errors.New("swedish lexicon: bad table of readings")
	}
	l.others = make([][]lexAlt, ns+1) // set 0: none
	flat := make([]lexAlt, 0, ns+ns/8)
	for i := uint64(1); i <= ns; i++ {
		k := getU()
		if k == 0 || k > maxOtherReadings {
			return nil, errors.New("swedish lexicon: bad table of readings")
		}
		start := len(flat)
		for range k {
			t, c := getU(), getU()
			if t >= nt || c >= nc {
				return nil, errors.New("swedish lexicon: bad table of readings")
			}
			flat = append(flat, lexAlt{word: uint16(t), class: uint16(c)})
		}
		l.others[i] = flat[start:len(flat):len(flat)]
	}
	n := getU()
	off := len(data) - int(n)
	if n == 0 || off < len(lexMagic) {
		return nil, errors.New("swedish lexicon: truncated")
	}
	fst, err := vellum.Load(data[off:])
	if err != nil {
		return nil, fmt.Errorf("swedish lexicon: %w", err)
	}
	l.fst = fst
	return l, nil
}

// lexAlt is another reading of a form: its transform and class.
type lexAlt struct{ word, class uint16 }

// lexValue is a decoded FST value.
type lexValue uint64

func (v lexValue) roles() uint8 { return uint8(v >> (2 * lexTransformBits)) }
func (v lexValue) is(role uint8) bool {
	return v.roles()&role != 0
}
func (v lexValue) wordT() int { return int(v & (1<<lexTransformBits - 1)) }
func (v lexValue) compT() int { return int(v >> lexTransformBits & (1<<lexTransformBits - 1)) }
func (v lexValue) class() int { return int(v >> (2*lexTransformBits + 8) & (1<<lexClassBits - 1)) }
func (v lexValue) otherSet() int {
	return int(v >> lexOtherShift & (1<<lexOtherBits - 1))
}

// otherReadings returns the other readings of a form found with value v.
func (l *lexicon) otherReadings(v lexValue) []lexAlt {
	if !v.is(LexOther) || v.otherSet() >= len(l.others) {
		return nil
	}
	return l.others[v.otherSet()]
}

// get looks up a form.
func (l *lexicon) get(form string) (lexValue, bool) {
	v, ok, err := l.fst.Get([]byte(form))
	return lexValue(v), ok && err == nil
}

// noAddr is vellum's dead state.
const noAddr = 1

// wordBase returns the base of a form found with value v (folded: the
// form is folded, and so is the base).
func (l *lexicon) wordBase(form string, v lexValue, fold bool) string {
	return l.transforms[v.wordT()].apply(form, fold)
}

// wordBases calls fn with every base of a form (as written) found with
// value v as a word: first its base (wordBase), then its other readings'
// (LexOther: hemliga is a form of hemliga and of hemlig).
func (l *lexicon) wordBases(form string, v lexValue, fn func(base string)) {
	if !v.is(LexWord) {
		return
	}
	fn(l.wordBase(form, v, false))
	for _, a := range l.otherReadings(v) {
		fn(l.transforms[a.word].apply(form, false))
	}
}

// altBases returns the other bases of a form found with value v (LexOther),
// as written, without the base wordBase gives; with nounlike, only those
// that are no verb's (a compound's head: sökandelotsar is no form of a
// verb sökandelotsa though lotsar is one of lotsa).
func (l *lexicon) altBases(form string, v lexValue, nounlike bool) []string {
	if !v.is(LexWord) || !v.is(LexOther) {
		return nil
	}
	as := l.otherReadings(v)
	out := make([]string, 0, len(as))
	for _, a := range as {
		if nounlike && isVerbClass(l.classes[a.class]) {
			continue
		}
		out = append(out, l.transforms[a.word].apply(form, false))
	}
	return out
}

func (l *lexicon) compBase(form string, v lexValue, fold bool) string {
	return l.transforms[v.compT()].apply(form, fold)
}

// prefixHit is a lexicon form that begins a string: its length in bytes
// and its value.
type prefixHit struct {
	n int
	v lexValue
}

// formsAt returns the lexicon forms that begin w[i:] and may be compound
// parts there, shortest first: of at least minPartRunes letters, leaving
// nothing or at least minPartRunes letters after them.
//
// Walking the FST allocates (vellum decodes every state it passes into a
// new value), and compound splitting walks from every position of every
// new word, so the answer is cached per suffix: the parts of compounds
// recur (-marknadspolitiken, -verksamheten), and a cached suffix costs one
// map look-up and no allocation.
func (l *lexicon) formsAt(w string, i int) []prefixHit {
	return prefixCache.get(w[i:], l.walkPrefixes)
}

// prefixCache holds formsAt's answers for 262,144 suffixes.
var prefixCache = wordCache[[]prefixHit]{perShard: cacheShardMax}

func fnv32(s string) uint32 {
	var h uint32 = 2166136261
	for i := 0; i < len(s); i++ {
		h = (h ^ uint32(s[i])) * 16777619
	}
	return h
}

// walkPrefixes walks the FST along w once (see formsAt), asking whether a
// state is final only where a part may end.
func (l *lexicon) walkPrefixes(w string) []prefixHit {
	var hits []prefixHit
	left := utf8.RuneCountInString(w)
	addr := l.fst.Start()
	var sum uint64
	runes := 0
	for j := 0; j < len(w); j++ {
		var v uint64
		addr, v = l.fst.AcceptWithVal(addr, w[j])
		if addr == noAddr {
			break
		}
		sum += v
		if j+1 < len(w) && !utf8.RuneStart(w[j+1]) {
			continue
		}
		runes++
		if rest := left - runes; runes < minPartRunes || rest > 0 && rest < minPartRunes &&
			!(rest == minPartRunes-1 && j > 0 && w[j] == w[j-1] && isConsonant(w[j])) {
			continue // (a double consonant may start the next part too: natt|tåg in nattåg)
		}
		if ok, fv := l.fst.IsMatchWithVal(addr); ok {
			hits = append(hits, prefixHit{n: j + 1, v: lexValue(sum + fv)})
		}
	}
	return hits
}

// foldedForms calls fn for every form of the lexicon whose folded
// spelling is the folded word w (sokandelots: sökandelots), at most max.
func (l *lexicon) foldedForms(w string, max int, fn func(form string, v lexValue)) {
	n := 0
	var buf []byte
	var walk func(addr int, i int, sum uint64)
	walk = func(addr int, i int, sum uint64) {
		if n >= max {
			return
		}
		if i == len(w) {
			if ok, fv := l.fst.IsMatchWithVal(addr); ok {
				n++
				fn(string(buf), lexValue(sum+fv))
			}
			return
		}
		c := w[i]
		// the letter itself
		if a, v := l.fst.AcceptWithVal(addr, c); a != noAddr {
			buf = append(buf, c)
			walk(a, i+1, sum+v)
			buf = buf[:len(buf)-1]
		}
		// letters with diacritics that fold to it; most share their
		// first byte (0xC3 for à…ö), and each step of vellum's
		// AcceptWithVal decodes and allocates a state: the step on a
		// first byte is taken once (lead, leadAddr, leadSum)
		lead, leadAddr, leadSum := -1, noAddr, uint64(0)
		for _, r := range unfold[rune(c)] {
			var enc [4]byte
			k := utf8.EncodeRune(enc[:], r)
			if int(enc[0]) != lead {
				var v uint64
				lead = int(enc[0])
				leadAddr, v = l.fst.AcceptWithVal(addr, enc[0])
				leadSum = sum + v
			}
			a, s := leadAddr, leadSum
			for x := 1; x < k && a != noAddr; x++ {
				var v uint64
				a, v = l.fst.AcceptWithVal(a, enc[x])
				s += v
			}
			if a != noAddr {
				buf = append(buf, enc[:k]...)
				walk(a, i+1, s)
				buf = buf[:len(buf)-k]
			}
		}
	}
	walk(l.fst.Start(), 0, 0)
}

// LexForm is one form of the lexicon, for measuring (cmd/recall).
type LexForm struct {
	Form, Base, CompBase string
	Roles                uint8
	Class                string
	Alts                 []string // its other bases as a word (LexOther)
}

// EachLexiconForm calls fn with every form of the lexicon, in byte order.
func EachLexiconForm(fn func(LexForm)) error {
	return eachLexiconForm(loadLexicon, fn)
}

// eachLexiconForm is EachLexiconForm with the lexicon from load.
func eachLexiconForm(load func() (*lexicon, error), fn func(LexForm)) error {
	l, err := load()
	if err != nil {
		return err
	}
	it, err := l.fst.Iterator(nil, nil)
	for err == nil {
		k, v := it.Current()
		fn(l.form(string(k), lexValue(v)))
		err = it.Next()
	}
	if errors.Is(err, vellum.ErrIteratorDone) {
		return nil
	}
	return err
}

// LookupLexicon returns the lexicon's entry for the lowercased form.
func LookupLexicon(form string) (LexForm, bool) {
	l, err := loadLexicon()
	if err != nil {
		return LexForm{}, false
	}
	v, ok := l.get(form)
	if !ok {
		return LexForm{}, false
	}
	return l.form(form, v), true
}

func (l *lexicon) form(k string, v lexValue) LexForm {
	f := LexForm{Form: k, Roles: v.roles(), Class: l.classes[v.class()]}
	if v.is(LexWord) {
		f.Base = l.wordBase(k, v, false)
		f.Alts = l.altBases(k, v, false)
	}
	if v.is(LexBegin | LexMiddle) {
		f.CompBase = l.compBase(k, v, false)
	}
	return f
}
