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
type wordTokenizer struct{}

func (wordTokenizer) Tokenize(input []byte) analysis.TokenStream {
	// about one token per seven bytes of Swedish text
	out := make(analysis.TokenStream, 0, len(input)/7+1)
	slab := make([]analysis.Token, 0, len(input)/7+1)
	pos := 0
	start := -1
	numeric := true
	emit := func(end int) {
		typ := analysis.AlphaNumeric
		if numeric {
			typ = analysis.Numeric
		}
		pos++
		slab = append(slab, analysis.Token{Start: start, End: end, Term: input[start:end], Position: pos, Type: typ})
		out = append(out, &slab[len(slab)-1])
		start, numeric = -1, true
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
