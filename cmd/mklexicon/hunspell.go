package main

import (
	"bufio"
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"
)

// A reader of Hunspell dictionaries (.aff/.dic), as much of the format as
// the Swedish dictionary uses: suffix classes (SFX) with strip, add,
// continuation flags and conditions, one-character flags, and the special
// flags for forbidden words, words that need an affix and compound
// positions. Prefixes (PFX) are read and applied the same way; the Swedish
// dictionary has none. COMPOUNDRULE (numbers written in letters) is not
// used.

// affRule is one line of an SFX or PFX class.
type affRule struct {
	strip, add string
	cont       string // continuation flags of the affixed form
	cond       []condChar
}

// condChar is one position of an affix condition: a set of letters, or
// its complement, or any letter.
type condChar struct {
	any, neg bool
	set      string
}

type affClass struct {
	suffix bool
	rules  []affRule
}

// affFile is what the expander needs from an .aff file.
type affFile struct {
	classes                          map[rune]*affClass
	forbidden, needAffix, onlyInComp rune
	begin, middle, end, permit       rune
}

func readAff(r io.Reader) (*affFile, error) {
	a := &affFile{classes: map[rune]*affClass{}}
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	flag := func(f []string) rune {
		if len(f) < 2 {
			return 0
		}
		r, _ := utf8.DecodeRuneInString(f[1])
		return r
	}
	n := 0
	for sc.Scan() {
		n++
		line := sc.Text()
		if i := strings.Index(line, "#"); i == 0 {
			continue
		}
		f := strings.Fields(line)
		if len(f) == 0 {
			continue
		}
		switch f[0] {
		case "SET":
			if len(f) > 1 && f[1] != "UTF-8" {
				return nil, fmt.Errorf("aff line %d: encoding %s: only UTF-8 is read", n, f[1])
			}
		case "FLAG":
			return nil, fmt.Errorf("aff line %d: FLAG %v: only one-character flags are read", n, f[1:])
		case "FORBIDDENWORD":
			a.forbidden = flag(f)
		case "NEEDAFFIX":
			a.needAffix = flag(f)
		case "ONLYINCOMPOUND":
			a.onlyInComp = flag(f)
		case "COMPOUNDBEGIN":
			a.begin = flag(f)
		case "COMPOUNDMIDDLE":
			a.middle = flag(f)
		case "COMPOUNDEND":
			a.end = flag(f)
		case "COMPOUNDPERMITFLAG":
			a.permit = flag(f)
		case "SFX", "PFX":
			if len(f) < 4 {
				return nil, fmt.Errorf("aff line %d: short %s line", n, f[0])
			}
			fl, _ := utf8.DecodeRuneInString(f[1])
			c := a.classes[fl]
			if c == nil {
				// header: SFX flag cross count
				if _, err := strconv.Atoi(f[3]); err != nil {
					return nil, fmt.Errorf("aff line %d: bad %s header", n, f[0])
				}
				a.classes[fl] = &affClass{suffix: f[0] == "SFX"}
				continue
			}
			if len(f) < 5 {
				return nil, fmt.Errorf("aff line %d: short %s rule", n, f[0])
			}
			rule := affRule{strip: f[2], add: f[3]}
			if rule.strip == "0" {
				rule.strip = ""
			}
			if add, cont, ok := strings.Cut(rule.add, "/"); ok {
				rule.add, rule.cont = add, cont
			}
			if rule.add == "0" {
				rule.add = ""
			}
			cond, err := parseCond(f[4])
			if err != nil {
				return nil, fmt.Errorf("aff line %d: %w", n, err)
			}
			rule.cond = cond
			c.rules = append(c.rules, rule)
		}
	}
	return a, sc.Err()
}

func parseCond(s string) ([]condChar, error) {
	if s == "." {
		return nil, nil
	}
	var out []condChar
	for i := 0; i < len(s); {
		switch s[i] {
		case '.':
			out = append(out, condChar{any: true})
			i++
		case '[':
			j := strings.IndexByte(s[i:], ']')
			if j < 0 {
				return nil, fmt.Errorf("condition %q: no ]", s)
			}
			set := s[i+1 : i+j]
			c := condChar{}
			if strings.HasPrefix(set, "^") {
				c.neg, set = true, set[1:]
			}
			c.set = set
			out = append(out, c)
			i += j + 1
		default:
			r, w := utf8.DecodeRuneInString(s[i:])
			out = append(out, condChar{set: string(r)})
			i += w
		}
	}
	return out, nil
}

// matches reports whether the condition holds at the end (suffix) or the
// start (prefix) of word.
func (r *affRule) matches(word string, suffix bool) bool {
	rs := []rune(word)
	if len(rs) < len(r.cond) {
		return false
	}
	off := 0
	if suffix {
		off = len(rs) - len(r.cond)
	}
	for i, c := range r.cond {
		if c.any {
			continue
		}
		in := strings.ContainsRune(c.set, rs[off+i])
		if in == c.neg {
			return false
		}
	}
	return true
}

// apply returns the affixed form of word, or false if the rule does not
// apply.
func (r *affRule) apply(word string, suffix bool) (string, bool) {
	if !r.matches(word, suffix) {
		return "", false
	}
	if suffix {
		if !strings.HasSuffix(word, r.strip) || len(word) == len(r.strip) {
			return "", false
		}
		return word[:len(word)-len(r.strip)] + r.add, true
	}
	if !strings.HasPrefix(word, r.strip) || len(word) == len(r.strip) {
		return "", false
	}
	return r.add + word[len(r.strip):], true
}

// dicEntry is one line of a .dic file.
type dicEntry struct {
	word, flags string
}

func readDic(r io.Reader) ([]dicEntry, error) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	var out []dicEntry
	first := true
	for sc.Scan() {
		line := sc.Text()
		if first {
			first = false
			if _, err := strconv.Atoi(strings.TrimSpace(line)); err == nil {
				continue
			}
		}
		// morphological fields follow a tab or a space
		if i := strings.IndexAny(line, "\t "); i >= 0 {
			line = line[:i]
		}
		if line == "" {
			continue
		}
		word, flags, _ := strings.Cut(line, "/")
		out = append(out, dicEntry{word: word, flags: flags})
	}
	return out, sc.Err()
}

// form is one word form the dictionary accepts.
type form struct {
	text  string
	stem  int    // index of its dictionary entry
	flags string // flags that apply to the form (the stem's for the bare stem, else the affix's continuation flags)
	bare  bool   // the stem itself
	deriv string // for a derived word's form, the derived word (deltagarna: deltagare)
}

// derivedWord returns the citation form of the word an affix rule derives
// from stem word (Swedish: -ande/-ende nouns and participles from verbs,
// the -an nouns class E makes of verbs, and the -are agent nouns and -isk
// adjectives of class T), or "" for an inflection. Derived words keep their own base, apart from the verb:
// deltagare and deltagande are not deltaga.
func derivedWord(flag rune, r *affRule, word string, verb bool) string {
	stem := word[:len(word)-len(r.strip)]
	switch {
	case strings.HasPrefix(r.add, "nde"):
		return stem + "nde"
	case verb && flag == 'E' && strings.HasSuffix(word, "a") && strings.HasPrefix(r.add, "n"):
		// the verbal noun in -an of a verb (samverka: samverkan)
		return stem + "n"
	case flag != 'T':
		return ""
	case strings.HasPrefix(r.add, "isk"):
		return stem + "isk"
	case strings.HasPrefix(r.add, "are"), strings.HasPrefix(r.add, "arn"):
		return stem + "are"
	case strings.HasPrefix(r.add, "re"), strings.HasPrefix(r.add, "rn"):
		return stem + "re"
	}
	return ""
}

// expand calls fn with every form of entry e (index i): the stem itself
// unless it needs an affix, each suffixed and prefixed form, and forms of
// those by their continuation classes (Hunspell's two-fold affixes).
func (a *affFile) expand(i int, e dicEntry, fn func(form)) {
	if !strings.ContainsRune(e.flags, a.needAffix) || a.needAffix == 0 {
		fn(form{text: e.word, stem: i, flags: e.flags, bare: true})
	}
	var walk func(word, flags string, depth int, deriv string)
	walk = func(word, flags string, depth int, deriv string) {
		for _, fl := range flags {
			c := a.classes[fl]
			if c == nil {
				continue
			}
			for k := range c.rules {
				r := &c.rules[k]
				w, ok := r.apply(word, c.suffix)
				if !ok {
					continue
				}
				d := deriv
				if d == "" && c.suffix {
					d = derivedWord(fl, r, word, strings.ContainsAny(e.flags, "jKLMNm"))
				}
				fn(form{text: w, stem: i, flags: r.cont, deriv: d})
				if depth < 1 && r.cont != "" {
					walk(w, r.cont, depth+1, d)
				}
			}
		}
	}
	walk(e.word, e.flags, 0, "")
}
