package index

import (
	"fmt"
	"strings"

	_ "github.com/blevesearch/bleve/v2/analysis/analyzer/custom" // the "custom" analyzer type
	"github.com/blevesearch/bleve/v2/analysis/token/lowercase"
	"github.com/blevesearch/bleve/v2/analysis/tokenizer/unicode"
	"github.com/blevesearch/bleve/v2/mapping"
	index "github.com/blevesearch/bleve_index_api"
)

type indexField = index.Field

// AnalyzerWords splits text into lower-cased, unstemmed words.
const AnalyzerWords = "projektsok_words"

func addCustomAnalyzers(m *mapping.IndexMappingImpl) error {
	err := m.AddCustomAnalyzer(AnalyzerWords, map[string]interface{}{
		"type":          "custom",
		"tokenizer":     unicode.Name,
		"token_filters": []string{lowercase.Name},
	})
	if err != nil {
		return fmt.Errorf("words analyzer: %w", err)
	}
	return nil
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
