package main

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// wordSpec is one measured word and its ground-truth rule (see words.txt).
type wordSpec struct {
	Word      string
	Forms     []string
	Combining []string
	Exclude   []string
}

func parseWords(text string) ([]wordSpec, error) {
	var specs []wordSpec
	for n, line := range strings.Split(text, "\n") {
		if i := strings.IndexByte(line, '#'); i >= 0 {
			line = line[:i]
		}
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		word, rest, ok := strings.Cut(line, ":")
		if !ok {
			return nil, fmt.Errorf("words line %d: no ':'", n+1)
		}
		fields := strings.Split(rest, "|")
		s := wordSpec{Word: strings.TrimSpace(word), Forms: strings.Fields(fields[0])}
		if len(s.Forms) == 0 {
			s.Forms = []string{s.Word}
		}
		if len(fields) > 1 {
			s.Combining = strings.Fields(fields[1])
		}
		if len(s.Combining) == 0 {
			s.Combining = []string{s.Word, s.Word + "s"}
		}
		if len(fields) > 2 {
			s.Exclude = strings.Fields(fields[2])
		}
		specs = append(specs, s)
	}
	return specs, nil
}

// particles are bound prefixes and particles that form derivations or
// lexicalised words (samarbete, förslag, uppdrag, underlag), not compounds
// whose head a searcher means: a token that starts with one directly
// before the word does not count.
var particles = map[string]bool{}

func init() {
	for _, p := range strings.Fields(`sam med för be an upp över under till ut in av på om efter mot
		genom fram bort miss icke åter sär fort vidare ned ner hem bak kring före bi`) {
		particles[p] = true
	}
}

// derivational are suffixes that make a new word from the one before
// (kommun|ist, projekt|ion, stat|istik): a combining form followed by one of
// them is not a compound.
var derivational = strings.Fields(`ist ism ik al ell isk era ering ör ion iv ant ent itet ari
	ande ende are ing ning lig het else skap aktig ös ur`)

func okPrefix(p string) bool {
	return p == "" || (utf8.RuneCountInString(p) >= 3 && !particles[p])
}

// isForm reports whether the lowercased token t is a form of the word as a
// word or compound part, by the dictionary-free rule described in words.txt.
func (s *wordSpec) isForm(t string) bool {
	for _, x := range s.Exclude {
		if exact, ok := strings.CutPrefix(x, "="); ok && t == exact {
			return false
		}
	}
	for _, f := range s.Forms {
		if t == f && !s.excluded(t, 0, len(f)) {
			return true
		}
		if k := len(t) - len(f); k > 0 && strings.HasSuffix(t, f) && okPrefix(t[:k]) && !s.excluded(t, k, len(t)) {
			return true
		}
	}
	for _, c := range s.Combining {
		// A combining form alone is a compound cut short before a
		// hyphen: "arbetsmarknads- och utbildningspolitik".
		if t == c && !s.excluded(t, 0, len(c)) {
			return true
		}
		for k := 0; k < len(t); {
			i := strings.Index(t[k:], c)
			if i < 0 {
				break
			}
			i += k
			k = i + 1
			tail := t[i+len(c):]
			if !okPrefix(t[:i]) || utf8.RuneCountInString(tail) < 3 || s.excluded(t, i, i+len(c)) {
				continue
			}
			derived := false
			for _, d := range derivational {
				if strings.HasPrefix(tail, d) {
					derived = true
					break
				}
			}
			if !derived {
				return true
			}
		}
	}
	return false
}

// excluded reports whether the occurrence t[from:to] of the word overlaps an
// excluded substring: "förslag" excludes the "lag" in "förslag" but not the
// one in "lagförslag".
func (s *wordSpec) excluded(t string, from, to int) bool {
	for _, x := range s.Exclude {
		if strings.HasPrefix(x, "=") {
			continue
		}
		for k := 0; k < len(t); {
			i := strings.Index(t[k:], x)
			if i < 0 {
				break
			}
			i += k
			if i < to && i+len(x) > from {
				return true
			}
			k = i + 1
		}
	}
	return false
}
