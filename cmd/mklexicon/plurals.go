package main

import (
	"fmt"
	"os"
	"sort"
	"strings"
)

// linkCompoundForms gives each entry that exists only inside compounds
// (arbets/UXZ, kyrko/UXZ, skol/hsZ) the word it stands for as its base:
// the word that one of the dictionary's compound-forming suffixes turns
// into it (arbete -e+s, kyrka -a+o, skola -a), or failing that a word it
// is a linking form of (flick: flicka).
func linkCompoundForms(aff *affFile, stems []stem, compoundClass map[rune]bool, verbose bool) {
	words := map[string]bool{}
	nouns := map[string]bool{}
	for _, s := range stems {
		if !strings.ContainsRune(s.flags, aff.onlyInComp) {
			words[s.word] = true
			if inflectsAsNoun(s.class) {
				nouns[s.word] = true
			}
		}
	}
	// agent nouns the T class derives (lära: lärare) are nouns too
	for _, s := range stems {
		if strings.ContainsRune(s.flags, 'T') && strings.HasSuffix(s.word, "a") {
			words[s.word+"re"] = true
			nouns[s.word+"re"] = true
		}
	}
	var flags []rune
	for f := range compoundClass {
		flags = append(flags, f)
	}
	sort.Slice(flags, func(i, j int) bool { return flags[i] < flags[j] })
	for i := range stems {
		s := &stems[i]
		// a stem in -s that may begin compounds but not end them, whose
		// -s-less form is a noun, is that noun's linking form when it
		// begins a compound (läns/DGX: län, for länsstyrelse)
		if q, ok := strings.CutSuffix(s.word, "s"); ok && nouns[q] && !strings.ContainsRune(s.flags, aff.end) &&
			(strings.ContainsRune(s.flags, aff.begin) || strings.ContainsRune(s.flags, aff.middle)) {
			s.comp = q
			if verbose {
				fmt.Fprintf(os.Stderr, "linking form %s -> %s\n", s.word, q)
			}
		}
		// a stem without inflection whose compound-forming suffixes
		// make a noun's linking forms (ränt/Ay: ränte-, for ränta)
		if s.comp == "" && strings.Trim(s.class, "A") == "" {
			for _, f := range s.flags {
				if !compoundClass[f] {
					continue
				}
				for _, v := range []string{"a", "e"} {
					if nouns[s.word+v] {
						s.comp = s.word + v
					}
				}
			}
		}
		if !strings.ContainsRune(s.flags, aff.onlyInComp) || words[s.word] {
			continue
		}
		// every word a compound-forming suffix turns into it; nouns
		// first (arbets: arbete, not the verb arbeta)
		found := ""
		for _, f := range flags {
			c := aff.classes[f]
			for k := range c.rules {
				r := &c.rules[k]
				if !c.suffix || !strings.HasSuffix(s.word, r.add) {
					continue
				}
				cand := s.word[:len(s.word)-len(r.add)] + r.strip
				if w, ok := r.apply(cand, true); !ok || w != s.word || !words[cand] {
					continue
				}
				if found == "" || nouns[cand] && !nouns[found] {
					found = cand
				}
			}
		}
		if found == "" {
			found = linkingBase(s.word, words)
		}
		if found != "" {
			s.base = found
			if verbose {
				fmt.Fprintf(os.Stderr, "compound form %s -> %s\n", s.word, found)
			}
		}
	}
}

// linkingBase returns the word w is a linking form of (a dropped final
// vowel, -o/-u/-e for -a, a linking -s or -e), or "".
func linkingBase(w string, words map[string]bool) string {
	var cands []string
	cands = append(cands, w+"a", w+"e")
	if n := len(w); n > 3 {
		switch w[n-1] {
		case 'o', 'u', 'e':
			cands = append(cands, w[:n-1]+"a")
		case 's':
			cands = append(cands, w[:n-1], w[:n-1]+"e")
		}
	}
	for _, c := range cands {
		if words[c] {
			return c
		}
	}
	return ""
}

// Vowel-changing plurals.
//
// The dictionary lists a plural with a changed vowel as a stem of its own
// (böcker/AJY beside bok/ADXY, bostäder/AJY beside bostad/ADfvY,
// män/AFY beside man/ABFTY), with no link between them. linkPlurals links
// such a plural to its singular when
//   - the plural's inflection classes are only plural ones (J: -erna,
//     -ernas, F/D: definite forms) and
//   - undoing the vowel change (ä→a/å, ö→o/u/å), the doubled consonant
//     (böcker: bok, fötter: fot, möss: mus) and the plural ending (-er,
//     -ar, -rar for -er: döttrar: dotter) gives a stem that inflects as a
//     singular noun (definite forms, or only the genitive: moder/AvX for
//     mödrar) and has no regular plural of its own; -er may also stand for
//     a final -e (bönder: bonde), and -der- for the -r of the contracted
//     kinship nouns (farbröder: farbror, as bröder: broder);
//   - the plural is no regular plural of another stem (gränder: gränd).
//     Where another stem's affixes make the same form (bröder: bröd/ABDHXY
//     with H), the linked plural is the form's reading (broder; better).
//
// A plural the dictionary knows only inside compounds (storstäder,
// bostäder, but no städer) is given to the head the compounds share:
// storstad/storstäder and stad make städer a plural of stad.
func linkPlurals(aff *affFile, stems *[]stem, verbose bool) int {
	byWord := map[string][]int{}
	for i, s := range *stems {
		byWord[s.word] = append(byWord[s.word], i)
	}
	singular := func(w string) bool {
		for _, i := range byWord[w] {
			st := &(*stems)[i]
			c := st.class
			if st.name || strings.ContainsRune(st.flags, aff.onlyInComp) {
				continue
			}
			if strings.ContainsAny(c, "BCDE") && !strings.ContainsAny(c, "GHI") || c == "A" {
				return true
			}
		}
		return false
	}
	pluralOnly := func(s *stem) bool {
		if s.class == "" || strings.ContainsRune(s.flags, aff.onlyInComp) {
			return false
		}
		for _, c := range s.class {
			if !strings.ContainsRune("AJFDb", c) {
				return false
			}
		}
		return strings.ContainsAny(s.word, "äö")
	}
	n := 0
	type pair struct{ plural, singular string }
	var pairs []pair
	for i := range *stems {
		s := &(*stems)[i]
		if !pluralOnly(s) {
			continue
		}
		endless := !strings.HasSuffix(s.word, "er") && !strings.HasSuffix(s.word, "ar")
		if endless && !strings.HasSuffix(s.word, "ss") && !strings.HasSuffix(s.word, "män") {
			// without an ending only män and möss, gäss, löss: not
			// börd, drägg, svär, gärde
			continue
		}
		if regularPlural(s.word, func(w string) bool { _, ok := byWord[w]; return ok }) {
			continue // gränder: gränd, vänner: vän
		}
		for _, c := range singularCandidates(s.word) {
			if c != s.word && singular(c) {
				s.base, s.plural = c, true
				n++
				pairs = append(pairs, pair{s.word, c})
				if verbose {
					fmt.Fprintf(os.Stderr, "plural %s -> %s\n", s.word, c)
				}
				break
			}
		}
	}
	// Heads whose plural the dictionary lists only in compounds.
	heads := map[string]string{} // plural head -> singular head
	var headFlags = map[string]string{}
	for _, p := range pairs {
		// longest common prefix, in bytes, ending on a rune boundary
		k := 0
		for k < len(p.plural) && k < len(p.singular) && p.plural[k] == p.singular[k] {
			k++
		}
		for k > 0 && k < len(p.plural) && p.plural[k]&0xC0 == 0x80 {
			k--
		}
		// the compound's first part must be a word (stor|städer, bo|städer)
		if k < 2 || len(p.plural)-k < 2 {
			continue
		}
		// the head: the longest proper final part of the singular that
		// is a singular noun and starts within the shared prefix
		ph, sh := "", ""
		for j := 1; j <= k; j++ {
			if p.singular[j]&0xC0 == 0x80 {
				continue
			}
			if singular(p.singular[j:]) {
				ph, sh = p.plural[j:], p.singular[j:]
				break
			}
		}
		if ph == "" {
			continue
		}
		if _, known := byWord[ph]; known || !singular(sh) {
			continue
		}
		if _, dup := heads[ph]; !dup {
			heads[ph] = sh
			for _, i := range byWord[p.plural] {
				headFlags[ph] = (*stems)[i].flags
			}
		}
	}
	var phs []string
	for ph := range heads {
		phs = append(phs, ph)
	}
	sort.Strings(phs)
	for _, ph := range phs {
		fl := headFlags[ph]
		*stems = append(*stems, stem{word: ph, flags: fl, base: heads[ph], class: "AJ", plural: true})
		n++
		if verbose {
			fmt.Fprintf(os.Stderr, "plural head %s -> %s\n", ph, heads[ph])
		}
	}
	return n
}

// regularPlural reports whether p is a plural with an ending and no vowel
// change of a singular noun (gränder: gränd, vänner: vän).
func regularPlural(p string, singular func(string) bool) bool {
	for _, e := range []string{"er", "ar", "or", "r"} {
		if core, ok := strings.CutSuffix(p, e); ok {
			if singular(core) {
				return true
			}
			if rs := []rune(core); len(rs) > 2 && rs[len(rs)-1] == rs[len(rs)-2] && singular(string(rs[:len(rs)-1])) {
				return true
			}
		}
	}
	return false
}

// singularCandidates returns the words a vowel-changing plural may be the
// plural of, most likely first.
func singularCandidates(p string) []string {
	var cores []string
	switch {
	case strings.HasSuffix(p, "rar"):
		cores = append(cores, strings.TrimSuffix(p, "rar")+"er", strings.TrimSuffix(p, "ar"))
	case strings.HasSuffix(p, "er"):
		cores = append(cores, strings.TrimSuffix(p, "er"), strings.TrimSuffix(p, "r"), p)
	case strings.HasSuffix(p, "ar"):
		cores = append(cores, strings.TrimSuffix(p, "ar"))
	}
	cores = append(cores, p)
	var out []string
	seen := map[string]bool{}
	add := func(s string) {
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	for _, c := range cores {
		rs := []rune(c)
		// the last umlaut
		at := -1
		for i := len(rs) - 1; i >= 0; i-- {
			if rs[i] == 'ä' || rs[i] == 'ö' {
				at = i
				break
			}
		}
		if at < 0 {
			continue
		}
		var vowels []rune
		ss := strings.HasSuffix(p, "ss") // möss: mus, gäss: gås, löss: lus
		switch {
		case rs[at] == 'ä' && ss:
			vowels = []rune{'å', 'a'}
		case rs[at] == 'ä':
			vowels = []rune{'a', 'å'}
		case ss:
			vowels = []rune{'u', 'o', 'å'}
		default:
			vowels = []rune{'o', 'u', 'å'}
		}
		for _, v := range vowels {
			r2 := append([]rune(nil), rs...)
			r2[at] = v
			d := degeminate(r2, at+1)
			if ss && d != "" {
				add(d)
			}
			add(string(r2))
			if c, ok := strings.CutSuffix(string(r2), "der"); ok && (v == 'o' || v == 'a') {
				// the contracted kinship nouns: broder and bror,
				// moder and mor (farbröder: farbror)
				add(c + "r")
			}
			if d != "" {
				add(d)
			}
		}
	}
	return out
}

// degeminate undoes the doubled consonant after position i (fött-: fot,
// böck-: bok, möss: mus); "" if there is none.
func degeminate(rs []rune, i int) string {
	if i+1 >= len(rs) {
		return ""
	}
	a, b := rs[i], rs[i+1]
	if a == 'c' && b == 'k' {
		return string(rs[:i]) + "k" + string(rs[i+2:])
	}
	if a == b && !strings.ContainsRune("aeiouyåäö", a) {
		return string(rs[:i]) + string(a) + string(rs[i+2:])
	}
	return ""
}

// isNounClass reports whether inflection classes are a noun's: a genitive
// (A) and definite or plural forms (B–J), no verb (K, L, M, N, j, m) or
// adjective (O, k) forms.
func isNounClass(c string) bool {
	return strings.ContainsRune(c, 'A') && strings.ContainsAny(c, "BCDEFGHIJ") && !strings.ContainsAny(c, "KLMNOjmk")
}

// inflectsAsNoun reports whether inflection classes include a noun's
// definite or plural forms and no verb or adjective forms (län/BD, which
// isNounClass leaves out for want of a genitive).
func inflectsAsNoun(c string) bool {
	return strings.ContainsAny(c, "BCDEFGHIJ") && !strings.ContainsAny(c, "KLMNOjmk")
}
