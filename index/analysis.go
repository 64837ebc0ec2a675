package index

import (
	"fmt"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/lang/sv"
	"github.com/blevesearch/bleve/v2/analysis/token/lowercase"
	"github.com/blevesearch/bleve/v2/analysis/tokenizer/unicode"
	"github.com/blevesearch/bleve/v2/registry"
)

// Analyzer names registered with bleve by this package.
const (
	// AnalyzerText is the Swedish analyzer for running text: inflected
	// forms and compound parts of a word share a term.
	AnalyzerText = "projektsok_sv"
	// AnalyzerFolded is AnalyzerText with å/ä/ö (and other diacritics)
	// folded after stemming, so "sokandelots" finds "sökandelots".
	AnalyzerFolded = "projektsok_sv_fold"
)

// registerErr records a failed registration in init; Open reports it.
var registerErr error

func init() {
	for name, ctor := range map[string]registry.AnalyzerConstructor{
		AnalyzerText:   textAnalyzer,
		AnalyzerFolded: foldedAnalyzer,
	} {
		if err := registry.RegisterAnalyzer(name, ctor); err != nil {
			registerErr = fmt.Errorf("register analyzer %s: %w", name, err)
		}
	}
}

func textAnalyzer(_ map[string]interface{}, cache *registry.Cache) (analysis.Analyzer, error) {
	tok, err := cache.TokenizerNamed(unicode.Name)
	if err != nil {
		return nil, err
	}
	var filters []analysis.TokenFilter
	for _, name := range []string{lowercase.Name, sv.StopName, sv.SnowballStemmerName} {
		f, err := cache.TokenFilterNamed(name)
		if err != nil {
			return nil, err
		}
		filters = append(filters, f)
	}
	return &analysis.DefaultAnalyzer{Tokenizer: tok, TokenFilters: filters}, nil
}

func foldedAnalyzer(config map[string]interface{}, cache *registry.Cache) (analysis.Analyzer, error) {
	a, err := textAnalyzer(config, cache)
	if err != nil {
		return nil, err
	}
	d := a.(*analysis.DefaultAnalyzer)
	d.TokenFilters = append(d.TokenFilters, foldFilter{})
	return d, nil
}
