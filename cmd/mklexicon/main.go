// Command mklexicon builds the Swedish lexicon of the projektsok analyzers,
// index/data/sv_lexicon.bin, from the Swedish Hunspell dictionary (Debian
// package hunspell-sv, LGPL-3): every word form the dictionary's affix
// rules generate, mapped to its base form, with the compound positions the
// dictionary allows it in. See index/data/README.md.
//
//	apt-get install hunspell-sv
//	go run ./cmd/mklexicon -aff /usr/share/hunspell/sv_SE.aff -dic /usr/share/hunspell/sv_SE.dic -out index/data/sv_lexicon.bin
//
// The output is deterministic: the same dictionary gives the same bytes.
//
// What it does beyond expanding the affix rules:
//   - forms that exist only inside compounds (flag ONLYINCOMPOUND: arbets-,
//     kyrko-, skol-) are linked to the word they stand for (arbete, kyrka,
//     skola) by reversing the dictionary's own compound-forming suffixes;
//   - vowel-changing plurals, which the dictionary lists as stems of their
//     own (bostäder beside bostad, böcker beside bok), are linked to their
//     singular by a vowel-change rule (see plurals.go), checked against the
//     dictionary: both are stems, the plural's flags are those of a plural
//     and the singular has no regular plural. A plural found only inside
//     compounds (storstäder: no städer) is given to the head (stad) when
//     the compound pairs agree.
//   - a form several stems make keeps the base of each: one is its base
//     (the form's own entry, else a noun, else the shortest), the others
//     its other readings (LexOther: hemliga is hemliga and hemlig, tunga
//     tunga and tung), but for readings that are chance (otherReadings).
//   - Forbidden words (FORBIDDENWORD) and forms with other characters than
//     letters are left out; everything is lowercased.
package main

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"slices"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"projektsok/index"
)

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "mklexicon:", err)
		os.Exit(1)
	}
}

func run() error {
	affPath := flag.String("aff", "/usr/share/hunspell/sv_SE.aff", "Hunspell affix file")
	dicPath := flag.String("dic", "/usr/share/hunspell/sv_SE.dic", "Hunspell dictionary file")
	out := flag.String("out", "index/data/sv_lexicon.bin", "output lexicon")
	verbose := flag.Bool("v", false, "print the linked plurals and compound forms")
	flag.Parse()

	af, err := os.Open(*affPath)
	if err != nil {
		return err
	}
	defer af.Close()
	aff, err := readAff(af)
	if err != nil {
		return fmt.Errorf("%s: %w", *affPath, err)
	}
	df, err := os.Open(*dicPath)
	if err != nil {
		return err
	}
	defer df.Close()
	dic, err := readDic(df)
	if err != nil {
		return fmt.Errorf("%s: %w", *dicPath, err)
	}
	lx := build(aff, dic, *verbose)
	data, err := lx.encode()
	if err != nil {
		return err
	}
	if err := os.WriteFile(*out, data, 0o644); err != nil {
		return err
	}
	fmt.Fprintf(os.Stderr, "%d dictionary entries, %d forms, %d transforms, %d classes, %d plurals and %d present tenses linked -> %s (%d bytes)\n",
		len(dic), len(lx.forms), len(lx.transforms), len(lx.classes), lx.linked, lx.presents, *out, len(data))
	return nil
}

// isWord reports whether s is a run of letters (what the tokenizer keeps
// together).
func isWord(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if !unicode.IsLetter(r) {
			return false
		}
	}
	return true
}

// reading is one way a form is read: as a form of a base, in some roles.
type reading struct {
	base  string
	roles uint8
	class string
	own   bool // the form is the base's own dictionary entry
	noun  bool // the base is a noun
	vowel bool // a form of a vowel-changing plural linked to base
	name  bool // the stem is a name (capitalised in the dictionary)
}

// derivedClass is the inflection class given to a derived word: agent
// nouns in -are inflect like ägare (E, J), -ande nouns like a neuter (C,
// F), -an nouns (samverkan) take the class of a noun without plural (D),
// -isk adjectives have none here.
func derivedClass(base string) string {
	switch {
	case strings.HasSuffix(base, "are") || strings.HasSuffix(base, "re"):
		return "EJ"
	case strings.HasSuffix(base, "nde"):
		return "CF"
	case strings.HasSuffix(base, "an"):
		return "D"
	}
	return ""
}

type lexicon struct {
	forms      map[string][]reading
	transforms []index.LexTransform
	tindex     map[index.LexTransform]int
	classes    []string
	cindex     map[string]int
	linked     int
	presents   int             // strong verbs' present tenses linked (linkPresents)
	nouns      map[string]bool // noun stems
}

// stem is a dictionary entry prepared for expansion.
type stem struct {
	word   string // lowercased
	flags  string
	base   string // what its forms are forms of
	class  string // its inflection classes
	plural bool   // a vowel-changing plural linked to base
	comp   string // what it stands for in a compound, if not base (läns-: län)
	name   bool   // capitalised in the dictionary: a name (Gävleborg, Skolverket)
}

func build(aff *affFile, dic []dicEntry, verbose bool) *lexicon {
	has := func(flags string, f rune) bool { return f != 0 && strings.ContainsRune(flags, f) }
	// inflection classes: suffix classes that do not make compound forms
	compoundClass := map[rune]bool{}
	for fl, c := range aff.classes {
		for _, r := range c.rules {
			if has(r.cont, aff.begin) || has(r.cont, aff.middle) || has(r.cont, aff.onlyInComp) {
				compoundClass[fl] = true
			}
		}
	}
	// a stem's class: its inflection classes, and the flags the
	// compound rules use to mark verbs (j) and adjectives (k)
	classOf := func(flags string) string {
		var rs []rune
		for _, f := range flags {
			if c := aff.classes[f]; c != nil && !compoundClass[f] || f == 'j' || f == 'k' {
				rs = append(rs, f)
			}
		}
		sort.Slice(rs, func(i, j int) bool { return rs[i] < rs[j] })
		return string(rs)
	}
	var stems []stem
	for _, e := range dic {
		if has(e.flags, aff.forbidden) {
			continue
		}
		w := strings.ToLower(e.word)
		if !isWord(w) {
			continue
		}
		first, _ := utf8.DecodeRuneInString(e.word)
		stems = append(stems, stem{word: w, flags: e.flags, base: w, class: classOf(e.flags), name: unicode.IsUpper(first)})
	}
	linkCompoundForms(aff, stems, compoundClass, verbose)
	lx := &lexicon{forms: map[string][]reading{}, tindex: map[index.LexTransform]int{}, cindex: map[string]int{}}
	lx.linked = linkPlurals(aff, &stems, verbose)
	lx.nouns = map[string]bool{}
	for _, s := range stems {
		if isNounClass(s.class) {
			lx.nouns[s.word] = true
		}
	}

	for i := range stems {
		s := &stems[i]
		stemZ := has(s.flags, aff.onlyInComp)
		aff.expand(i, dicEntry{word: s.word, flags: s.flags}, func(f form) {
			if !isWord(f.text) {
				return
			}
			z := has(f.flags, aff.onlyInComp) || stemZ
			var roles uint8
			if !z {
				roles |= index.LexWord
				if has(s.flags, aff.end) {
					roles |= index.LexEnd
				}
			}
			if has(f.flags, aff.begin) {
				roles |= index.LexBegin
			}
			if has(f.flags, aff.middle) {
				roles |= index.LexMiddle
			}
			if f.bare && !s.plural && s.base == s.word {
				roles |= index.LexStem
			}
			if s.plural {
				roles |= index.LexVowelPlural
			}
			if roles == 0 {
				return
			}
			base, class := s.base, s.class
			if f.deriv != "" && !s.plural {
				// a derived word: its own base, and (for nouns in
				// -are/-ande) a noun's class
				base = strings.ToLower(f.deriv)
				class = "A" + derivedClass(base)
				roles &^= index.LexStem
			}
			if s.comp != "" && roles&(index.LexBegin|index.LexMiddle) != 0 {
				lx.add(strings.ToLower(f.text), reading{base: s.comp, roles: roles & (index.LexBegin | index.LexMiddle), class: class, noun: true})
				roles &^= index.LexBegin | index.LexMiddle
				if roles == 0 {
					return
				}
			}
			lx.add(strings.ToLower(f.text), reading{base: base, roles: roles, class: class, own: f.bare && s.base == s.word, noun: isNounClass(class), name: s.name && !s.plural, vowel: s.plural})
		})
	}
	lx.presents = lx.linkPresents(stems, verbose)
	return lx
}

func (lx *lexicon) add(text string, r reading) {
	rs := lx.forms[text]
	for i := range rs {
		if rs[i].base == r.base {
			rs[i].roles |= r.roles
			rs[i].own = rs[i].own || r.own
			if r.noun && !rs[i].noun || rs[i].class == "" {
				// skola the noun and skola the verb: the noun's class
				rs[i].class = r.class
			}
			rs[i].noun = rs[i].noun || r.noun
			// a name only if every entry that makes the form is one
			// (Bo and bo: not a name)
			rs[i].name = rs[i].name && r.name
			return
		}
	}
	lx.forms[text] = append(rs, r)
}

// better orders readings for the base a form gets: the form's own entry
// first (planet is a word, not plan + -et), then nouns (deltagarna:
// deltagare, not the verb deltaga), then a linked vowel-changing plural
// (bröder: broder, not bröd), then the shortest base (lagar: lag
// before laga), then alphabetically.
func better(a, b reading) bool {
	if a.own != b.own {
		return a.own
	}
	if a.noun != b.noun {
		return a.noun
	}
	if a.vowel != b.vowel {
		// a plural the dictionary lists with its vowel changed, over
		// a form another stem's affixes make alike (bröder: broder,
		// not bröd + -er)
		return a.vowel
	}
	la, lb := utf8.RuneCountInString(a.base), utf8.RuneCountInString(b.base)
	if la != lb {
		return la < lb
	}
	return a.base < b.base
}

// otherReadings returns the readings of form k as a word other than
// word, the one chosen (better orders them): transforms to their bases and
// their classes: a form of several words is a form of each of them (hemliga of
// hemlig and of the entry hemliga, tunga of tung and of the noun tunga,
// samlade of samla and of samlad), so that each finds it. Left out: a
// name's reading (a word is no form of a name because the letters agree),
// any other reading of a name's form (Boden, the town, is no form of bod:
// the corpus writes Boden 36 times, boden never) and any other reading of
// a linked vowel-changing plural (bröder is broder's, not bröd + -er;
// nätter natt's, not nät + -ter: the link was checked, the affix's making
// of the same letters is chance). A reading as a noun (or a word without
// adjective or verb forms) counts only when the form is its base with an
// ending (barns: barn, miljoner: miljon, planet: plan): the noun rules
// that change a base's end make other words' letters by chance (ta is no
// form of tum, andra none of andrum, by the Latin -um: -a of studium:
// studia; sju none of sjua), while an adjective's and a verb's forms
// change their end by rule (öppen: öppna; leda: lett).
func (lx *lexicon) otherReadings(k string, rs []reading, word reading) []index.LexReading {
	if word.vowel || word.name {
		return nil
	}
	others := make([]reading, 0, len(rs))
	for _, r := range rs {
		if r.roles&index.LexWord == 0 || r.base == word.base || r.name || r.vowel {
			continue
		}
		if !strings.ContainsAny(r.class, "KLMNOPQjmk") && !strings.HasPrefix(k, r.base) {
			continue
		}
		others = append(others, r)
	}
	sort.Slice(others, func(i, j int) bool { return better(others[i], others[j]) })
	var out []index.LexReading
	for _, r := range others {
		out = append(out, index.LexReading{Word: lx.transform(k, r.base), Class: lx.class(r.class)})
	}
	return out
}

func (lx *lexicon) transform(from, to string) int {
	t := index.MakeLexTransform(from, to)
	id, ok := lx.tindex[t]
	if !ok {
		id = len(lx.transforms)
		lx.transforms = append(lx.transforms, t)
		lx.tindex[t] = id
	}
	return id
}

func (lx *lexicon) class(c string) int {
	id, ok := lx.cindex[c]
	if !ok {
		id = len(lx.classes)
		lx.classes = append(lx.classes, c)
		lx.cindex[c] = id
	}
	return id
}

// isName reports whether a form is a name's: every reading of it as a word
// comes from an entry the dictionary capitalises (Gävleborg; not borg,
// the noun, nor Bo beside bo).
func (lx *lexicon) isName(form string) bool {
	name := false
	for _, r := range lx.forms[form] {
		if r.roles&index.LexWord != 0 {
			if !r.name {
				return false
			}
			name = true
		}
	}
	return name
}

// encode chooses each form's word and compound-part readings and writes
// the lexicon (index.EncodeLexicon).
func (lx *lexicon) encode() ([]byte, error) {
	lx.transform("", "") // id 0: the form is its own base
	lx.class("")
	keys := make([]string, 0, len(lx.forms))
	for k := range lx.forms {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	entries := make([]index.LexEntry, 0, len(keys))
	for _, k := range keys {
		rs := lx.forms[k]
		var word, comp *reading
		for i := range rs {
			r := &rs[i]
			if r.roles&index.LexWord != 0 && (word == nil || better(*r, *word)) {
				word = r
			}
			if r.roles&(index.LexBegin|index.LexMiddle) != 0 && (comp == nil || better(*r, *comp)) {
				comp = r
			}
		}
		var alts []index.LexReading
		if word != nil {
			alts = lx.otherReadings(k, rs, *word)
		}
		if word != nil && !word.noun && strings.HasSuffix(word.base, "a") && lx.nouns[strings.TrimSuffix(word.base, "a")] &&
			strings.HasPrefix(k, strings.TrimSuffix(word.base, "a")) {
			// a noun's forms listed under a verb entry in -a (avgifter,
			// avgifterna under avgifta/ADfHmNPvY): the noun (avgift),
			// which is then no other reading of the form
			w := *word
			w.base = strings.TrimSuffix(word.base, "a")
			w.noun = true
			word = &w
			alts = slices.DeleteFunc(alts, func(a index.LexReading) bool { return lx.transforms[a.Word] == index.MakeLexTransform(k, w.base) })
		}
		if word != nil && word.roles&(index.LexBegin|index.LexMiddle) != 0 {
			comp = word
		}
		if word != nil && comp != nil && comp != word && word.noun && !comp.noun {
			// företags-: the noun företag, not the verb företaga
			c := *comp
			c.base = word.base
			comp = &c
		}
		e := index.LexEntry{Form: k}
		if word != nil {
			e.Roles |= word.roles & (index.LexWord | index.LexEnd | index.LexStem | index.LexVowelPlural)
			if lx.isName(k) {
				e.Roles |= index.LexName
			}
			e.Word = lx.transform(k, word.base)
			e.Class = lx.class(word.class)
			if len(alts) > 0 {
				e.Alts = alts
				e.Roles |= index.LexOther
			}
		}
		if comp != nil {
			e.Roles |= comp.roles & (index.LexBegin | index.LexMiddle)
			e.Comp = lx.transform(k, comp.base)
			if word == nil {
				e.Class = lx.class(comp.class)
			}
		}
		entries = append(entries, e)
	}
	var buf bytes.Buffer
	if err := index.EncodeLexicon(&buf, lx.transforms, lx.classes, entries); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}
