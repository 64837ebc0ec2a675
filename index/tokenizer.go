package index

import (
	"unicode"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/analysis"
)

// wordTokenizer splits text into runs of letters and digits (combining
// marks stay with their letter). It is what the Swedish analyzers need from
// a tokenizer, at a fraction of the cost of full Unicode word
// segmentation, which was a tenth of the ingest CPU: Swedish words are
// letter runs; hyphens, slashes and punctuation separate them either way.
// Unlike Unicode segmentation it also splits "1,5" and "don't", which
// matters to nobody searching ESF reports.
//
// References are also kept whole: runs with digits joined by ':' or '/'
// ("2019:24" in SOU 2019:24, "2004/05:22", "2017/00123", "Fi2025/01705")
// give, besides their parts, one token for the whole reference, lower-cased
// by the filter like any word, at the position of its first part: the
// reference as typed finds exactly the documents that carry it, and its
// parts still match as words.
type wordTokenizer struct{}

func (wordTokenizer) Tokenize(input []byte) analysis.TokenStream {
	// about one token per seven bytes of Swedish text
	out := make(analysis.TokenStream, 0, len(input)/7+1)
	slab := make([]analysis.Token, 0, len(input)/7+1)
	pos := 0
	start := -1
	numeric := true
	digits := false // the current run has a digit
	// the reference being read: where it starts, its first position, its
	// parts so far; and whether the previous run joins the next one
	refStart, refPos, refParts, joined := -1, 0, 0, false
	endRef := func(end int) {
		if refParts >= 2 {
			slab = append(slab, analysis.Token{Start: refStart, End: end, Term: input[refStart:end], Position: refPos, Type: analysis.AlphaNumeric})
			out = append(out, &slab[len(slab)-1])
		}
		refStart, refParts = -1, 0
	}
	emit := func(end int) {
		typ := analysis.AlphaNumeric
		if numeric {
			typ = analysis.Numeric
		}
		pos++
		slab = append(slab, analysis.Token{Start: start, End: end, Term: input[start:end], Position: pos, Type: typ})
		out = append(out, &slab[len(slab)-1])
		if digits && joined {
			refParts++
		} else if digits {
			refStart, refPos, refParts = start, pos, 1
		} else {
			refParts = 0
		}
		// a run with a digit, then ':' or '/' and a digit: the reference goes on
		joined = digits && end+1 < len(input) && (input[end] == ':' || input[end] == '/') && input[end+1] >= '0' && input[end+1] <= '9'
		if !joined && refParts > 0 {
			endRef(end)
		}
		start, numeric, digits = -1, true, false
	}
	for i := 0; i < len(input); {
		c := input[i]
		var r rune
		w := 1
		if c < utf8.RuneSelf {
			r = rune(c)
		} else {
			r, w = utf8.DecodeRune(input[i:])
		}
		switch {
		case c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= utf8.RuneSelf && (unicode.IsLetter(r) || start >= 0 && unicode.Is(unicode.Mn, r)):
			if start < 0 {
				start = i
			}
			numeric = false
		case c >= '0' && c <= '9' || c >= utf8.RuneSelf && unicode.IsDigit(r):
			if start < 0 {
				start = i
			}
			digits = true
		default:
			if start >= 0 {
				emit(i)
			}
		}
		i += w
	}
	if start >= 0 {
		emit(len(input))
	}
	return out
}
