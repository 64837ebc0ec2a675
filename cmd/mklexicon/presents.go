package main

import (
	"fmt"
	"os"
	"strings"

	"projektsok/index"
)

// linkPresents gives the present tense of a strong verb, which the
// dictionary lists as a stem of its own (driver/AE beside driva/EGL,
// dricker/Y beside dricka, förutsätter/Y beside förutsätta), the reading
// of the verb as well: a stem X+er is a form of X+a when X+a is a verb
// (its flags make verb or passive forms: j, K–N, m, R) whose own affixes
// make no present tense (neither X+er nor X+ar is a form of it: dumper
// is no form of dumpa, whose present is dumpar). The stem keeps its
// own reading (the noun driver); the verb's is another reading of the
// form (LexOther). It returns how many were linked.
func (lx *lexicon) linkPresents(stems []stem, verbose bool) int {
	flags := map[string]string{} // lowercase stem -> the flags of its entries
	for _, s := range stems {
		flags[s.word] += s.flags
	}
	n := 0
	for _, s := range stems {
		x, ok := strings.CutSuffix(s.word, "er")
		if !ok || s.name || s.plural || len([]rune(x)) < 2 {
			continue
		}
		verb := x + "a"
		f, ok := flags[verb]
		if !ok || !strings.ContainsAny(f, "jKLMNmR") || lx.hasReading(s.word, verb) || lx.hasReading(x+"ar", verb) {
			continue
		}
		// class j: Hunspell-sv's mark of verbs, which the
		// dictionary's flags of some (dricka/ABEGJRY) lack
		lx.add(s.word, reading{base: verb, roles: index.LexWord, class: "j"})
		n++
		if verbose {
			fmt.Fprintf(os.Stderr, "present: %s -> %s\n", s.word, verb)
		}
	}
	return n
}

// hasReading reports whether form is a form of base.
func (lx *lexicon) hasReading(form, base string) bool {
	for _, r := range lx.forms[form] {
		if r.base == base && r.roles&index.LexWord != 0 {
			return true
		}
	}
	return false
}
