package ingest

import (
	"regexp"
	"unicode"
	"unicode/utf8"
)

// Case-insensitive literal search with the semantics of a Go regexp's (?i):
// a rune there matches every rune of its case-folding orbit
// (unicode.SimpleFold), so "k" also matches the Kelvin sign K and "s" the
// long s ſ. foldKey maps every rune of an orbit to one representative, so
// two runes match under (?i) exactly when their fold keys are equal.

// foldTableSize covers ASCII and the Latin, Greek and Cyrillic blocks
// (every rune encoded in one or two UTF-8 bytes); other runes are folded
// on the fly.
const foldTableSize = 0x800

// foldTable and wordTable hold foldKey and isWordRune for small runes.
// They are built by a variable initializer (not init) because other
// package variables fold literals while they are initialized.
var foldTable, wordTable = buildFoldTables()

func buildFoldTables() (fold *[foldTableSize]rune, word *[foldTableSize]bool) {
	fold, word = new([foldTableSize]rune), new([foldTableSize]bool)
	for r := rune(0); r < foldTableSize; r++ {
		fold[r] = foldKeySlow(r)
		word[r] = isWordRuneSlow(r)
	}
	return fold, word
}

// foldKey returns the representative of r's case-folding orbit: the lower
// case of its smallest member.
func foldKey(r rune) rune {
	if r >= 0 && r < foldTableSize {
		return foldTable[r]
	}
	return foldKeySlow(r)
}

func foldKeySlow(r rune) rune {
	m := r
	for f := unicode.SimpleFold(r); f != r; f = unicode.SimpleFold(f) {
		m = min(m, f)
	}
	return unicode.ToLower(m)
}

// isWordRune reports whether r is a letter or digit in the sense of the
// lexicon's whole-word boundary [^\p{L}\p{N}] under (?i): a Go regexp
// closes the class under case folding, so r counts as a word rune when any
// member of its orbit is a letter or number.
func isWordRune(r rune) bool {
	if r >= 0 && r < foldTableSize {
		return wordTable[r]
	}
	return isWordRuneSlow(r)
}

func isWordRuneSlow(r rune) bool {
	if unicode.IsLetter(r) || unicode.IsNumber(r) {
		return true
	}
	for f := unicode.SimpleFold(r); f != r; f = unicode.SimpleFold(f) {
		if unicode.IsLetter(f) || unicode.IsNumber(f) {
			return true
		}
	}
	return false
}

// foldString returns s with every rune replaced by its fold key.
func foldString(s string) string {
	b := make([]byte, 0, len(s))
	for _, r := range s {
		b = utf8.AppendRune(b, foldKey(r))
	}
	return string(b)
}

// litScanner finds all occurrences of a fixed set of literals in one pass
// over a text (an Aho–Corasick automaton compiled to a DFA over byte
// classes). The literals are stored as fold keys (foldString) and the text
// is folded rune by rune while it is scanned, so a literal is found
// wherever a (?i) regexp would match it.
type litScanner struct {
	class [256]uint8 // byte of folded text → column; 0 for bytes in no literal
	ncls  int
	// next is the transition table: next[state*ncls+class].
	next []int32
	// out lists, per state, the ids of the literals that end there
	// (including those reached through failure links).
	out [][]int
}

// newLitScanner compiles the literals (already fold keys; empty ones never
// match). A literal's id is its index in lits.
func newLitScanner(lits []string) *litScanner {
	s := &litScanner{ncls: 1}
	for _, l := range lits {
		for i := 0; i < len(l); i++ {
			if s.class[l[i]] == 0 {
				s.class[l[i]] = uint8(s.ncls)
				s.ncls++
			}
		}
	}
	// The trie: child[state][class], -1 for none.
	child := [][]int32{s.newRow()}
	s.out = [][]int{nil}
	for id, l := range lits {
		if l == "" {
			continue
		}
		st := int32(0)
		for i := 0; i < len(l); i++ {
			c := s.class[l[i]]
			if child[st][c] < 0 {
				child[st][c] = int32(len(child))
				child = append(child, s.newRow())
				s.out = append(s.out, nil)
			}
			st = child[st][c]
		}
		s.out[st] = append(s.out[st], id)
	}
	// Breadth first: a state's failure link is the longest proper suffix
	// of its string that is also in the trie; missing transitions follow
	// the failure link's.
	s.next = make([]int32, len(child)*s.ncls)
	fail := make([]int32, len(child))
	queue := make([]int32, 0, len(child))
	for c := 0; c < s.ncls; c++ {
		if u := child[0][c]; u >= 0 {
			s.next[c] = u
			queue = append(queue, u)
		}
	}
	for len(queue) > 0 {
		st := queue[0]
		queue = queue[1:]
		for c := 0; c < s.ncls; c++ {
			u := child[st][c]
			if u < 0 {
				s.next[int(st)*s.ncls+c] = s.next[int(fail[st])*s.ncls+c]
				continue
			}
			fail[u] = s.next[int(fail[st])*s.ncls+c]
			s.out[u] = append(s.out[u], s.out[fail[u]]...)
			s.next[int(st)*s.ncls+c] = u
			queue = append(queue, u)
		}
	}
	return s
}

func (s *litScanner) newRow() []int32 {
	row := make([]int32, s.ncls)
	for i := range row {
		row[i] = -1
	}
	return row
}

// scan calls hit for every occurrence of a literal in text, in order of
// the occurrences' ends, with the literal's id and the byte offset in text
// just after the occurrence. Scanning stops early when hit returns false.
func (s *litScanner) scan(text string, hit func(id, end int) bool) {
	st := int32(0)
	var buf [utf8.UTFMax]byte
	for i := 0; i < len(text); {
		if c := text[i]; c < utf8.RuneSelf {
			st = s.next[int(st)*s.ncls+int(s.class[foldTable[c]])]
			i++
		} else {
			r, size := utf8.DecodeRuneInString(text[i:])
			n := utf8.EncodeRune(buf[:], foldKey(r))
			for _, b := range buf[:n] {
				st = s.next[int(st)*s.ncls+int(s.class[b])]
			}
			i += size
		}
		for _, id := range s.out[st] {
			if !hit(id, i) {
				return
			}
		}
	}
}

// prefixedRegexp finds the leftmost match of a pattern that looks at no
// text outside its match (no ^, $ or \b) and whose every match starts with
// one of a few literals (under (?i)): the pattern is run anchored only
// where the scanner finds a literal, instead of scanning the whole text.
type prefixedRegexp struct {
	at      *regexp.Regexp // the pattern anchored with \A
	runes   []int          // rune count of each literal
	scanner *litScanner
}

// newPrefixedRegexp compiles pattern (which must satisfy the above) with
// its literal prefixes. No literal may occur inside another, so that the
// scanner reports occurrences in the order of their starts
// (TestPrefixedRegexps checks this).
func newPrefixedRegexp(pattern string, prefixes ...string) *prefixedRegexp {
	p := &prefixedRegexp{at: regexp.MustCompile(`\A(?:` + pattern + `)`)}
	lits := make([]string, len(prefixes))
	for i, l := range prefixes {
		lits[i] = foldString(l)
		p.runes = append(p.runes, utf8.RuneCountInString(l))
	}
	p.scanner = newLitScanner(lits)
	return p
}

// FindStringSubmatchIndex is the same as the unanchored pattern's.
func (p *prefixedRegexp) FindStringSubmatchIndex(s string) []int {
	var m []int
	p.scanner.scan(s, func(id, end int) bool {
		// The occurrence is the runes[id] runes before end: the scanner
		// folded each rune of the text to one rune of the literal.
		start := end
		for range p.runes[id] {
			_, size := utf8.DecodeLastRuneInString(s[:start])
			start -= size
		}
		if m = p.at.FindStringSubmatchIndex(s[start:]); m != nil {
			m = offsetIndex(m, start)
			return false
		}
		return true
	})
	return m
}

// FindStringSubmatch is the same as the unanchored pattern's.
func (p *prefixedRegexp) FindStringSubmatch(s string) []string {
	m := p.FindStringSubmatchIndex(s)
	if m == nil {
		return nil
	}
	out := make([]string, len(m)/2)
	for i := range out {
		if m[2*i] >= 0 {
			out[i] = s[m[2*i]:m[2*i+1]]
		}
	}
	return out
}
