package index

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/analysis"
	// indexes made before the words analyzer was registered in Go define
	// it in their mapping as a "custom" analyzer; they still open
	_ "github.com/blevesearch/bleve/v2/analysis/analyzer/custom"
	"github.com/blevesearch/bleve/v2/analysis/token/lowercase"
	"github.com/blevesearch/bleve/v2/registry"
	index "github.com/blevesearch/bleve_index_api"
)

type indexField = index.Field

// AnalyzerWords splits text into lower-cased, unstemmed words, leaving
// out stop words and numbers.
const AnalyzerWords = "projektsok_words"

// The words analyzer is the Swedish analyzers' letter-run tokenizer
// (tokenizer.go), lower-casing, and a filter that drops what the exact-form
// bonus never looks for: stop words (queries drop them) and numbers (they
// have no inflections). The query side lower-cases one typed word
// (search/build.go), so both must split words alike. (bleve's Unicode
// tokenizer cost 4 % of the ingest CPU here.)
func init() {
	ctor := func(map[string]interface{}, *registry.Cache) (analysis.Analyzer, error) {
		return &analysis.DefaultAnalyzer{Tokenizer: wordTokenizer{}, TokenFilters: []analysis.TokenFilter{lowercase.NewLowerCaseFilter(), wordsFilter{}}}, nil
	}
	if err := registry.RegisterAnalyzer(AnalyzerWords, ctor); err != nil && registerErr == nil {
		registerErr = fmt.Errorf("register analyzer %s: %w", AnalyzerWords, err)
	}
}

// wordsFilter drops stop words and numbers.
type wordsFilter struct{}

func (wordsFilter) Filter(input analysis.TokenStream) analysis.TokenStream {
	out := input[:0]
	for _, t := range input {
		if t.Type == analysis.Numeric || isStopWord(string(t.Term)) {
			continue
		}
		out = append(out, t)
	}
	return out
}

// MaxWordsBytes bounds the summary text the words field takes (title
// first): the lede is where the very form typed counts, and on a corpus
// without headings the "summary" is the whole text, which made the field
// a fifth of the ingest time.
const MaxWordsBytes = 1000

// Fold lower-cases s and maps Swedish and other Latin diacritics to ASCII:
// "Övertorneå" becomes "overtornea". It is how values typed without å/ä/ö
// are matched.
func Fold(s string) string {
	return foldSwedish(strings.ToLower(s))
}

// AppendFold appends Fold(s) to dst without allocating (when dst has
// room): for scanning many words.
func AppendFold(dst []byte, s string) []byte {
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if 'A' <= c && c <= 'Z' {
				c += 'a' - 'A'
			}
			dst = append(dst, c)
			i++
			continue
		}
		r, w := utf8.DecodeRuneInString(s[i:])
		i += w
		if r < latinEnd {
			dst = append(dst, lowerFoldLatin[r]...)
			continue
		}
		r = unicode.ToLower(r)
		if f, ok := foldTable[r]; ok {
			dst = append(dst, f...)
		} else {
			dst = utf8.AppendRune(dst, r)
		}
	}
	return dst
}

// isLockTimeout recognises bolt's lock timeout, which bleve does not wrap.
func isLockTimeout(err error) bool {
	return err != nil && strings.Contains(err.Error(), "timeout")
}
