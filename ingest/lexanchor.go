package ingest

import (
	"regexp/syntax"
	"unicode"
	"unicode/utf8"
)

// alternativeAnchors derives the anchors of one lexicon alternative (a
// pattern as compiled into the entry's regexp, "(?i)(?:…)"): literals of
// which every match contains at least one, each with the most bytes a
// match can reach before and after it. Several anchors come only from a
// top-level alternation. ok is false when some match need not contain a
// literal, or the pattern holds assertions (^, $, \b) whose meaning would
// change on a window, or reaches unboundedly across lines.
func alternativeAnchors(pat string) (anchors []lexAnchor, ok bool) {
	re, err := syntax.Parse(pat, syntax.Perl)
	if err != nil {
		return nil, false
	}
	re = re.Simplify()
	if hasAssertion(re) {
		return nil, false
	}
	return requiredLiterals(re)
}

func requiredLiterals(re *syntax.Regexp) ([]lexAnchor, bool) {
	if re.Op == syntax.OpCapture {
		return requiredLiterals(re.Sub[0])
	}
	if re.Op == syntax.OpAlternate {
		var all []lexAnchor
		for _, sub := range re.Sub {
			as, ok := requiredLiterals(sub)
			if !ok {
				return nil, false
			}
			all = append(all, as...)
		}
		return all, true
	}
	// A sequence of parts: take the longest run of adjacent literals.
	parts := flattenConcat(re, nil)
	bestFrom, bestTo, bestLen := 0, 0, 0
	for i := 0; i < len(parts); {
		if parts[i].Op != syntax.OpLiteral {
			i++
			continue
		}
		j, n := i, 0
		for ; j < len(parts) && parts[j].Op == syntax.OpLiteral; j++ {
			n += len(parts[j].Rune)
		}
		if n > bestLen {
			bestFrom, bestTo, bestLen = i, j, n
		}
		i = j
	}
	if bestLen == 0 {
		return nil, false
	}
	var lit []rune
	for _, p := range parts[bestFrom:bestTo] {
		lit = append(lit, p.Rune...)
	}
	a := lexAnchor{
		lit:     foldString(string(lit)),
		before:  maxBytesAll(parts[:bestTo]),
		after:   maxBytesAll(parts[bestTo:]),
		oneLine: !matchesNewline(re),
	}
	if (a.before < 0 || a.after < 0) && !a.oneLine {
		return nil, false
	}
	return []lexAnchor{a}, true
}

// flattenConcat lists the parts of a concatenation, looking through
// captures (which do not change what matches).
func flattenConcat(re *syntax.Regexp, out []*syntax.Regexp) []*syntax.Regexp {
	switch re.Op {
	case syntax.OpConcat:
		for _, sub := range re.Sub {
			out = flattenConcat(sub, out)
		}
	case syntax.OpCapture:
		out = flattenConcat(re.Sub[0], out)
	default:
		out = append(out, re)
	}
	return out
}

func hasAssertion(re *syntax.Regexp) bool {
	switch re.Op {
	case syntax.OpBeginLine, syntax.OpEndLine, syntax.OpBeginText, syntax.OpEndText,
		syntax.OpWordBoundary, syntax.OpNoWordBoundary:
		return true
	}
	for _, sub := range re.Sub {
		if hasAssertion(sub) {
			return true
		}
	}
	return false
}

func maxBytesAll(parts []*syntax.Regexp) int {
	total := 0
	for _, p := range parts {
		n := maxBytes(p)
		if n < 0 {
			return -1
		}
		total += n
	}
	return total
}

// maxBytes is the longest text in bytes re can match, -1 when unbounded.
// A rune that matches case-insensitively counts with its longest folding.
func maxBytes(re *syntax.Regexp) int {
	switch re.Op {
	case syntax.OpLiteral:
		n := 0
		for _, r := range re.Rune {
			if re.Flags&syntax.FoldCase != 0 {
				n += maxFoldLen(r)
			} else {
				n += runeLen(r)
			}
		}
		return n
	case syntax.OpCharClass:
		if len(re.Rune) == 0 {
			return 0
		}
		return runeLen(re.Rune[len(re.Rune)-1])
	case syntax.OpAnyChar, syntax.OpAnyCharNotNL:
		return utf8.UTFMax
	case syntax.OpCapture:
		return maxBytes(re.Sub[0])
	case syntax.OpConcat:
		return maxBytesAll(re.Sub)
	case syntax.OpAlternate:
		m := 0
		for _, sub := range re.Sub {
			n := maxBytes(sub)
			if n < 0 {
				return -1
			}
			m = max(m, n)
		}
		return m
	case syntax.OpQuest:
		return maxBytes(re.Sub[0])
	case syntax.OpRepeat:
		n := maxBytes(re.Sub[0])
		if n < 0 || re.Max < 0 {
			return -1
		}
		return n * re.Max
	case syntax.OpStar, syntax.OpPlus:
		return -1
	}
	return 0 // empty match and assertions
}

// runeLen is the UTF-8 length of r; a regexp reads an invalid byte as
// utf8.RuneError, so its length is at most that.
func runeLen(r rune) int {
	if n := utf8.RuneLen(r); n > 0 {
		return n
	}
	return utf8.UTFMax
}

func maxFoldLen(r rune) int {
	n := runeLen(r)
	for f := unicode.SimpleFold(r); f != r; f = unicode.SimpleFold(f) {
		n = max(n, runeLen(f))
	}
	return n
}

// matchesNewline reports whether re can match a text containing '\n'.
func matchesNewline(re *syntax.Regexp) bool {
	switch re.Op {
	case syntax.OpAnyChar:
		return true
	case syntax.OpLiteral:
		for _, r := range re.Rune {
			if r == '\n' {
				return true
			}
		}
	case syntax.OpCharClass:
		for i := 0; i+1 < len(re.Rune); i += 2 {
			if re.Rune[i] <= '\n' && '\n' <= re.Rune[i+1] {
				return true
			}
		}
	}
	for _, sub := range re.Sub {
		if matchesNewline(sub) {
			return true
		}
	}
	return false
}
