package index

import (
	"fmt"
	"strings"

	"github.com/blevesearch/bleve/v2/analysis"
	_ "github.com/blevesearch/bleve/v2/analysis/analyzer/custom" // the "custom" analyzer type
	"github.com/blevesearch/bleve/v2/analysis/token/lowercase"
	"github.com/blevesearch/bleve/v2/analysis/tokenizer/single"
	"github.com/blevesearch/bleve/v2/analysis/tokenizer/unicode"
	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/registry"
	index "github.com/blevesearch/bleve_index_api"
)

type indexField = index.Field

// AnalyzerKeywordFold treats the whole value as one term, lower-cased and
// folded, for case- and diacritic-insensitive field:value matching.
const AnalyzerKeywordFold = "projektsok_keyword_fold"

const foldFilterName = "projektsok_fold"

func init() {
	if err := registry.RegisterTokenFilter(foldFilterName, func(map[string]interface{}, *registry.Cache) (analysis.TokenFilter, error) {
		return foldFilter{}, nil
	}); err != nil {
		registerErr = fmt.Errorf("register token filter %s: %w", foldFilterName, err)
	}
}

// AnalyzerWords splits text into lower-cased, unstemmed words.
const AnalyzerWords = "projektsok_words"

func addCustomAnalyzers(m *mapping.IndexMappingImpl) error {
	err := m.AddCustomAnalyzer(AnalyzerKeywordFold, map[string]interface{}{
		"type":          "custom",
		"tokenizer":     single.Name,
		"token_filters": []string{lowercase.Name, foldFilterName},
	})
	if err != nil {
		return fmt.Errorf("keyword analyzer: %w", err)
	}
	err = m.AddCustomAnalyzer(AnalyzerWords, map[string]interface{}{
		"type":          "custom",
		"tokenizer":     unicode.Name,
		"token_filters": []string{lowercase.Name},
	})
	if err != nil {
		return fmt.Errorf("words analyzer: %w", err)
	}
	return nil
}

// foldFilter replaces each token's term with Fold(term).
type foldFilter struct{}

func (foldFilter) Filter(in analysis.TokenStream) analysis.TokenStream {
	for _, t := range in {
		if f := Fold(string(t.Term)); f != string(t.Term) {
			t.Term = []byte(f)
		}
	}
	return in
}

// Fold lower-cases s and maps Swedish and other Latin diacritics to ASCII:
// "Övertorneå" becomes "overtornea". It is how values typed without å/ä/ö
// are matched.
func Fold(s string) string {
	return foldSwedish(strings.ToLower(s))
}

// isLockTimeout recognises bolt's lock timeout, which bleve does not wrap.
func isLockTimeout(err error) bool {
	return err != nil && strings.Contains(err.Error(), "timeout")
}
