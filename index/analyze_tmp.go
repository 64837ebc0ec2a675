package index

import "fmt"

// Token is one analyzed term with its byte offsets in the input.
// TEMPORARY: replaced by the Swedish analysis branch.
type Token struct {
	Term       string
	Start, End int
	Position   int
}

// Analyze runs a registered analyzer over text.
func Analyze(analyzer, text string) ([]Token, error) {
	m, err := Mapping()
	if err != nil {
		return nil, err
	}
	a := m.AnalyzerNamed(analyzer)
	if a == nil {
		return nil, fmt.Errorf("no analyzer %q", analyzer)
	}
	ts := a.Analyze([]byte(text))
	out := make([]Token, len(ts))
	for i, t := range ts {
		out[i] = Token{Term: string(t.Term), Start: t.Start, End: t.End, Position: t.Position}
	}
	return out, nil
}
